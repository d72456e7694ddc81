"""The analyst's loop through the command line: train, eval --coder, extract --coder."""

import json
import shutil

from click.testing import CliRunner

from sitrep.cli import cli, main

from .coded_files import acled_rows, write_acled


def _other_export(path):
    """Rows the model was not trained on: the same kinds of event, other days, places and figures."""
    rows = acled_rows(rows_per_template=2, rare=0)
    for number, row in enumerate(rows):
        row["event_id_cnty"] = f"NEW{number:03d}"
        row["notes"] = row["notes"].replace("March", "April").replace("Tell Warda", "Deir Hanna")
        row["event_date"] = row["event_date"].replace("March", "April")
    return write_acled(path, rows)


def test_train_then_eval_and_extract_with_the_trained_coder(acled_file, learn_home, tmp_path):
    runner = CliRunner()
    trained = runner.invoke(cli, ["train", str(acled_file), "--name", "cli-office", "--test-split", "0.25"])
    assert trained.exit_code == 0, trained.output
    assert "Sexual violence (2)" in trained.output and "5-fold cross-validation" in trained.output
    assert "held-out test split (8 rows)" in trained.output
    assert (learn_home / "models" / "cli-office" / "manifest.json").is_file()

    gold = _other_export(tmp_path / "other-export.csv")
    scores = {}
    for coder in ("rules", "cli-office"):
        result = runner.invoke(cli, ["eval", str(gold), "--format", "acled", "--coder", coder, "--json"])
        assert result.exit_code == 0, result.output
        scores[coder] = json.loads(result.output)["accuracy"]["sub_event_type"]
    assert scores["cli-office"] > scores["rules"]  # the rules know no cue for the invented clashes

    note = tmp_path / "note.txt"
    note.write_text(
        "On 9 May 2021, Dawn Brigades fighters traded fire with the Syrian army outside Ain Jadida, 3 of them died."
    )
    result = runner.invoke(cli, ["extract", "--coder", "cli-office", "--format", "jsonl", str(note)])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.output.splitlines()]
    # the learned alias names the faction; ACLED's order puts the state force first in a battle with it
    assert [(e["sub_event_type"], e["actor1"], e["actor2"], e["coder"]) for e in events] == [
        ("Armed clash", "Military Forces of Syria (2000-2024)", "Free Dawn Brigades", "cli-office")
    ]


def test_eval_on_the_training_file_warns(acled_file, learn_home):
    runner = CliRunner()
    assert runner.invoke(cli, ["train", str(acled_file), "--name", "warned", "--no-resources"]).exit_code == 0
    result = runner.invoke(cli, ["eval", str(acled_file), "--format", "acled", "--coder", "warned"])
    assert result.exit_code == 0 and "not held-out" in result.output


def test_a_corrupted_model_is_one_line_on_the_command_line(acled_file, learn_home, tmp_path, capsys, monkeypatch):
    runner = CliRunner()
    assert runner.invoke(cli, ["train", str(acled_file), "--name", "broken", "--no-resources"]).exit_code == 0
    (learn_home / "models" / "broken" / "vocabulary.json").write_text("[]")
    note = tmp_path / "note.txt"
    note.write_text("Troops shelled a village.")
    monkeypatch.setattr("sys.argv", ["sitrep", "extract", "--coder", "broken", str(note)])
    try:
        main()
    except SystemExit as exit:
        assert exit.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: model ") and "vocabulary.json is corrupted" in err and "\n" not in err
    shutil.rmtree(learn_home / "models" / "broken")


def test_unknown_coders_name_the_trained_ones(learn_home, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Troops shelled a village.")
    result = CliRunner().invoke(cli, ["extract", "--coder", "no-such-model", str(note)])
    assert result.exit_code != 0 and "no coder named 'no-such-model'" in str(result.exception)

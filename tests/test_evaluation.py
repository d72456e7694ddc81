"""`sitrep eval` against hand-made gold in both formats, through the real pipeline."""

import json
from pathlib import Path

from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.evaluation import evaluate, normalise, score
from sitrep.model import Event

FIXTURES = Path(__file__).parent / "fixtures"


def test_case_tsv_scores_sub_types_and_rejects_non_events():
    report = evaluate(FIXTURES / "case_gold.tsv")
    assert report["format"] == "case" and report["rows"] == 3
    assert report["accuracy"]["sub_event_type"] == 1.0
    assert report["confusion"]["(no event)"] == {"(no event)": 1}


def test_acled_export_scores_every_field():
    report = evaluate(FIXTURES / "acled_gold.csv")
    assert report["format"] == "acled"
    accuracy = report["accuracy"]
    assert accuracy["sub_event_type"] == 1.0 and accuracy["event_date"] == 1.0 and accuracy["admin1"] == 1.0
    assert accuracy["fatalities"] == 1.0


def test_scoring_counts_misses_and_normalises_actor_years():
    gold = {"sub_event_type": "Armed clash", "actor1": "Military Forces of Syria (2000-2024)"}
    event = Event(event_id="e", document_id="d", sub_event_type="Attack", actor1="Military Forces of Syria (2000-)")
    report = score([(gold, event), ({"sub_event_type": None}, None)], ("sub_event_type", "actor1"))
    assert report["accuracy"]["sub_event_type"] == 0.5  # the type is wrong, the missed non-event is right
    assert report["accuracy"]["actor1"] == 1.0  # ACLED year spans do not count
    assert report["confusion"]["Armed clash"] == {"Attack": 1}
    assert normalise("fatalities", "3.0") == "3"


def test_eval_command_prints_tables_and_json():
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", str(FIXTURES / "case_gold.tsv"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["accuracy"]["sub_event_type"] == 1.0
    result = runner.invoke(cli, ["eval", str(FIXTURES / "acled_gold.csv")])
    assert result.exit_code == 0, result.output
    assert "sub_event_type" in result.output and "sub-event types" in result.output

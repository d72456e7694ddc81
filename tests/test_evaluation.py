"""`sitrep eval` against hand-made gold in both formats, through the real pipeline."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.errors import InputError
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


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


ACLED_HEADER = "event_id_cnty,event_date,sub_event_type,admin1,fatalities,notes\n"
ROW = 'E{n},2021-03-12,Air/drone strike,Idleb,{f},"On 12 March 2021, warplanes struck Saraqib in Idlib, killing {f} people."\n'


def test_a_bom_prefixed_gold_reads_its_first_column(tmp_path):
    gold = write(tmp_path / "gold.csv", b"\xef\xbb\xbf" + (ACLED_HEADER + ROW.format(n=1, f=4)).encode())
    report = evaluate(gold)
    assert report["rows"] == 1 and report["duplicate_ids"] == [] and report["accuracy"]["fatalities"] == 1.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            (ACLED_HEADER + ROW.format(n=1, f=4)).encode("utf-8") + "E2,2021-03-12,,,0,Caf\xe9\n".encode("latin-1"),
            ":3: not UTF-8 text",
        ),
        (ACLED_HEADER + ROW.format(n=1, f="four"), ":2: fatalities must be a whole number, got 'four'"),
        (ACLED_HEADER + ROW.format(n=1, f="nan") + ROW.format(n=2, f="1e400"), ":2: fatalities must be a whole number"),
        (ACLED_HEADER + 'E1,last week,Attack,Idleb,0,"Gunmen attacked."\n', ":2: event_date 'last week' is not a date"),
        (ACLED_HEADER + "E1,2021-03-12\n", ":2: the row has fewer cells"),
        ("event_id_cnty,fatalities\nE1,3\n", "notes column"),
        ("id\tEventSnippet\n1\tGunmen attacked.\n", "no SubType column"),
        (ACLED_HEADER, "no rows"),
    ],
)
def test_malformed_gold_is_one_error_before_anything_is_coded(tmp_path, monkeypatch, content, message):
    gold = write(tmp_path / "gold.csv", content)
    coded = []
    monkeypatch.setattr("sitrep.pipeline.extract_document", lambda *a, **k: coded.append(a) or [])
    fmt = "case" if "EventSnippet" in str(content) else None
    with pytest.raises(InputError, match=re.escape(message)) as raised:
        evaluate(gold, fmt=fmt)
    assert str(raised.value).startswith(str(gold)) and "\n" not in str(raised.value)
    assert coded == []  # detected before the extraction ran


def test_duplicate_ids_are_scored_row_by_row_and_listed(tmp_path):
    rows = ROW.format(n=1, f=4) + ROW.format(n=1, f=4).replace("Air/drone strike", "Peaceful protest")
    report = evaluate(write(tmp_path / "gold.csv", ACLED_HEADER + rows))
    assert report["rows"] == 2 and report["duplicate_ids"] == ["E1"]
    assert report["accuracy"]["sub_event_type"] == 0.5  # one row right, one wrong: not both the same row


def test_columns_the_gold_lacks_are_not_scored_and_said_so(tmp_path, capsys):
    header = "event_id_cnty,event_date,sub_event_type,admin1,notes\n"
    row = 'E1,2021-03-12,Air/drone strike,Idleb,"On 12 March 2021, warplanes struck Saraqib in Idlib, killing 4."\n'
    gold = write(tmp_path / "gold.csv", header + row)
    report = evaluate(gold)
    assert "fatalities" not in report["accuracy"] and "fatalities" in report["not_scored"]
    result = CliRunner().invoke(cli, ["eval", str(gold), "--json"])
    assert result.exit_code == 0 and "not scored" in result.output

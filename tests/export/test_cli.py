"""`sitrep export` and the filters, through the command line, on invented reports."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

import sitrep
from sitrep.cli import cli
from tests.export.test_acled import ACLED_HEADER
from tests.export.test_ucdp import GED_HEADER

REPORTS = [
    {
        "id": "inv-1",
        "published": "2021-03-15",
        "publisher": "Invented Gazette",
        "text": "Gunmen ambushed an army patrol near the town of Saraqib in Idlib province on Sunday, killing four "
        "soldiers, a local monitor said.\n\nOn Monday, Syrian army artillery shelled the village of Kafr Nubl, "
        "killing two civilians, residents said.",
    },
    {
        "id": "inv-2",
        "published": "2021-03-18",
        "publisher": "Imaginary Wire",
        "text": "Islamic State militants attacked a checkpoint of the Syrian Democratic Forces near the town of "
        "al-Shaddadi in Hasakah province on Wednesday, killing three SDF fighters.",
    },
    {
        "id": "inv-3",
        "published": "2021-03-19",
        "publisher": "Imaginary Wire",
        "text": "Hundreds of people protested peacefully in the city of Daraa on Thursday against rising bread "
        "prices, witnesses said.",
    },
]
EARLIER = {
    "id": "inv-0",
    "published": "2021-03-02",
    "publisher": "Imaginary Wire",
    "text": "Turkish drones struck a car near the town of Tell Tamr in Hasakah province on Monday, killing two "
    "Kurdish fighters.",
}


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def ingest(tmp_path, db: str, *reports: dict) -> None:
    path = tmp_path / f"reports-{reports[0]['id']}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in reports), encoding="utf-8")
    invoke("ingest", "--db", db, str(path))


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'exports.db'}"
    ingest(tmp_path, url, *REPORTS)
    return url


def stored(db: str, *filters: str) -> list[dict]:
    return [json.loads(line) for line in invoke("events", "--db", db, "--format", "jsonl", *filters).splitlines()]


def test_acled_export_reads_back_the_same_events_in_pandas_and_sitrep_eval(db, tmp_path):
    out = tmp_path / "acled.csv"
    invoke("export", "--db", db, "-o", str(out))
    frame = pd.read_csv(out, keep_default_na=False)
    events = stored(db)
    assert list(frame.columns) == ACLED_HEADER
    assert list(frame["event_id_cnty"]) == ["SYR1", "SYR2", "SYR3", "SYR4"]
    assert list(frame["sub_event_type"]) == [e["sub_event_type"] for e in events]
    assert list(frame["fatalities"]) == [e["fatalities"] for e in events]
    assert set(frame["admin1"]) == {"Idleb", "Al-Hasakeh", "Dar'a"}
    assert all(name.isascii() for name in frame["location"])
    report = json.loads(invoke("eval", "--format", "acled", "--json", str(out)))
    assert report["rows"] == len(events)
    assert report["accuracy"]["sub_event_type"] == 1.0 and report["accuracy"]["admin1"] == 1.0


def test_an_event_keeps_its_acled_id_when_earlier_events_arrive(db, tmp_path):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    invoke("export", "--db", db, "-o", str(first))
    ingest(tmp_path, db, EARLIER)
    invoke("export", "--db", db, "-o", str(second))
    before = pd.read_csv(first).set_index("notes")["event_id_cnty"]
    after = pd.read_csv(second).set_index("notes")["event_id_cnty"]
    assert all(after[note] == before[note] for note in before.index)
    assert list(after.iloc[:1]) == ["SYR5"]  # the earliest event, numbered when first exported
    assert len(set(after)) == len(after) == 5


def test_ucdp_export_leaves_out_the_protest_and_says_so(db):
    result = CliRunner().invoke(cli, ["export", "--db", db, "--format", "ucdp", "-o", "-"], catch_exceptions=False)
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame.columns) == GED_HEADER
    assert sorted(frame["type_of_violence"]) == [1, 2, 3]
    deaths = frame[["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"]].sum(axis=1)
    assert (deaths == frame["best"]).all() and (frame["low"] <= frame["best"]).all()
    assert "left out 1 of 4 events" in result.stderr


def test_parquet_export_and_events_frame_are_typed(db, tmp_path):
    out = tmp_path / "events.parquet"
    invoke("export", "--db", db, "--format", "parquet", "-o", str(out))
    table = pd.read_parquet(out)
    assert len(table) == 4 and table["latitude"].dtype == "float64"
    claims = table.loc[table["sub_event_type"] == "Armed clash", "claims"].iloc[0]
    assert claims[0]["kind"] == "killed" and claims[0]["value"] == 4
    assert list(table["reports"].iloc[0][0]) == ["document_id", "event_id", "source", "published"]
    frame = sitrep.events_frame(db=db)
    assert str(frame["event_date"].dtype).startswith("datetime64") and str(frame["inter2"].dtype) == "Int64"
    assert frame["inter2"].isna().sum() == 1  # the protest has no second actor: missing, not 0
    reports = sitrep.events_frame(db=db, reports=True)
    assert len(reports) == 4 and "reports" not in reports.columns


def test_events_frame_of_extracted_events():
    events = sitrep.extract_events(REPORTS[1]["text"], published="2021-03-18")
    frame = sitrep.events_frame(events)
    assert list(frame["sub_event_type"]) == [e.sub_event_type for e in events]


def test_admin1_filter_takes_any_spelling_the_geocoder_knows(db):
    idleb = stored(db, "--admin1", "Idleb")
    assert len(idleb) == 2
    for spelling in ("Idlib", "idlib", "Idlib Governorate"):
        assert stored(db, "--admin1", spelling) == idleb
    assert len(stored(db, "--admin1", "Hasakah")) == 1


def test_search_finds_the_event_whose_sentences_say_it(db):
    (ambush,) = stored(db, "--search", "ambushed")
    assert ambush["sub_event_type"] == "Armed clash" and "Saraqib" in ambush["text"]
    assert stored(db, "--search", "artillery Kafr")[0]["sub_event_type"] == "Shelling/artillery/missile attack"
    assert stored(db, "--search", "ambushed artillery") == []


def test_output_dash_is_stdout_and_bad_paths_are_one_line_errors(db, tmp_path):
    assert invoke("export", "--db", db, "--format", "jsonl", "-o", "-").count("\n") == 4
    for target in (tmp_path / "missing" / "out.csv", tmp_path):
        result = subprocess.run(
            [sys.executable, "-m", "sitrep", "export", "--db", db, "-o", str(target)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and str(target) in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports.db", "reports-inv-1.jsonl"]


def test_extract_writes_any_format_to_a_named_file(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(REPORTS[1]) + "\n", encoding="utf-8")
    for fmt in ("acled", "jsonl"):
        out = tmp_path / f"out.{fmt}"
        invoke("extract", "--format", fmt, str(path), "-o", str(out))
        assert out.read_text(encoding="utf-8").count("\n") == (2 if fmt == "acled" else 1)

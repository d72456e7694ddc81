"""End-to-end: the `sitrep` command on the shipped examples, through a real subprocess."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.schema import validate_event

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SITREP = [sys.executable, "-m", "sitrep"]


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*SITREP, *args], input=stdin, capture_output=True, text=True, cwd=cwd, env=os.environ.copy(), timeout=300
    )


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def roundup_events():
    result = run("extract", "--format", "jsonl", str(EXAMPLES / "weekly-roundup.txt"))
    assert result.returncode == 0, result.stderr
    return jsonl(result.stdout)


def test_extract_roundup_yields_valid_events_in_document_order(roundup_events):
    assert len(roundup_events) >= 4
    for event in roundup_events:
        validate_event(event)
    starts = [e["start_char"] for e in roundup_events]
    assert starts == sorted(starts)
    assert all(e["source"] for e in roundup_events)


def test_extract_roundup_ignores_boilerplate_and_background(roundup_events):
    texts = " ".join(e["text"] for e in roundup_events).lower()
    for word in ("paypal", "disclaimer", "fair use", "facebook", "condemned", "last year"):
        assert word not in texts


def test_extract_roundup_keeps_claims_with_claimants(roundup_events):
    claims = [c for e in roundup_events for c in e["claims"]]
    missing = [c for c in claims if c["kind"] == "missing"]
    assert any(c["value"] == 25 for c in missing)
    killed_20 = [c for c in claims if c["kind"] == "killed" and c["value"] == 20]
    assert killed_20 and killed_20[0]["quantifier"] == "at_least"
    assert "opposition" in (killed_20[0]["claimant"] or "")


def test_extract_reads_stdin_html_and_jsonl():
    html = (EXAMPLES / "news-page.html").read_text()
    result = run("extract", "--format", "jsonl", "-", stdin=html)
    assert result.returncode == 0, result.stderr
    events = jsonl(result.stdout)
    assert events and events[0]["event_type"] == "Explosions/Remote violence"
    assert "donation" not in " ".join(e["text"] for e in events).lower()
    result = run("extract", "--format", "jsonl", str(EXAMPLES / "more-reports.jsonl"))
    assert result.returncode == 0, result.stderr
    ids = {e["document_id"] for e in jsonl(result.stdout)}
    assert ids == {"example-protest-1", "example-shelling-1"}


def test_extract_table_and_acled_formats():
    result = run("extract", "--format", "table", str(EXAMPLES / "wire-report.txt"))
    assert result.returncode == 0, result.stderr
    assert "Air/drone strike" in result.stdout
    result = run("extract", "--format", "acled", str(EXAMPLES / "wire-report.txt"))
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert rows and rows[0]["sub_event_type"] == "Air/drone strike"


def test_broken_input_reports_each_error_and_goes_on(tmp_path):
    bad = tmp_path / "docs.jsonl"
    good = {
        "id": "ok-1",
        "text": "Gunmen killed 3 civilians in the town of Saraqib in Idlib on Monday.",
        "published": "2021-05-04",
    }
    bad.write_text(json.dumps(good) + "\n{not json\n")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    result = run("extract", "--format", "jsonl", str(bad), str(binary))
    assert result.returncode != 0
    assert f"{bad}:2" in result.stderr
    assert "blob.txt" in result.stderr
    assert {e["document_id"] for e in jsonl(result.stdout)} == {"ok-1"}
    assert "Traceback" not in result.stderr


def test_ingest_is_idempotent_and_revisions_supersede(tmp_path):
    db = f"sqlite:///{tmp_path / 'e2e.db'}"
    first = run("ingest", "--db", db, str(EXAMPLES))
    assert first.returncode == 0, first.stderr
    again = run("ingest", "--db", db, str(EXAMPLES))
    assert again.returncode == 0 and "unchanged" in again.stderr
    stored = jsonl(run("events", "--db", db, "--format", "jsonl").stdout)
    assert len(stored) >= 6
    doc = tmp_path / "doc.jsonl"
    text = "Militants attacked an army checkpoint near Palmyra in Homs on Sunday, killing 4 soldiers."
    doc.write_text(json.dumps({"id": "rev", "text": text, "published": "2020-07-06"}) + "\n")
    run("ingest", "--db", db, str(doc))
    doc.write_text(
        json.dumps({"id": "rev", "text": text.replace("4 soldiers", "6 soldiers"), "published": "2020-07-06"}) + "\n"
    )
    assert "revision" in run("ingest", "--db", db, str(doc)).stderr
    current = [e for e in jsonl(run("events", "--db", db, "--format", "jsonl").stdout) if e["document_id"] == "rev"]
    assert [e["fatalities"] for e in current] == [6]
    everything = jsonl(run("events", "--db", db, "--all", "--format", "jsonl").stdout)
    assert len([e for e in everything if e["document_id"] == "rev"]) == 2


def test_events_filters_and_export(tmp_path):
    db = f"sqlite:///{tmp_path / 'e2e.db'}"
    assert run("ingest", "--db", db, str(EXAMPLES)).returncode == 0
    idlib = jsonl(run("events", "--db", db, "--admin1", "Idleb", "--format", "jsonl").stdout)
    assert idlib and all(e["admin1"] == "Idleb" for e in idlib)
    found = jsonl(run("events", "--db", db, "--search", "roundabout", "--format", "jsonl").stdout)
    news_page = {
        e["document_id"] for e in jsonl(run("extract", "--format", "jsonl", str(EXAMPLES / "news-page.html")).stdout)
    }
    assert found and all({r["document_id"] for r in e["reports"]} <= news_page for e in found)
    out = tmp_path / "events.geojson"
    assert run("export", "--db", db, "--format", "geojson", "-o", str(out)).returncode == 0
    collection = json.loads(out.read_text())
    assert collection["type"] == "FeatureCollection" and collection["features"]
    acled = tmp_path / "acled.csv"
    assert run("export", "--db", db, "--format", "acled", "-o", str(acled)).returncode == 0
    with acled.open() as fp:
        assert "sub_event_type" in next(csv.reader(fp))
    ged = tmp_path / "ged.csv"
    assert run("export", "--db", db, "--format", "ucdp", "-o", str(ged)).returncode == 0
    with ged.open() as fp:
        assert {"where_prec", "low", "best", "high"} <= set(next(csv.reader(fp)))
    with sqlite3.connect(tmp_path / "e2e.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_every_command_has_help():
    for command in ("extract", "ingest", "events", "export", "geocode", "gazetteer", "eval"):
        result = run(command, "--help")
        assert result.returncode == 0 and "Usage" in result.stdout and len(result.stdout) > 200, command


def test_bad_option_values_give_one_line_errors(tmp_path):
    result = run("events", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--from", "yesterday-ish")
    assert result.returncode != 0
    assert "YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr


def test_a_republished_html_review_gives_each_episode_and_each_listed_place_an_event():
    result = run("extract", "--format", "jsonl", str(EXAMPLES / "weekly-review-republished.html"))
    assert result.returncode == 0, result.stderr
    events = jsonl(result.stdout)
    summary = [(e["event_date"], e["sub_event_type"], e["admin1"]) for e in events]
    assert summary == [
        ("2018-12-28", "Armed clash", "Hama"),
        ("2018-12-30", "Armed clash", "Hama"),
        ("2019-01-02", "Arrests", "Aleppo"),
        ("2019-01-06", "Armed clash", "Aleppo"),  # infighting in three listed towns: one event each
        ("2019-01-06", "Armed clash", "Aleppo"),
        ("2019-01-06", "Armed clash", "Idleb"),
    ]
    claims = {(c["kind"], c["value"], c["quantifier"], c["claimant"]) for e in events for c in e["claims"]}
    assert ("killed", 12, "at_least", "Pro-government media") in claims
    assert ("killed", 15, "up_to", "HTS-affiliated channels") in claims
    assert ("missing", 7, "exact", "military source") in claims
    assert ("detained", 3, "at_least", "local activists") in claims
    assert not any(word in " ".join(e["text"] for e in events).lower() for word in ("paypal", "erdogan", "2018,"))


def test_history_days_lets_a_retrospective_report_keep_its_older_events():
    record = {
        "id": "report-1",
        "published": "2020-07-07",
        "text": "On May 12, gunmen ambushed an aid convoy near Daraya, killing two drivers.",
    }
    line = json.dumps(record) + "\n"
    assert jsonl(run("extract", "--format", "jsonl", "-", stdin=line).stdout) == []
    kept = jsonl(run("extract", "--format", "jsonl", "--history-days", "400", "-", stdin=line).stdout)
    assert [e["event_date"] for e in kept] == ["2020-05-12"]
    result = run("extract", "--history-days", "-3", "-", stdin=line)
    assert result.returncode != 0 and "Traceback" not in result.stderr


def test_extract_explain_says_why_on_stderr(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("Rebels and soldiers clashed near the dam on Monday. The ministry condemned the attack.\n")
    result = run("extract", "--explain", "--format", "jsonl", str(report))
    assert result.returncode == 0, result.stderr
    assert len(jsonl(result.stdout)) == 1
    assert "#1 event 1: Armed clash" in result.stderr and "#2 skipped: mood statement" in result.stderr

"""End-to-end: one event, many reports, through the `sitrep` command (real subprocesses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sitrep.schema import canonical_schema_errors

SITREP = [sys.executable, "-m", "sitrep"]

REPORTS = {
    "levant.txt": "8 March 2021\n\nGovernment artillery shelled the market of Saraqib on Monday, killing 5 civilians, "
    "local medics said. Shops were burning into the evening.",
    "north.txt": "9 March 2021\n\nArmy shells struck the crowded Saraqib market on Monday and killed 12 civilians, "
    "opposition activists said.",
    "copy.txt": "8 March 2021\n\nGovernment artillery shelled the market of Saraqib on Monday, killing 5 civilians, "
    "local medics said. Shops were burning into the evening.\n\nOur readers in the north sent these lines.",
}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*SITREP, *args], capture_output=True, text=True, cwd=cwd, env=os.environ.copy(), timeout=300)


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_a_folder_ingested_twice_from_two_paths_gives_each_report_once_and_one_event(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text)
    db = f"sqlite:///{tmp_path / 'store.db'}"
    first = run("ingest", "--db", db, "articles", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    second = run("ingest", "--db", db, str(folder.resolve()))
    assert second.returncode == 0 and "3 unchanged" in second.stderr, second.stderr
    reports = jsonl(run("events", "--db", db, "--reports", "--format", "jsonl").stdout)
    assert len(reports) == len({r["document_id"] for r in reports}) == 3
    (event,) = jsonl(run("events", "--db", db, "--format", "jsonl").stdout)
    assert canonical_schema_errors(event) == []
    assert {r["document_id"] for r in event["reports"]} == {r["document_id"] for r in reports}
    assert [r["republication_of"] is not None for r in event["reports"]].count(True) == 1  # the re-post
    assert (event["fatalities"], event["fatalities_low"], event["fatalities_high"]) == (5, 5, 12)
    out = tmp_path / "events.jsonl"
    assert run("export", "--db", db, "--format", "jsonl", "-o", str(out)).returncode == 0
    assert [e["event_id"] for e in jsonl(out.read_text())] == [event["event_id"]]
    for fmt in ("acled", "ucdp", "csv", "geojson"):
        assert run("export", "--db", db, "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")).returncode == 0, fmt


def test_review_from_the_command_line_is_logged_and_synced(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "levant.txt").write_text(REPORTS["levant.txt"])
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert run("ingest", "--db", db, str(folder)).returncode == 0
    (event,) = jsonl(run("events", "--db", db, "--format", "jsonl").stdout)
    cluster = event["event_id"]
    result = run("review", "set", cluster, "fatalities", "7", "--reason", "hospital list", "--by", "ana", "--db", db)
    assert result.returncode == 0, result.stderr
    (changed,) = jsonl(run("events", "--db", db, "--format", "jsonl", "--changed-since", "2000-01-01").stdout)
    assert changed["fatalities"] == 7 and changed["version"] == 2
    assert run("review", "delete", cluster, "--reason", "test entry", "--db", db).returncode == 0
    assert jsonl(run("events", "--db", db, "--format", "jsonl").stdout) == []
    (deleted,) = jsonl(run("events", "--db", db, "--format", "jsonl", "--changed-since", "2000-01-01").stdout)
    assert deleted["deleted"] and deleted["deletion_reason"] == "test entry"
    (entry, _) = jsonl(run("review", "log", cluster, "--db", db).stdout)
    assert (entry["who"], entry["action"], entry["reason"]) == ("ana", "set", "hospital list")
    assert [v["version"] for v in jsonl(run("review", "history", cluster, "--db", db).stdout)] == [1, 2, 3]
    bad = run("review", "set", cluster, "fatalities", "lots", "--db", db)
    assert bad.returncode == 1 and "fatalities takes a number" in bad.stderr and "Traceback" not in bad.stderr
    bad = run("events", "--db", db, "--changed-since", "last week")
    assert bad.returncode == 1 and "--changed-since" in bad.stderr


def test_a_store_file_that_is_not_sqlite_is_one_line(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("shopping list\n" * 100)
    result = run("events", "--db", f"sqlite:///{notes}")
    assert result.returncode == 1 and result.stderr.strip().count("\n") == 0
    assert "is not an SQLite database" in result.stderr

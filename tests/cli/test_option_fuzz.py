"""Hypothesis over the CLI options: whatever a user types as an option's value, a command ends with
exit status 0, 1 or 2 and at most one-line errors, never a traceback, and the store keeps what it held
(bounded: a few dozen examples per command, a one-document store)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))

# what a careless or hostile user types: dates, numbers, codes, paths, flags, control characters
typed = (
    st.text(max_size=24)
    | st.sampled_from(["", "-", "--", "0", "-1", "1e400", "NaN", "9" * 40, "2020-02-30", "2020-13-01", "SY", "sy"])
    | st.sampled_from(["SYR", "../..", "/dev/null", "/nonexistent/x", "\x00", "Idlib", "12 GB", "-5kB", "1e9 TB"])
    | st.dates().map(str)
    | st.integers().map(str)
)
QUERY_OPTIONS = ["--from", "--to", "--admin1", "--type", "--actor", "--publisher", "--search", "--limit"]
QUERY_OPTIONS += ["--changed-since", "--format"]
EXTRACT_OPTIONS = ["--country", "--history-days", "--coder", "--max-size", "--format"]


def options_from(names: list[str]):
    return st.lists(st.tuples(st.sampled_from(names), typed), max_size=3).map(
        lambda pairs: [part for name, value in pairs for part in (name, value)]
    )


@pytest.fixture
def store(tmp_path_factory, sitrep) -> Path:
    folder = tmp_path_factory.mktemp("fuzz-store")
    docs = folder / "docs.jsonl"
    record = {
        "id": "fuzz-1",
        "text": "Gunmen killed 3 civilians in Saraqib in Idlib on Monday.",
        "published": "2021-05-04",
    }
    docs.write_text(json.dumps(record) + "\n")
    db = folder / "sitrep.db"
    assert sitrep("ingest", "--db", f"sqlite:///{db}", str(docs)).code == 0
    return db


def held(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        documents = conn.execute("select count(*) from documents").fetchone()[0]
        events = conn.execute("select count(*) from events").fetchone()[0]
    finally:
        conn.close()
    return documents, events


def assert_ended_cleanly(result) -> None:
    assert result.code in (0, 1, 2), result
    assert all(len(line) < 2_000 for line in result.error_lines), result.err


@pytest.mark.parametrize("command", ["events", "export"])
@FUZZ
@given(options=options_from(QUERY_OPTIONS))
@example(options=["--limit", "9" * 40])  # once beyond SQLite's integers: a traceback
def test_query_options_end_cleanly_and_keep_the_store(command, options, store, sitrep, tmp_path):
    before = held(store)
    output = ["-o", str(tmp_path / "out.csv")] if command == "export" else []
    assert_ended_cleanly(sitrep(command, "--db", f"sqlite:///{store}", *output, *options))
    assert held(store) == before


@FUZZ
@given(options=options_from(EXTRACT_OPTIONS))
def test_extract_options_end_cleanly(options, sitrep, tmp_path):
    text = tmp_path / "report.txt"
    text.write_text("Shelling killed two people in Ariha on Tuesday, a monitor said.\n")
    assert_ended_cleanly(sitrep("extract", *options, str(text)))

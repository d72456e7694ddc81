"""`extract -o` and `export -o` never destroy a file: the store, other SQLite files, inputs, links."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = {
    "id": "ok-1",
    "text": "Gunmen killed 3 civilians in the town of Saraqib in Idlib on Monday.",
    "published": "2021-05-04",
}


@pytest.fixture
def store(tmp_path, sitrep):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps(GOOD) + "\n")
    db = tmp_path / "sitrep.db"
    assert sitrep("ingest", "--db", f"sqlite:///{db}", str(docs)).code == 0
    return db


def stored_events(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select count(*) from events").fetchone()[0]
    finally:
        conn.close()


def test_export_onto_the_store_or_another_sqlite_file_is_refused(store, tmp_path, sitrep):
    before = store.read_bytes()
    for target in (store, Path(f"{store}-wal")):
        result = sitrep("export", "--db", f"sqlite:///{store}", "-o", str(target))
        assert result.code == 1 and len(result.error_lines) == 1 and str(target) in result.err
    copy = tmp_path / "backup.sqlite"
    copy.write_bytes(before)
    result = sitrep("export", "--db", f"sqlite:///{store}", "-o", str(copy))
    assert result.code == 1 and "SQLite database" in result.err
    assert store.read_bytes() == before and copy.read_bytes() == before
    assert not Path(f"{store}-wal").exists() and stored_events(store) == 1


def test_extract_reads_everything_before_it_replaces_anything(store, tmp_path, sitrep):
    binary = tmp_path / "program"
    binary.write_bytes(b"\x7fELF\x00\x00\x01" * 200)
    result = sitrep("extract", "-o", str(store), str(binary))  # `extract -o k.db /bin/ls`
    assert result.code == 1 and "SQLite database" in result.err and stored_events(store) == 1
    previous = tmp_path / "events.jsonl"
    previous.write_text("yesterday's events\n")
    result = sitrep("extract", "-o", str(previous), str(binary))
    assert result.code == 1 and "left as it was" in result.err
    assert previous.read_text() == "yesterday's events\n"
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps(GOOD) + "\n")
    result = sitrep("extract", "-o", str(docs), str(docs))
    assert result.code == 1 and "reads or has open" in result.err
    assert json.loads(docs.read_text()) == GOOD
    assert sitrep("extract", "-o", str(previous), str(docs)).code == 0
    assert [json.loads(line)["document_id"] for line in previous.read_text().splitlines()] == ["ok-1"]


def test_export_into_a_missing_folder_a_folder_or_a_link(store, tmp_path, sitrep):
    db = f"sqlite:///{store}"
    missing = sitrep("export", "--db", db, "-o", str(tmp_path / "nope" / "events.csv"))
    assert missing.code == 1 and "does not exist" in missing.err and len(missing.error_lines) == 1
    assert "is a folder" in sitrep("export", "--db", db, "-o", str(tmp_path)).err
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "linked.csv").symlink_to(victim)
    linked = sitrep("export", "--db", db, "-o", str(tmp_path / "linked.csv"))
    assert linked.code == 1 and "symbolic link" in linked.err and victim.read_text() == "precious\n"
    to_stdout = sitrep("export", "--db", db, "--format", "jsonl", "-o", "-")
    assert to_stdout.code == 0 and json.loads(to_stdout.out)["document_id"] == "ok-1"


def test_a_full_or_closed_stdout_is_one_line(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps(GOOD) + "\n")
    command = [sys.executable, "-m", "sitrep", "extract", "--format", "jsonl", str(docs)]
    closed = subprocess.run(
        command,
        stdout=subprocess.DEVNULL,
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
        timeout=120,
        close_fds=True,
        preexec_fn=lambda: os.close(1),
    )
    assert closed.returncode == 1 and closed.stderr.strip().startswith("error: standard output is closed")
    assert len(closed.stderr.strip().splitlines()) == 1
    if os.path.exists("/dev/full"):  # a device that always reports a full disk; nothing is written anywhere
        with open("/dev/full", "w") as full:
            result = subprocess.run(
                command, stdout=full, stderr=subprocess.PIPE, text=True, env=os.environ.copy(), timeout=120
            )
        assert (
            result.returncode == 1
            and result.stderr.strip() == "error: cannot write standard output: No space left on device"
        )

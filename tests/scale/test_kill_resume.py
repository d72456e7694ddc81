"""A real ingest process killed with SIGKILL mid-run and started again ends with the store of an
uninterrupted run, and the second run does not code again what the first one stored."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from sitrep.cli import cli

from .corpus import write_corpus
from .store_dump import dump_store

CORPUS_SIZE = 100


def stored_documents(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def ingest_process(scheduler: str, home: Path, db: Path, corpus: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "sitrep", "ingest", "--scheduler", scheduler, "--home", str(home)]
    command += ["--db", f"sqlite:///{db}", str(corpus)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_an_ingest_killed_mid_run_and_started_again_leaves_the_uninterrupted_store(dask_client, tmp_path, sitrep_home):
    corpus = write_corpus(tmp_path / "corpus", CORPUS_SIZE, extras=False)
    scheduler = dask_client.scheduler.address
    db = tmp_path / "killed.db"

    process = ingest_process(scheduler, sitrep_home, db, corpus)
    deadline = time.monotonic() + 120
    while stored_documents(db) < 20 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    at_kill = stored_documents(db)
    assert process.returncode == -signal.SIGKILL
    assert 20 <= at_kill < CORPUS_SIZE, "the run was not killed mid-run"

    rerun = ingest_process(scheduler, sitrep_home, db, corpus)
    _, stderr = rerun.communicate(timeout=180)
    assert rerun.returncode == 0, stderr
    assert f"{at_kill} unchanged" in stderr and f"{CORPUS_SIZE - at_kill} new" in stderr
    coded = int(re.search(r"(\d+) coded", stderr).group(1))
    assert coded == CORPUS_SIZE - at_kill  # what the killed run stored is not coded again

    uninterrupted = f"sqlite:///{tmp_path / 'uninterrupted.db'}"
    result = CliRunner().invoke(cli, ["ingest", "--db", uninterrupted, str(corpus)])
    assert result.exit_code == 0, result.output
    assert dump_store(f"sqlite:///{db}") == dump_store(uninterrupted)

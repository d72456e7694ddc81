"""A real ingest process killed with SIGKILL mid-run and started again ends with the store of an
uninterrupted run, and the second run does not code again what the first one stored: on SQLite, where
the client writes, and on PostgreSQL, where the workers do."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from sitrep.cli import cli

from .corpus import write_corpus
from .store_dump import dump_store
from .test_distributed import another_store_like

CORPUS_SIZE = 400  # several windows of batches in flight (at most 9 × 16): a commit never takes the whole run


def stored_documents(engine) -> int:
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM documents")).scalar()
    except DBAPIError:  # not created yet
        return 0


def settled_count(engine) -> int:
    """The documents stored once nothing more arrives: a batch a worker was storing when the client was
    killed is finished by that worker (whole documents, in input order)."""
    count, since = stored_documents(engine), time.monotonic()
    while time.monotonic() - since < 1.5:
        time.sleep(0.1)
        now = stored_documents(engine)
        if now != count:
            count, since = now, time.monotonic()
    return count


def ingest_process(scheduler: str, home: Path, url: str, corpus: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "sitrep", "ingest", "--scheduler", scheduler, "--home", str(home)]
    command += ["--db", url, str(corpus)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_an_ingest_killed_mid_run_and_started_again_leaves_the_uninterrupted_store(
    dask_client, tmp_path, sitrep_home, store_url
):
    corpus = write_corpus(tmp_path / "corpus", CORPUS_SIZE, extras=False)
    scheduler = dask_client.scheduler.address
    url = store_url
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))

    process = ingest_process(scheduler, sitrep_home, url, corpus)
    deadline = time.monotonic() + 120
    while stored_documents(engine) < 20 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    at_kill = settled_count(engine)
    engine.dispose()
    assert process.returncode == -signal.SIGKILL
    assert 20 <= at_kill < CORPUS_SIZE, "the run was not killed mid-run"

    rerun = ingest_process(scheduler, sitrep_home, url, corpus)
    _, stderr = rerun.communicate(timeout=180)
    assert rerun.returncode == 0, stderr
    assert f"{at_kill} unchanged" in stderr and f"{CORPUS_SIZE - at_kill} new" in stderr
    coded = int(re.search(r"(\d+) coded", stderr).group(1))
    assert coded == CORPUS_SIZE - at_kill  # what the killed run stored is not coded again

    uninterrupted = another_store_like(url, tmp_path)
    result = CliRunner().invoke(cli, ["ingest", "--db", uninterrupted, str(corpus)])
    assert result.exit_code == 0, result.output
    assert dump_store(url) == dump_store(uninterrupted)

"""SQLite's write-ahead log stays bounded while readers follow one another without a gap (workers
merging against snapshots), and a reader that holds its snapshot long does not stall every write."""

from __future__ import annotations

import os
import threading
import time

import pytest
from sqlalchemy import text

from sitrep.store import engine as store_engine
from sitrep.store.engine import make_engine, write_transaction

ROW_BYTES = 16 * 1024
ROW = os.urandom(ROW_BYTES)


@pytest.fixture
def engine(tmp_path, monkeypatch):
    monkeypatch.setattr(store_engine, "WAL_TRUNCATE_BYTES", 512 * 1024)
    monkeypatch.setattr(store_engine, "WAL_TRUNCATE_WAIT_SECONDS", 0.2)
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    with write_transaction(engine) as conn:
        conn.execute(text("CREATE TABLE rows (body BLOB)"))
    yield engine
    engine.dispose()


def write(engine, rows: int) -> None:
    for _ in range(rows):
        with write_transaction(engine) as conn:
            conn.execute(text("INSERT INTO rows VALUES (:body)"), {"body": ROW})


def wal_bytes(engine) -> int:
    return os.path.getsize(f"{engine.url.database}-wal")


def test_readers_that_overlap_without_a_gap_leave_the_log_bounded(engine):
    """Readers take turns, the next opening its snapshot before the last one closes (as two workers
    merging do), so SQLite's own checkpoints never start the log again; the writer truncates it."""
    done = threading.Event()

    def readers() -> None:
        older = _reader(engine)
        while not done.is_set():
            time.sleep(0.02)
            newer = _reader(engine)
            time.sleep(0.01)
            older.close()
            older = newer
        older.close()

    turns = threading.Thread(target=readers)
    turns.start()
    peak = 0
    try:
        for _ in range(240):
            write(engine, 1)
            peak = max(peak, wal_bytes(engine))
    finally:
        done.set()
        turns.join()

    assert peak < 240 * ROW_BYTES / 2  # unbounded, the log holds all that was written (4 MB) and more
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM rows")).scalar() == 240


def _reader(engine):
    conn = engine.connect()
    conn.begin()
    conn.execute(text("SELECT count(*) FROM rows")).one()
    return conn


def test_a_reader_holding_its_snapshot_puts_the_truncation_off_without_stalling_each_write(engine):
    reader = _reader(engine)
    started = time.perf_counter()
    write(engine, 120)  # ~2 MB: past the bound four times over, each try waiting 0.2 s at most
    stalled = time.perf_counter() - started
    assert wal_bytes(engine) > 2 * store_engine.WAL_TRUNCATE_BYTES  # the reader keeps it
    assert stalled < 120 * store_engine.WAL_TRUNCATE_WAIT_SECONDS / 4  # not a wait at every write
    reader.close()

    write(engine, 40)  # 640 kB: it is tried again once the log has grown by the bound again
    assert wal_bytes(engine) < store_engine.WAL_TRUNCATE_BYTES

"""Opening a database and writing to it one writer at a time, on SQLite and PostgreSQL alike.

Every write transaction takes the database's write lock first (SQLite: BEGIN IMMEDIATE; PostgreSQL: a
transaction-scoped advisory lock), so two processes ingesting into one store never both decide that
a document or a cluster is new. Reads take no lock.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError

from ..errors import StoreError

WRITE_LOCK_KEY = 0x5173_7265  # the advisory lock every sitrep writer of a PostgreSQL database takes
SQLITE_BUSY_SECONDS = 120  # how long a writer waits for another one to finish its document
# SQLite's own checkpoints after a commit never wait for readers, so while one read transaction or
# another is always open (workers merging against snapshots, one after the other) the write-ahead log
# is never started again and grows with everything written: 325 MB over FA-KES x10 on 2 workers.
# Past this size a writer waits a little for the readers of older snapshots and truncates it.
WAL_TRUNCATE_BYTES = 64 * 2**20
WAL_TRUNCATE_WAIT_SECONDS = 2  # a reader holding its snapshot longer (an export) puts it off


def make_engine(url: str) -> Engine:
    """An engine for a database URL; `postgresql://` uses the psycopg 3 driver of the [postgres] extra."""
    driver_url = _with_driver(url)
    try:
        if driver_url.startswith("sqlite"):
            _check_sqlite_file(driver_url)
            engine = create_engine(driver_url, connect_args={"timeout": SQLITE_BUSY_SECONDS})
        else:
            engine = create_engine(driver_url, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise StoreError(f"cannot use database URL {url!r}: {exc}") from None
    except ImportError:
        raise StoreError(
            f"cannot use database URL {url!r}: PostgreSQL needs the psycopg driver (pip install 'sitrep[postgres]')"
        ) from None
    prepare_engine(engine)
    return engine


def prepare_engine(engine: Engine) -> None:
    """Install sitrep's connection set-up on an engine (once)."""
    if engine.dialect.name != "sqlite" or getattr(engine, "_sitrep_prepared", False):
        return
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    engine._sitrep_prepared = True  # type: ignore[attr-defined]


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction holding the database's write lock until it commits or rolls back."""
    with engine.connect() as conn:
        conn.execution_options(sitrep_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
            yield conn
        if conn.dialect.name == "sqlite":
            _bound_wal(engine, conn)


def _bound_wal(engine: Engine, conn: Connection) -> None:
    """Truncate the write-ahead log once it is past WAL_TRUNCATE_BYTES; when readers keep it, try
    again only once it has grown as much again, so that a long reader does not stall every write."""
    path = engine.url.database
    try:
        size = os.path.getsize(f"{path}-wal") if path and path != ":memory:" else 0
    except OSError:
        return
    if size < getattr(engine, "_sitrep_wal_retry_at", WAL_TRUNCATE_BYTES):
        return
    raw = _raw_sqlite(conn)
    raw.execute(f"PRAGMA busy_timeout={round(WAL_TRUNCATE_WAIT_SECONDS * 1000)}")
    try:
        blocked = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        raw.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    engine._sitrep_wal_retry_at = size + WAL_TRUNCATE_BYTES if blocked else WAL_TRUNCATE_BYTES  # type: ignore[attr-defined]


@contextmanager
def migration_transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction for schema changes; SQLite's foreign keys are off while tables are rebuilt."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # outside any transaction, where SQLite honours it
            _raw_sqlite(conn).execute("PRAGMA foreign_keys=OFF")
        try:
            conn.execution_options(sitrep_write=True)
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
                yield conn
        finally:
            if sqlite:
                _raw_sqlite(conn).execute("PRAGMA foreign_keys=ON")


def _raw_sqlite(conn: Connection):
    return conn.connection.driver_connection


def describe_failure(url: str, exc: DatabaseError) -> StoreError:
    """One line for a database that cannot be used, never a driver traceback."""
    message = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    if "file is not a database" in message or "file is encrypted" in message:
        return StoreError(f"{_sqlite_path(url) or url} is not an SQLite database (give another --db or SITREP_DB)")
    return StoreError(f"cannot open database {_display(url)!r}: {message}")


def _with_driver(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _display(url: str) -> str:
    """The URL without its password."""
    head, sep, tail = url.rpartition("@")
    if not sep or "://" not in head:
        return url
    scheme, _, credentials = head.partition("://")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{tail}" if ":" in credentials else url


def _sqlite_path(url: str) -> str | None:
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///") :].split("?", 1)[0]
    return path or None


def _check_sqlite_file(url: str) -> None:
    path = _sqlite_path(url)
    if path and os.path.isdir(path):
        raise StoreError(f"{path} is a folder, not an SQLite database (give a file name)")


def _sqlite_connect(dbapi_connection, _record) -> None:
    # sitrep opens its own transactions (below): the driver's implicit ones would let DDL run unlocked
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sitrep_write") else "BEGIN")

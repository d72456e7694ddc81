"""The gazetteer index file: an SQLite file under SITREP_HOME, its schema, and the writes that build it.

The read side (look-ups from tables derived once per index version) is gazetteer.py.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from itertools import islice
from pathlib import Path

from ..errors import GazetteerError
from ..settings import checked_home, sitrep_home
from .folding import FOLDING_VERSION, index_keys

log = logging.getLogger(__name__)

INDEX_FILE = "gazetteer.sqlite"
SCHEMA_VERSION = "3"  # 3: entries.admin3 (added last, so an index of schema 2 upgrades in place)
BATCH = 20_000
SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL,
  latitude REAL NOT NULL, longitude REAL NOT NULL, country TEXT, admin1 TEXT, admin2 TEXT,
  feature_class TEXT, feature_code TEXT, population INTEGER, source TEXT NOT NULL, learned INTEGER NOT NULL,
  admin3 TEXT);
CREATE INDEX IF NOT EXISTS ix_entries_source ON entries(source);
CREATE TABLE IF NOT EXISTS names (entry_id INTEGER NOT NULL REFERENCES entries(id), name TEXT NOT NULL,
  key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_names_key ON names(key);
CREATE INDEX IF NOT EXISTS ix_names_entry ON names(entry_id);
CREATE TABLE IF NOT EXISTS sources (name TEXT PRIMARY KEY, path TEXT, loaded_at TEXT NOT NULL,
  entries INTEGER);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""

ProgressHook = Callable[[int], None]


@dataclass(slots=True)
class NewPlace:
    """A place to add: its main name, alternate names and attributes."""

    name: str
    latitude: float
    longitude: float
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    feature_class: str | None = "P"
    feature_code: str | None = "PPL"
    population: int = 0
    geonameid: int | None = None
    alternate_names: list[str] = field(default_factory=list)


def index_path(home: Path | None = None) -> Path:
    return (checked_home(Path(home)) if home else sitrep_home()) / INDEX_FILE


def _new_generation() -> str:
    """A token no earlier state of any index had (the derived tables' file names carry it)."""
    import uuid  # only writes need it, and it brings `platform` along

    return uuid.uuid4().hex


@cache
def _beyond_latin() -> re.Pattern[str]:
    return re.compile("[\u0250-\U0010ffff]")  # compiled when an index is written: it takes 17 ms


def is_latin(name: str) -> bool:
    """Names in Arabic, Cyrillic … scripts are never matched in English text, so they are not indexed."""
    return not any(ch.isalpha() for ch in _beyond_latin().findall(name))


def open_connection(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=60)
        conn.executescript(SCHEMA)
        meta = dict(conn.execute("SELECT key, value FROM meta"))
    except (OSError, sqlite3.Error) as exc:
        raise GazetteerError(f"cannot open the gazetteer index {path}: {exc}") from None
    if not meta:
        with conn:
            conn.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("schema", SCHEMA_VERSION), ("folding", str(FOLDING_VERSION)), ("generation", _new_generation())],
            )
        return conn
    if meta.get("schema") == "2":
        _add_admin3(conn, path)
    elif meta.get("schema") != SCHEMA_VERSION:
        conn.close()
        raise GazetteerError(
            f"the gazetteer index {path} was built by another sitrep version (schema "
            f"{meta.get('schema', meta.get('format'))}, need {SCHEMA_VERSION}); delete it "
            "and load your gazetteer files again"
        )
    if meta.get("folding") != str(FOLDING_VERSION):
        _refold(conn, path)
    return conn


def _add_admin3(conn: sqlite3.Connection, path: Path) -> None:
    """Schema 2 → 3: entries get an admin3 column (empty for the rows already there; the default sources
    are rewritten with theirs when this sitrep's default data is newer than the index's)."""
    log.warning("adding admin3 to the gazetteer index %s (schema %s)", path, SCHEMA_VERSION)
    try:
        with conn:
            if "admin3" not in {row[1] for row in conn.execute("PRAGMA table_info(entries)")}:
                conn.execute("ALTER TABLE entries ADD COLUMN admin3 TEXT")
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (SCHEMA_VERSION,))
            _renew_generation(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise GazetteerError(f"cannot upgrade the gazetteer index {path}: {exc}") from None


def _renew_generation(conn: sqlite3.Connection) -> None:
    """Every write gives the index a new generation, so tables derived from an older one are not used."""
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (_new_generation(),))


def _refold(conn: sqlite3.Connection, path: Path) -> None:
    """The folding rules changed: recompute every key from the stored names instead of a rebuild."""
    log.warning("re-folding the names of the gazetteer index %s for folding rules v%s", path, FOLDING_VERSION)
    with conn:
        rows = conn.execute("SELECT DISTINCT entry_id, name FROM names").fetchall()
        conn.execute("DELETE FROM names")
        conn.executemany("INSERT INTO names VALUES (?,?,?)", _name_rows(rows))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'folding'", (str(FOLDING_VERSION),))
        _renew_generation(conn)


def connect(home: Path | None = None) -> sqlite3.Connection:
    """A connection to the index under home (created empty when missing)."""
    return open_connection(index_path(home))


def ensure_index(home: Path | None = None) -> Path:
    """The index path under home; builds the default gazetteer there first when there is no index yet (a
    0-byte file, left by a failed copy or a full disk, is none), and brings its default sources up to date
    when this sitrep ships newer ones."""
    from .default_gazetteer import build_default, refresh_default

    path = index_path(home)
    if not _has_index(path):
        build_default(home)
    else:
        refresh_default(path)
    return path


def _has_index(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False


def write_places(
    index: Path,
    places: Iterable[NewPlace],
    source: str,
    *,
    learned: bool = False,
    path: str | None = None,
    progress: ProgressHook | None = None,
    scratch: bool = False,
) -> int:
    """add_entries into the index file `index` (which need not be the one under SITREP_HOME). A `scratch`
    index is a file being built that nobody reads yet: it is written without a journal or syncs."""
    conn = open_connection(index)
    if scratch:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
    count = 0
    try:
        with conn:
            _forget_source(conn, source)
            next_id = (conn.execute("SELECT max(id) FROM entries").fetchone()[0] or 0) + 1
            iterator = iter(places)
            while batch := list(islice(iterator, BATCH)):
                _insert_batch(conn, batch, next_id, source, learned)
                next_id += len(batch)
                count += len(batch)
                if progress:
                    progress(count)
            conn.execute(
                "INSERT INTO sources VALUES (?,?,?,?)",
                (source, path, datetime.now(UTC).isoformat(timespec="seconds"), count),
            )
            _renew_generation(conn)
    except sqlite3.Error as exc:
        raise GazetteerError(f"cannot write to the gazetteer index {index}: {exc}") from None
    finally:
        conn.close()
    return count


def source_name_for(home: Path | None, wanted: str, path: str) -> str:
    """The source name of a load of the file at `path`: `wanted` ("csv:places.csv") unless another file of
    that name was loaded already, which keeps its load; then "csv:places.csv#2" and so on."""
    conn = open_connection(index_path(home))
    try:
        taken = dict(
            conn.execute("SELECT name, path FROM sources WHERE name = ? OR name LIKE ?", (wanted, wanted + "#%"))
        )
    finally:
        conn.close()
    for name, loaded_from in taken.items():
        if loaded_from == path:
            return name
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}#{number}" in taken:
        number += 1
    return f"{wanted}#{number}"


def _forget_source(conn: sqlite3.Connection, source: str) -> None:
    conn.execute("DELETE FROM names WHERE entry_id IN (SELECT id FROM entries WHERE source = ?)", (source,))
    conn.execute("DELETE FROM entries WHERE source = ?", (source,))
    conn.execute("DELETE FROM sources WHERE name = ?", (source,))


def _insert_batch(conn: sqlite3.Connection, batch: list[NewPlace], first_id: int, source: str, learned: bool) -> None:
    from .reading import coordinates, population  # with the zip and gzip readers: only a write needs them

    entry_rows: list[tuple] = []
    name_rows: list[tuple[int, str]] = []
    for entry_id, place in enumerate(batch, start=first_id):
        where = f"{source}: {place.name!r}"
        latitude, longitude = coordinates(place.latitude, place.longitude, where)
        entry_rows.append(
            (
                entry_id,
                place.geonameid,
                place.name,
                latitude,
                longitude,
                place.country,
                place.admin1,
                place.admin2,
                place.feature_class,
                place.feature_code,
                population(place.population, where),
                source,
                int(learned),
                place.admin3,
            )
        )
        name_rows.extend((entry_id, name) for name in dict.fromkeys([place.name, *place.alternate_names]))
    conn.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", entry_rows)
    conn.executemany("INSERT INTO names VALUES (?,?,?)", _name_rows(name_rows))


def _name_rows(names: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str, str]]:
    """(entry, name) → one row per key the name is found under; names in other scripts are not indexed."""
    for entry_id, name in names:
        if is_latin(name):
            for key in index_keys(name):
                yield entry_id, name, key

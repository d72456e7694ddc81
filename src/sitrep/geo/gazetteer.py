"""The gazetteer index: an SQLite file under SITREP_HOME, read into memory once per process."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache, lru_cache
from itertools import islice
from pathlib import Path

from ..errors import GazetteerError
from ..resource_files import load_csv, resource_names
from ..settings import checked_home, sitrep_home
from .folding import FOLDING_VERSION, fold_name, index_keys

log = logging.getLogger(__name__)

INDEX_FILE = "gazetteer.sqlite"
SCHEMA_VERSION = "2"
BATCH = 20_000
SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL,
  latitude REAL NOT NULL, longitude REAL NOT NULL, country TEXT, admin1 TEXT, admin2 TEXT,
  feature_class TEXT, feature_code TEXT, population INTEGER, source TEXT NOT NULL, learned INTEGER NOT NULL);
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


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    id: int
    geonameid: int | None
    name: str
    latitude: float
    longitude: float
    country: str | None
    admin1: str | None
    admin2: str | None
    feature_class: str | None
    feature_code: str | None
    population: int
    source: str
    learned: bool


@dataclass(slots=True)
class NewPlace:
    """A place to add: its main name, alternate names and attributes."""

    name: str
    latitude: float
    longitude: float
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    feature_class: str | None = "P"
    feature_code: str | None = "PPL"
    population: int = 0
    geonameid: int | None = None
    alternate_names: list[str] = field(default_factory=list)


def index_path(home: Path | None = None) -> Path:
    return (checked_home(Path(home)) if home else sitrep_home()) / INDEX_FILE


def is_latin(name: str) -> bool:
    """Names in Arabic, Cyrillic … scripts are never matched in English text, so they are not indexed."""
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


def _open_connection(path: Path) -> sqlite3.Connection:
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
                "INSERT INTO meta VALUES (?, ?)", [("schema", SCHEMA_VERSION), ("folding", str(FOLDING_VERSION))]
            )
    elif meta.get("schema") != SCHEMA_VERSION:
        conn.close()
        raise GazetteerError(
            f"the gazetteer index {path} was built by another sitrep version (schema "
            f"{meta.get('schema', meta.get('format'))}, need {SCHEMA_VERSION}); delete it "
            "and load your gazetteer files again"
        )
    elif meta.get("folding") != str(FOLDING_VERSION):
        _refold(conn, path)
    return conn


def _refold(conn: sqlite3.Connection, path: Path) -> None:
    """The folding rules changed: recompute every key from the stored names instead of a rebuild."""
    log.warning("re-folding the names of the gazetteer index %s for folding rules v%s", path, FOLDING_VERSION)
    with conn:
        rows = conn.execute("SELECT DISTINCT entry_id, name FROM names").fetchall()
        conn.execute("DELETE FROM names")
        conn.executemany("INSERT INTO names VALUES (?,?,?)", _name_rows(rows))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'folding'", (str(FOLDING_VERSION),))


def connect(home: Path | None = None) -> sqlite3.Connection:
    """A connection to the index under home (created empty when missing)."""
    return _open_connection(index_path(home))


def ensure_index(home: Path | None = None) -> Path:
    """The index path under home; builds the default gazetteer there first when there is no index yet (a
    0-byte file, left by a failed copy or a full disk, is none)."""
    path = index_path(home)
    if not _has_index(path):
        from .default_gazetteer import build_default

        build_default(home)
    return path


def _has_index(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False


def add_entries(
    home: Path | None,
    places: Iterable[NewPlace],
    source: str,
    *,
    learned: bool = False,
    path: str | None = None,
    progress: ProgressHook | None = None,
) -> int:
    """Add places as one load named `source`, in one transaction; a load of the same source name and path is
    replaced (another file of the same name gets a name of its own).

    On any error (a malformed row raised by the `places` iterator included) nothing of this load is kept.
    """
    count = write_places(index_path(home), places, source, learned=learned, path=path, progress=progress)
    Gazetteer.forget(home)
    return count


def write_places(
    index: Path,
    places: Iterable[NewPlace],
    source: str,
    *,
    learned: bool = False,
    path: str | None = None,
    progress: ProgressHook | None = None,
) -> int:
    """add_entries into the index file `index` (which need not be the one under SITREP_HOME)."""
    conn = _open_connection(index)
    count = 0
    try:
        with conn:
            source = _load_name(conn, source, path)
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
    finally:
        conn.close()
    return count


def _load_name(conn: sqlite3.Connection, source: str, path: str | None) -> str:
    """`source`, unless a different file was loaded under that name: then the name with a mark of this path."""
    earlier = conn.execute("SELECT path FROM sources WHERE name = ?", (source,)).fetchone()
    if path is None or earlier is None or earlier[0] in (None, path):
        return source
    return f"{source}#{hashlib.sha256(path.encode('utf-8')).hexdigest()[:8]}"


def _forget_source(conn: sqlite3.Connection, source: str) -> None:
    conn.execute("DELETE FROM names WHERE entry_id IN (SELECT id FROM entries WHERE source = ?)", (source,))
    conn.execute("DELETE FROM entries WHERE source = ?", (source,))
    conn.execute("DELETE FROM sources WHERE name = ?", (source,))


def _insert_batch(conn: sqlite3.Connection, batch: list[NewPlace], first_id: int, source: str, learned: bool) -> None:
    entry_rows, name_rows = [], []
    for entry_id, place in enumerate(batch, start=first_id):
        entry_rows.append(
            (
                entry_id,
                place.geonameid,
                place.name,
                place.latitude,
                place.longitude,
                place.country,
                place.admin1,
                place.admin2,
                place.feature_class,
                place.feature_code,
                place.population,
                source,
                int(learned),
            )
        )
        name_rows.extend((entry_id, name) for name in dict.fromkeys([place.name, *place.alternate_names]))
    conn.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", entry_rows)
    conn.executemany("INSERT INTO names VALUES (?,?,?)", _name_rows(name_rows))


def _name_rows(names: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str, str]]:
    """(entry, name) → one row per key the name is found under; names in other scripts are not indexed."""
    for entry_id, name in names:
        if is_latin(name):
            for key in index_keys(name):
                yield entry_id, name, key


class Gazetteer:
    """Read side of the index: look-ups by folded key from memory, loaded on first use."""

    _open: dict[Path, Gazetteer] = {}
    _lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[int, GazetteerEntry] = {}
        self._by_key: dict[str, tuple[int, ...]] = {}
        self._names: dict[int, tuple[str, ...]] = {}
        self._loaded = False
        self._load_lock = threading.Lock()

    @classmethod
    def open(cls, home: Path | None = None) -> Gazetteer:
        """The index under home, built from the default data on first use; one instance per path."""
        path = index_path(home)
        with cls._lock:
            if path not in cls._open:
                ensure_index(home)
                cls._open[path] = cls(path)
            return cls._open[path]

    @classmethod
    def forget(cls, home: Path | None = None) -> None:
        """Drop the cached instance after the index changed."""
        with cls._lock:
            cls._open.pop(index_path(home), None)

    def _memory(self) -> dict[str, tuple[int, ...]]:
        if not self._loaded:
            with self._load_lock:
                if not self._loaded:
                    self._load()
                    self._loaded = True
        return self._by_key

    def _load(self) -> None:
        conn = _open_connection(self.path)
        try:
            self._entries = {
                row[0]: GazetteerEntry(*row[:12], bool(row[12])) for row in conn.execute("SELECT * FROM entries")
            }
            by_key: dict[str, dict[int, None]] = {}
            for entry_id, key in conn.execute("SELECT entry_id, key FROM names ORDER BY entry_id"):
                by_key.setdefault(key, {})[entry_id] = None
        finally:
            conn.close()
        self._by_key = {key: tuple(ids) for key, ids in by_key.items()}

    def lookup(self, key: str, country: str | None = None) -> list[GazetteerEntry]:
        """Entries having a name whose folded form is `key` (fold it with folding.fold_name first)."""
        entries = [self._entries[i] for i in self._memory().get(key, ())]
        if country:
            entries = [e for e in entries if e.country == country]
        return entries

    def names_of(self, entry: GazetteerEntry) -> tuple[str, ...]:
        """Every name the entry is written with: its own and its alternates (read from the index once)."""
        names = self._names.get(entry.id)
        if names is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                rows = conn.execute("SELECT name FROM names WHERE entry_id = ?", (entry.id,))
                names = self._names[entry.id] = tuple(row[0] for row in rows)
            finally:
                conn.close()
        return names

    def keys(self) -> set[str]:
        return set(self._memory())

    def keys_in(self, country: str) -> list[str]:
        by_key = self._memory()
        return [k for k, ids in by_key.items() if any(self._entries[i].country == country for i in ids)]

    def entries_in(self, country: str) -> list[GazetteerEntry]:
        self._memory()
        return [e for e in self._entries.values() if e.country == country]

    def admin1_seat(self, country: str, admin1: str) -> GazetteerEntry | None:
        """The main town of an admin1 region (the `seat` column of resources/admin/CC.csv)."""
        row = admin1_row(country, admin1)
        if row is None:
            return None
        seat_key = fold_name(row["seat"])
        candidates = [e for e in self.lookup(seat_key, country) if e.feature_class in ("P", None)]
        same_region = [e for e in candidates if e.admin1 == row["name"]] or candidates
        return max(same_region, key=lambda e: (not e.learned, e.population), default=None)

    def countries(self) -> dict[str, int]:
        """ISO2 country → number of entries, largest first (SQL; does not load the index into memory)."""
        return self._counts("country")

    def _counts(self, column: str) -> dict[str, int]:
        conn = _open_connection(self.path)
        try:
            return dict(
                conn.execute(f"SELECT coalesce({column}, '?'), count(*) FROM entries GROUP BY 1 ORDER BY 2 DESC, 1")
            )
        finally:
            conn.close()

    def info(self) -> dict:
        """Sources, entry and name counts, counts per country and per feature class."""
        conn = _open_connection(self.path)
        try:
            sources = [
                dict(zip(("name", "path", "loaded_at", "entries"), r, strict=True))
                for r in conn.execute("SELECT * FROM sources ORDER BY rowid")
            ]
            entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
            names = conn.execute("SELECT count(*) FROM names").fetchone()[0]
        finally:
            conn.close()
        return {
            "index": str(self.path),
            "entries": entries,
            "names": names,
            "sources": sources,
            "countries": self.countries(),
            "feature_classes": self._counts("feature_class"),
        }


@cache
def _admin_tables() -> dict[str, tuple[dict[str, str], ...]]:
    return {Path(name).stem: load_csv(name) for name in resource_names("admin") if name.endswith(".csv")}


def admin1_name(country: str | None, code_or_name: str | None) -> str | None:
    """An admin1 code or spelling → sitrep's (ACLED) spelling; unknown names pass through, codes → None."""
    if not code_or_name:
        return None
    row = admin1_row(country, code_or_name)
    if row:
        return row["name"]
    return None if code_or_name.isdigit() else code_or_name


@lru_cache(maxsize=4096)
def admin1_row(country: str | None, code_or_name: str) -> dict[str, str] | None:
    """The resources/admin/CC.csv row of an admin1 given by GeoNames code or any listed spelling."""
    wanted = fold_name(code_or_name.replace("Governorate", "").replace("Province", ""))
    for row in _admin_tables().get(country or "", ()):
        spellings = [row["name"], *row["aliases"].split("|")]
        if code_or_name == row["code"] or wanted in {fold_name(s) for s in spellings}:
            return row
    return None


def admin1_rows(country: str) -> tuple[dict[str, str], ...]:
    return _admin_tables().get(country, ())

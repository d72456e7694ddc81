"""The gazetteer index: an SQLite file under SITREP_HOME, read into memory once per process."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache, lru_cache
from pathlib import Path

from ..errors import GazetteerError
from ..resource_files import load_csv, resource_names
from ..settings import sitrep_home
from .folding import FOLDING_VERSION, fold_name

log = logging.getLogger(__name__)

INDEX_FILE = "gazetteer.sqlite"
FORMAT_VERSION = f"1.{FOLDING_VERSION}"
SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL,
  latitude REAL NOT NULL, longitude REAL NOT NULL, country TEXT, admin1 TEXT, admin2 TEXT,
  feature_class TEXT, feature_code TEXT, population INTEGER, source TEXT NOT NULL, learned INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS names (entry_id INTEGER NOT NULL REFERENCES entries(id), name TEXT NOT NULL,
  key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_names_key ON names(key);
CREATE TABLE IF NOT EXISTS sources (name TEXT NOT NULL, path TEXT, loaded_at TEXT NOT NULL, entries INTEGER);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


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
    return Path(home or sitrep_home()) / INDEX_FILE


def connect(home: Path | None = None) -> sqlite3.Connection:
    path = index_path(home)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path)
        conn.executescript(SCHEMA)
    except (OSError, sqlite3.Error) as exc:
        raise GazetteerError(f"cannot open the gazetteer index {path}: {exc}") from None
    version = conn.execute("SELECT value FROM meta WHERE key='format'").fetchone()
    if version is None:
        conn.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT_VERSION,))
        conn.commit()
    elif version[0] != FORMAT_VERSION:
        raise GazetteerError(f"the gazetteer index {path} was built by another sitrep version "
                             f"(format {version[0]}, need {FORMAT_VERSION}); delete it and load again")
    return conn


def add_entries(home: Path | None, places: Iterable[NewPlace], source: str, *, learned: bool = False,
                path: str | None = None) -> int:
    """Add places in one transaction; on any error nothing of this load is kept."""
    conn = connect(home)
    count = 0
    try:
        with conn:
            next_id = (conn.execute("SELECT max(id) FROM entries").fetchone()[0] or 0) + 1
            entry_rows, name_rows = [], []
            for place in places:
                entry_rows.append((next_id, place.geonameid, place.name, place.latitude, place.longitude,
                                   place.country, place.admin1, place.admin2, place.feature_class,
                                   place.feature_code, place.population, source, int(learned)))
                for name in dict.fromkeys([place.name, *place.alternate_names]):
                    key = fold_name(name)
                    if key:
                        name_rows.append((next_id, name, key))
                next_id += 1
                count += 1
            conn.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", entry_rows)
            conn.executemany("INSERT INTO names VALUES (?,?,?)", name_rows)
            conn.execute("INSERT INTO sources VALUES (?,?,?,?)", (source, path, datetime.now(UTC).isoformat(), count))
    finally:
        conn.close()
    Gazetteer.forget(home)
    return count


class Gazetteer:
    """Read side of the index: look-ups by folded key, kept in memory once loaded."""

    _open: dict[Path, Gazetteer] = {}
    _lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[int, GazetteerEntry] = {}
        self._by_key: dict[str, tuple[int, ...]] = {}
        self._load()

    @classmethod
    def open(cls, home: Path | None = None) -> Gazetteer:
        """The index under home, built from the default data on first use; one instance per path."""
        path = index_path(home)
        with cls._lock:
            if path not in cls._open:
                if not path.exists():
                    from .default_gazetteer import build_default

                    build_default(home)
                cls._open[path] = cls(path)
            return cls._open[path]

    @classmethod
    def forget(cls, home: Path | None = None) -> None:
        """Drop the cached instance after the index changed."""
        cls._open.pop(index_path(home), None)

    def _load(self) -> None:
        conn = connect(self.path.parent)
        try:
            for row in conn.execute("SELECT * FROM entries"):
                self._entries[row[0]] = GazetteerEntry(*row[:12], bool(row[12]))
            by_key: dict[str, list[int]] = {}
            for entry_id, key in conn.execute("SELECT entry_id, key FROM names"):
                ids = by_key.setdefault(key, [])
                if entry_id not in ids:
                    ids.append(entry_id)
        finally:
            conn.close()
        self._by_key = {k: tuple(v) for k, v in by_key.items()}

    def lookup(self, key: str, country: str | None = None) -> list[GazetteerEntry]:
        entries = [self._entries[i] for i in self._by_key.get(key, ())]
        if country:
            entries = [e for e in entries if e.country == country]
        return entries

    def keys(self) -> set[str]:
        return set(self._by_key)

    def keys_in(self, country: str) -> list[str]:
        return [k for k, ids in self._by_key.items() if any(self._entries[i].country == country for i in ids)]

    def entries_in(self, country: str) -> list[GazetteerEntry]:
        return [e for e in self._entries.values() if e.country == country]

    def admin1_seat(self, country: str, admin1: str) -> GazetteerEntry | None:
        """The main town of an admin1 region (the `seat` column of resources/admin/CC.csv)."""
        row = admin1_row(country, admin1)
        if row is None:
            return None
        candidates = [e for e in self.lookup(fold_name(row["seat"]), country) if e.feature_class in ("P", None)]
        same_region = [e for e in candidates if e.admin1 == row["name"]] or candidates
        return max(same_region, key=lambda e: (not e.learned, e.population), default=None)

    def info(self) -> dict:
        conn = connect(self.path.parent)
        try:
            sources = [dict(zip(("name", "path", "loaded_at", "entries"), r, strict=True))
                       for r in conn.execute("SELECT * FROM sources")]
            by_country = dict(conn.execute("SELECT coalesce(country, '?'), count(*) FROM entries GROUP BY 1 "
                                           "ORDER BY 2 DESC"))
            by_class = dict(conn.execute("SELECT coalesce(feature_class, '?'), count(*) FROM entries GROUP BY 1 "
                                         "ORDER BY 2 DESC"))
            names = conn.execute("SELECT count(*) FROM names").fetchone()[0]
        finally:
            conn.close()
        return {"index": str(self.path), "entries": len(self._entries), "names": names, "sources": sources,
                "countries": by_country, "feature_classes": by_class}


@cache
def _admin_tables() -> dict[str, tuple[dict[str, str], ...]]:
    return {Path(name).stem: load_csv(name) for name in resource_names("admin") if name.endswith(".csv")}


def admin1_name(country: str | None, code_or_name: str | None) -> str | None:
    """An admin1 code or spelling → sitrep's (ACLED) spelling; unknown values pass through."""
    if not code_or_name:
        return None
    row = admin1_row(country, code_or_name)
    if row:
        return row["name"]
    return None if code_or_name.isdigit() else code_or_name


@lru_cache(maxsize=4096)
def admin1_row(country: str | None, code_or_name: str) -> dict[str, str] | None:
    wanted = fold_name(code_or_name.replace("Governorate", "").replace("Province", ""))
    for row in _admin_tables().get(country or "", ()):
        spellings = [row["name"], *row["aliases"].split("|")]
        if code_or_name == row["code"] or wanted in {fold_name(s) for s in spellings}:
            return row
    return None


def admin1_rows(country: str) -> tuple[dict[str, str], ...]:
    return _admin_tables().get(country, ())

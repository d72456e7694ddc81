"""The gazetteer index: an SQLite file under SITREP_HOME; its look-up tables are derived once (derived.py)."""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import uuid
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache, lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from ..errors import GazetteerError
from ..resource_files import load_csv, resource_names
from ..settings import checked_home, sitrep_home
from .derived import COUNTRY, ID, DerivedTables, Spellings, load_or_build, load_spellings, stored_folding
from .folding import FOLDING_VERSION, fold_name, index_keys
from .reading import coordinates, population

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
T = TypeVar("T")


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
    place_population: int = 0  # the population of the place it names: its own, or a namesake's a few km away


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


BEYOND_LATIN = re.compile("[\u0250-\U0010ffff]")


def is_latin(name: str) -> bool:
    """Names in Arabic, Cyrillic … scripts are never matched in English text, so they are not indexed."""
    return not any(ch.isalpha() for ch in BEYOND_LATIN.findall(name))


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
                "INSERT INTO meta VALUES (?, ?)",
                [("schema", SCHEMA_VERSION), ("folding", str(FOLDING_VERSION)), ("generation", uuid.uuid4().hex)],
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


def _renew_generation(conn: sqlite3.Connection) -> None:
    """Every write gives the index a new generation, so tables derived from an older one are not used."""
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (uuid.uuid4().hex,))


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
    return _open_connection(index_path(home))


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


def add_entries(
    home: Path | None,
    places: Iterable[NewPlace],
    source: str,
    *,
    learned: bool = False,
    path: str | None = None,
    progress: ProgressHook | None = None,
) -> int:
    """Add places as one load named `source`, in one transaction; a load of the same source name is replaced
    (the loaders give another file of the same name a name of its own: source_name_for).

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
    scratch: bool = False,
) -> int:
    """add_entries into the index file `index` (which need not be the one under SITREP_HOME). A `scratch`
    index is a file being built that nobody reads yet: it is written without a journal or syncs."""
    conn = _open_connection(index)
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
    conn = _open_connection(index_path(home))
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
    """Read side of the index: look-ups by folded key, from tables derived once per index version.

    Nothing is read before the first look-up. Whatever other modules derive from a gazetteer (per-country
    key lists, spelling skeletons) hangs on the instance through `derived`, built once under its lock.
    """

    _open: dict[Path, Gazetteer] = {}
    _open_lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._tables: DerivedTables | None = None
        self._spellings: Spellings | None = None
        self._entries: dict[int, GazetteerEntry] = {}  # by position in the tables
        self._derived: dict[Hashable, Any] = {}

    @classmethod
    def open(cls, home: Path | None = None) -> Gazetteer:
        """The index under home, built from the default data on first use; one instance per path."""
        path = index_path(home)
        with cls._open_lock:
            if path not in cls._open:
                ensure_index(home)
                cls._open[path] = cls(path)
            return cls._open[path]

    @classmethod
    def forget(cls, home: Path | None = None) -> None:
        """Drop the cached instance after the index changed."""
        with cls._open_lock:
            cls._open.pop(index_path(home), None)

    def tables(self) -> DerivedTables:
        if self._tables is None:
            with self._lock:
                if self._tables is None:
                    if stored_folding(self.path) != str(FOLDING_VERSION):
                        _open_connection(self.path).close()  # re-folds the stored names, renews the generation
                    self._tables = load_or_build(self.path)
        return self._tables

    def spellings(self) -> Spellings:
        if self._spellings is None:
            with self._lock:
                if self._spellings is None:
                    self._spellings = load_spellings(self.path)
        return self._spellings

    def derived(self, what: Hashable, build: Callable[[Gazetteer], T]) -> T:
        """`build(self)`, made once for this gazetteer under its lock and never changed afterwards."""
        try:
            return self._derived[what]
        except KeyError:
            with self._lock:
                if what not in self._derived:
                    self._derived[what] = build(self)
                return self._derived[what]

    def _entry(self, position: int) -> GazetteerEntry:
        entry = self._entries.get(position)
        if entry is None:
            tables = self.tables()
            entry = _entry_of([column[position] for column in tables.columns], tables.place_population.get(position))
            self._entries[position] = entry
        return entry

    def lookup(self, key: str, country: str | None = None) -> list[GazetteerEntry]:
        """Entries having a name whose folded form is `key` (fold it with folding.fold_name first)."""
        entries = [self._entry(i) for i in self.tables().by_key.get(key, ())]
        if country:
            entries = [e for e in entries if e.country == country]
        return entries

    def has_key(self, key: str) -> bool:
        return key in self.tables().by_key

    def is_name_word(self, word: str) -> bool:
        """Whether the folded word is a word of some name ("hamis" of "Tall Hamis")."""
        return word in self.spellings().words

    def names_of(self, entry: GazetteerEntry) -> tuple[str, ...]:
        """Every name the entry is written with: its own and its alternates."""
        positions = self.derived("positions", lambda g: {i: p for p, i in enumerate(g.tables().columns[ID])})
        position = positions.get(entry.id)
        return self.spellings().names[position] if position is not None else (entry.name,)

    def keys(self) -> set[str]:
        return set(self.tables().by_key)

    def keys_in(self, country: str) -> tuple[str, ...]:
        return self.derived(("keys in", country), lambda g: tuple(_keys_in(g.tables(), country)))

    def entries_in(self, country: str) -> list[GazetteerEntry]:
        countries = self.tables().columns[COUNTRY]
        return [self._entry(p) for p, found in enumerate(countries) if found == country]

    def admin1_seat(self, country: str, admin1: str) -> GazetteerEntry | None:
        """The main town of an admin1 region (the `seat` column of resources/admin/CC.csv)."""
        return self.derived(("seat", country, admin1), lambda g: _admin1_seat(g, country, admin1))

    def countries(self) -> dict[str, int]:
        """ISO2 country → number of entries, largest first (SQL; does not load the look-up tables)."""
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
        """Sources (with their licences where sitrep shipped them), entry and name counts, counts per
        country and per feature class."""
        from .default_gazetteer import source_notes

        conn = _open_connection(self.path)
        try:
            sources = [
                {**dict(zip(("name", "path", "loaded_at", "entries"), r, strict=True)), **source_notes(r[0])}
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


def _entry_of(row: list, place_population: int | None) -> GazetteerEntry:
    """An `entries` row (in column order) as an entry."""
    (
        entry_id,
        geonameid,
        name,
        latitude,
        longitude,
        country,
        admin1,
        admin2,
        fclass,
        fcode,
        people,
        source,
        learned,
    ) = row
    return GazetteerEntry(
        entry_id,
        geonameid,
        name,
        latitude,
        longitude,
        country,
        admin1,
        admin2,
        fclass,
        fcode,
        people,
        source,
        bool(learned),
        place_population if place_population is not None else people,
    )


def _keys_in(tables: DerivedTables, country: str) -> Iterator[str]:
    countries = tables.columns[COUNTRY]
    for key, positions in tables.by_key.items():
        if any(countries[p] == country for p in positions):
            yield key


def _admin1_seat(gazetteer: Gazetteer, country: str, admin1: str) -> GazetteerEntry | None:
    row = admin1_row(country, admin1)
    if row is None:
        return None
    candidates = [e for e in gazetteer.lookup(fold_name(row["seat"]), country) if e.feature_class in ("P", None)]
    same_region = [e for e in candidates if e.admin1 == row["name"]] or candidates
    return max(same_region, key=lambda e: (not e.learned, e.population, -e.id), default=None)


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


def admin1_spelling(value: str | None) -> str | None:
    """The spelling sitrep stores for a governorate given in any spelling the geocoder folds together, in
    any country with an admin table ("Idlib", "idleb", "Idlib Governorate" → "Idleb"); an unknown name
    is kept as given. `sitrep events --admin1` and the API's `admin1=` filter both go through it."""
    if not value:
        return value
    for country in _admin_tables():
        name = admin1_name(country, value)
        if name and name != value:
            return name
    return value


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

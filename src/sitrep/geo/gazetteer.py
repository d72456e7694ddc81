"""The gazetteer's read side: look-ups by folded key, from tables derived once per index version (derived.py).

The index file itself, its schema and the writes that build it are index.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from ..resource_files import load_csv, resource_names
from .derived import (
    COUNTRY,
    LEARNED,
    POPULATION,
    DerivedTables,
    Spellings,
    index_meta,
    load_or_build,
    load_spellings,
)
from .folding import FOLDING_VERSION, fold_name
from .index import SCHEMA_VERSION, NewPlace, ProgressHook, ensure_index, index_path, open_connection, write_places
from .memo import BoundedMemo

T = TypeVar("T")
MAX_LOOKUPS = 50_000  # keys whose entries are remembered as a tuple (a text asks for its names again and again)
MAX_SPELLINGS = 50_000  # entries whose decoded names are remembered


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
    admin3: str | None = None  # the sub-district (OCHA's places have one; GeoNames' none)


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


class Gazetteer:
    """Read side of the index: look-ups by folded key, from tables derived once per index version.

    Nothing is read before the first look-up. Whatever other modules derive from a gazetteer (per-country
    key lists, spelling skeletons) hangs on the instance through `derived`, built once under its lock.
    """

    _open: dict[Path, Gazetteer] = {}
    _open_by_home: dict[Path, Gazetteer] = {}  # by the home as given: its folder is checked once, not per document
    _open_lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._tables: DerivedTables | None = None
        self._spellings: Spellings | None = None
        self._entries: dict[int, GazetteerEntry] = {}  # by position in the tables
        self._lookups: BoundedMemo[tuple[GazetteerEntry, ...]] = BoundedMemo(MAX_LOOKUPS)  # (key, country) → entries
        self._names: BoundedMemo[tuple[str, ...]] = BoundedMemo(MAX_SPELLINGS)  # entry id → its names
        self._derived: dict[Hashable, Any] = {}

    @classmethod
    def open(cls, home: Path | None = None) -> Gazetteer:
        """The index under home, built from the default data on first use; one instance per path."""
        known = cls._open_by_home.get(home) if home is not None else None
        if known is not None:
            return known
        path = index_path(home)
        with cls._open_lock:
            if path not in cls._open:
                ensure_index(home)
                cls._open[path] = cls(path)
            if home is not None:
                cls._open_by_home[home] = cls._open[path]
            return cls._open[path]

    @classmethod
    def forget(cls, home: Path | None = None) -> None:
        """Drop the cached instance after the index changed."""
        with cls._open_lock:
            cls._open.pop(index_path(home), None)
            cls._open_by_home.clear()

    def tables(self) -> DerivedTables:
        if self._tables is None:
            with self._lock:
                if self._tables is None:
                    if not _current(self.path):
                        open_connection(self.path).close()  # upgrades it or re-folds its names, renews the generation
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
            entry = _entry_of(list(tables.rows[position]), tables.place_population.get(position))
            self._entries[position] = entry
        return entry

    def lookup(self, key: str, country: str | None = None) -> list[GazetteerEntry]:
        """Entries having a name whose folded form is `key` (fold it with folding.fold_name first); a new
        list each time, of the same entry objects."""
        found = self._lookups.get((key, country))
        if found is None:
            found = self._lookups.remember((key, country), tuple(self._looked_up(key, country)))
        return list(found)

    def _looked_up(self, key: str, country: str | None) -> list[GazetteerEntry]:
        known = self._entries
        numbers = self.tables().by_key.numbers
        entries = [known.get(i) or self._entry(i) for i in self.tables().by_key[key]] if key in numbers else []
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
        names = self._names.get(entry.id)
        if names is None:
            positions = self.derived("positions", lambda g: {i: p for p, i in enumerate(g.tables().rows.ids)})
            position = positions.get(entry.id)
            if position is None:
                return (entry.name,)  # an entry made elsewhere, not one of the index's
            names = self._names.remember(entry.id, self.spellings().names[position])
        return names

    def keys(self) -> set[str]:
        return set(self.tables().by_key)

    def keys_in(self, country: str) -> tuple[str, ...]:
        return self.derived(("keys in", country), lambda g: tuple(_keys_in(g.tables(), country)))

    def entries_in(self, country: str) -> list[GazetteerEntry]:
        countries = self.tables().rows.column(COUNTRY)
        return [self._entry(p) for p, found in enumerate(countries) if found == country]

    def learned_entries(self) -> list[GazetteerEntry]:
        """The places learned from coded events (`sitrep gazetteer learn` and the shipped GED places)."""
        learned = self.tables().rows.column(LEARNED)
        return [self._entry(p) for p, flag in enumerate(learned) if flag]

    def admin1_seat(self, country: str, admin1: str) -> GazetteerEntry | None:
        """The main town of an admin1 region (the `seat` column of resources/admin/CC.csv)."""
        return self.derived(("seat", country, admin1), lambda g: _admin1_seat(g, country, admin1))

    def countries(self) -> dict[str, int]:
        """ISO2 country → number of entries, largest first (SQL; does not load the look-up tables)."""
        return self._counts("country")

    def _counts(self, column: str) -> dict[str, int]:
        conn = open_connection(self.path)
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

        conn = open_connection(self.path)
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
    """An `entries` row (in column order: `learned`, then `admin3` last) as an entry."""
    *columns, learned, admin3 = row
    people = columns[POPULATION]
    place_people = people if place_population is None else place_population
    fields: tuple[Any, ...] = (*columns, bool(learned), place_people, admin3)
    return GazetteerEntry(*fields)


def _current(index: Path) -> bool:
    """Whether the index's schema and name keys are this sitrep's (else opening it for writing updates them)."""
    meta = index_meta(index)
    return meta.get("schema") == SCHEMA_VERSION and meta.get("folding") == str(FOLDING_VERSION)


def _keys_in(tables: DerivedTables, country: str) -> Iterator[str]:
    countries = tables.rows.column(COUNTRY)
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
    rows = _admin_tables().get(country or "", ())
    by_code, by_spelling = _admin1_numbers(country or "")
    wanted = fold_name(code_or_name.replace("Governorate", "").replace("Province", ""))
    numbers = [number for number in (by_code.get(code_or_name), by_spelling.get(wanted)) if number is not None]
    return rows[min(numbers)] if numbers else None  # the first row that has the code or the spelling


@cache
def _admin1_numbers(country: str) -> tuple[dict[str, int], dict[str, int]]:
    """A country's admin1 code → the number of its first row with it, and folded spelling → the same."""
    by_code: dict[str, int] = {}
    by_spelling: dict[str, int] = {}
    for number, row in enumerate(_admin_tables().get(country, ())):
        by_code.setdefault(row["code"], number)
        for spelling in [row["name"], *row["aliases"].split("|")]:
            by_spelling.setdefault(fold_name(spelling), number)
    return by_code, by_spelling


def admin1_rows(country: str) -> tuple[dict[str, str], ...]:
    return _admin_tables().get(country, ())

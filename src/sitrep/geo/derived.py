"""The look-up tables derived from the gazetteer index, built once per index version and kept beside it.

Reading 40,000 entries and 100,000 name keys out of SQLite and indexing them takes seconds; loading the
tables from their marshal file takes a few hundredths. The file lives in SITREP_HOME next to the index,
under a name that carries the index's generation (a token every write to the index renews), the folding
version and this module's format, so a changed index or a new sitrep never reads stale tables. When
SITREP_HOME is read-only the tables are built in memory instead.

marshal rather than pickle: loading it cannot run code, and it is the fastest reader of plain
dicts, tuples and strings in the standard library (its format is tied to the Python version, which is
part of the file name).
"""

from __future__ import annotations

import gc
import logging
import marshal
import math
import os
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import GazetteerError
from .folding import FOLDING_VERSION, QUALIFIER_MARK

log = logging.getLogger(__name__)

DERIVED_FORMAT = 5
SAME_PLACE_KM = 5  # namesakes this close are one place told by several sources (a town and its OCHA point)
CORE_KEYS = ("columns", "by_key", "prefixes", "place_population")
SPELLING_KEYS = ("names", "words")
ID, LATITUDE, LONGITUDE, COUNTRY, POPULATION = 0, 3, 4, 5, 10  # columns of the `entries` table
LEARNED, ENTRY_COLUMNS = 12, 14  # `learned` is the 13th column; `admin3` (added by schema 3) the last


@dataclass(frozen=True, slots=True)
class DerivedTables:
    """What every look-up needs; never changed after it is built or loaded. Entries are numbered by
    their position in `columns` (in id order), not by their id."""

    columns: tuple[tuple, ...]  # the `entries` table column by column
    by_key: dict[str, tuple[int, ...]]  # folded key → entry positions
    prefixes: frozenset[str]  # the words a longer key starts with ("ras al" of "ras al ayn" → "ras")
    place_population: dict[int, int]  # position → the population of its place where that exceeds its own


@dataclass(frozen=True, slots=True)
class Spellings:
    """What only a few look-ups need, loaded on first use."""

    names: tuple[tuple[str, ...], ...]  # position → every (Latin-script) name the entry is written with
    words: frozenset[str]  # every folded word of every key ("hamis" of "tal hamis")


def read_only(index: Path) -> sqlite3.Connection:
    """A connection that cannot write (nor create) the index file."""
    return sqlite3.connect(index.resolve().as_uri() + "?mode=ro", uri=True)


def index_meta(index: Path) -> dict[str, str]:
    try:
        conn = read_only(index)
        try:
            return dict(conn.execute("SELECT key, value FROM meta"))
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise GazetteerError(f"cannot read the gazetteer index {index}: {exc}") from None


def generation(index: Path) -> str:
    """The index's current generation token (renewed by every write), read without writing anything."""
    return index_meta(index).get("generation", "0")


def tables_path(index: Path, token: str, kind: str = "tables") -> Path:
    python = f"{sys.version_info.major}{sys.version_info.minor}"
    return index.with_name(f"{index.name}.{token}.f{FOLDING_VERSION}.d{DERIVED_FORMAT}.py{python}.{kind}")


def load_or_build(index: Path) -> DerivedTables:
    """The core tables of the index: from their file when it is current, else built and stored (best effort)."""
    data = _load(index, "tables", CORE_KEYS)
    return DerivedTables(**{key: data[key] for key in CORE_KEYS})


def load_spellings(index: Path) -> Spellings:
    data = _load(index, "spellings", SPELLING_KEYS)
    return Spellings(**{key: data[key] for key in SPELLING_KEYS})


def _load(index: Path, kind: str, keys: tuple[str, ...]) -> dict:
    index = index.resolve()  # the tables sit beside the index file itself: a linked index shares them
    path = tables_path(index, generation(index), kind)
    data = _read(path, keys)
    if data is None:
        started = time.perf_counter()
        built = build(index)
        for part, part_keys in (("tables", CORE_KEYS), ("spellings", SPELLING_KEYS)):
            _store(index, path.with_suffix(f".{part}"), {key: built[key] for key in part_keys})
        log.info("gazetteer look-up tables built in %.1f s (%s)", time.perf_counter() - started, path)
        data = {key: built[key] for key in keys}
    return data


def _read(path: Path, keys: tuple[str, ...]) -> dict | None:
    try:
        data = _unmarshal(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.warning("ignoring the unreadable gazetteer tables %s (%s); rebuilding them", path, exc)
        return None
    if not isinstance(data, dict) or set(data) != set(keys):
        log.warning("ignoring the gazetteer tables %s: not written by this sitrep; rebuilding them", path)
        return None
    return data


def _unmarshal(raw: bytes) -> object:
    """marshal.loads with the cyclic collector paused: the tables hold no cycles, and the collector would
    otherwise walk the growing heap many times over as the tuples are created (a third of the time)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return marshal.loads(raw)  # marshal.load(file) reads in small pieces: far slower
    finally:
        if collecting:
            gc.enable()


def _store(index: Path, path: Path, data: dict) -> None:
    """Write beside the target and rename, so readers never see half a file; drop older versions."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(marshal.dumps(data))
        os.replace(partial, path)
    except OSError as exc:
        log.info("cannot store the gazetteer tables in %s (%s); they stay in memory", path.parent, exc)
        partial.unlink(missing_ok=True)
        return
    for stale in index.parent.glob(f"{index.name}.*{path.suffix}"):
        if stale != path:
            stale.unlink(missing_ok=True)


def build(index: Path) -> dict:
    try:
        conn = read_only(index)
    except sqlite3.Error as exc:
        raise GazetteerError(f"cannot read the gazetteer index {index}: {exc}") from None
    try:
        rows = [(*row[:12], bool(row[12]), row[13]) for row in conn.execute("SELECT * FROM entries ORDER BY id")]
        position = {row[ID]: number for number, row in enumerate(rows)}
        by_key: dict[str, dict[int, None]] = {}
        names: list[dict[str, None]] = [{} for _ in rows]
        for entry_id, name, key in conn.execute("SELECT entry_id, name, key FROM names ORDER BY entry_id, rowid"):
            if entry_id in position:
                by_key.setdefault(key, {})[position[entry_id]] = None
                names[position[entry_id]][name] = None
    except sqlite3.Error as exc:
        raise GazetteerError(f"cannot read the gazetteer index {index}: {exc}") from None
    finally:
        conn.close()
    keys = {key: tuple(found) for key, found in by_key.items()}
    return {
        "columns": tuple(zip(*rows, strict=True)) if rows else ((),) * ENTRY_COLUMNS,
        "by_key": keys,
        "prefixes": _prefixes(keys),
        "place_population": _place_populations(rows, keys),
        "names": tuple(tuple(spellings) for spellings in names),
        "words": frozenset(word for key in keys if QUALIFIER_MARK not in key for word in key.split()),
    }


def _prefixes(keys: dict[str, tuple[int, ...]]) -> frozenset[str]:
    """What the text matcher needs to find every key at a word: the word runs longer keys start with,
    so it reads on while the words so far can still become a key ("ras" → "ras al"... for "ras al ayn")."""
    prefixes: set[str] = set()
    for key in keys:
        if QUALIFIER_MARK in key:
            continue
        words = key.split(" ")
        prefixes.update(" ".join(words[:end]) for end in range(1, len(words)))
    return frozenset(prefixes)


def _place_populations(rows: list[tuple], keys: dict[str, tuple[int, ...]]) -> dict[int, int]:
    """A village point of one source and the town of another under one name, a few km apart, are one
    place: each entry gets the largest population of its namesakes within SAME_PLACE_KM (OCHA's places
    carry no population; GeoNames' towns do)."""
    best: dict[int, int] = {}
    for ids in keys.values():
        if len(ids) < 2 or len(ids) > 400:  # a key shared by hundreds of places is a word, not one place
            continue
        peopled = [i for i in ids if rows[i][POPULATION]]
        for town in peopled:
            people = rows[town][POPULATION]
            for other in ids:
                if people > max(rows[other][POPULATION], best.get(other, 0)) and _near(rows[town], rows[other]):
                    best[other] = people
    return best


def _near(a: tuple, b: tuple) -> bool:
    dlat = a[LATITUDE] - b[LATITUDE]
    dlon = (a[LONGITUDE] - b[LONGITUDE]) * math.cos(math.radians(a[LATITUDE]))
    return 111.2 * math.hypot(dlat, dlon) <= SAME_PLACE_KM

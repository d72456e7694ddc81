"""The look-up tables derived from the gazetteer index, built once per index version and kept beside it.

Reading 48,000 entries and 160,000 name keys out of SQLite and indexing them takes seconds; loading the
tables from their marshal file takes about a tenth (most of it hashing the keys into one dict). The file
packs what need not be Python objects until it is used: the keys as one text, their entry positions, every
entry's row and its spellings as flat arrays and byte runs, decoded one entry at a time on look-up. The file
lives in SITREP_HOME next to the index, under a name that carries the index's generation (a token every
write to the index renews), the folding version and this module's format, so a changed index or a new
sitrep never reads stale tables. When SITREP_HOME is read-only the tables are built in memory instead.

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
from array import array
from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import GazetteerError
from .folding import FOLDING_VERSION, QUALIFIER_MARK

log = logging.getLogger(__name__)

DERIVED_FORMAT = 6
SAME_PLACE_KM = 5  # namesakes this close are one place told by several sources (a town and its OCHA point)
CORE_KEYS = ("rows", "row_offsets", "ids", "keys", "positions", "key_offsets", "prefixes", "place_population")
SPELLING_KEYS = ("names", "name_offsets", "words")
SPELLING_SEPARATOR = "\0"  # between the spellings of one entry (no name holds it)
ID, LATITUDE, LONGITUDE, COUNTRY, POPULATION = 0, 3, 4, 5, 10  # columns of the `entries` table
LEARNED, ENTRY_COLUMNS = 12, 14  # `learned` is the 13th column; `admin3` (added by schema 3) the last


class KeyPositions(Mapping[str, Sequence[int]]):
    """Folded key → the positions of its entries, read from one flat array; never changed. `numbers` is
    the plain dict behind it (key → its number), for the text matcher's many membership tests."""

    __slots__ = ("numbers", "_positions", "_offsets")

    def __init__(self, keys: list[str], positions: array, offsets: array) -> None:
        self.numbers = dict(zip(keys, range(len(keys)), strict=True))
        self._positions = positions
        self._offsets = offsets

    def __getitem__(self, key: str) -> Sequence[int]:
        number = self.numbers[key]
        return self._positions[self._offsets[number] : self._offsets[number + 1]]

    def __contains__(self, key: object) -> bool:
        return key in self.numbers

    def __iter__(self) -> Iterator[str]:
        return iter(self.numbers)

    def __len__(self) -> int:
        return len(self.numbers)


class PackedRows(Sequence[tuple]):
    """Position → its `entries` row, decoded from its own marshal run when asked for (a text needs a few
    dozen of 48,000; making them all took a third of loading the tables). A whole column, for the few
    look-ups that scan every entry (the geocoder's), comes from all rows decoded once."""

    __slots__ = ("_packed", "_offsets", "_columns", "ids")

    def __init__(self, packed: bytes, offsets: array, ids: array) -> None:
        self._packed = packed
        self._offsets = offsets
        self._columns: tuple[tuple, ...] | None = None
        self.ids = ids  # the `id` column, kept apart: every text maps ids to positions

    def __getitem__(self, position):  # type: ignore[override]  # positions only, no slices
        return marshal.loads(self._packed[self._offsets[position] : self._offsets[position + 1]])

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def column(self, number: int) -> tuple:
        if self._columns is None:  # the same columns whichever thread makes them first
            rows = [self[p] for p in range(len(self))]
            self._columns = tuple(zip(*rows, strict=True)) if rows else ((),) * ENTRY_COLUMNS
        return self._columns[number]


class PackedSpellings(Sequence[tuple[str, ...]]):
    """Position → every name the entry is written with, decoded from one byte run when asked for."""

    __slots__ = ("_names", "_offsets")

    def __init__(self, names: bytes, offsets: array) -> None:
        self._names = names
        self._offsets = offsets

    def __getitem__(self, position):  # type: ignore[override]  # positions only, no slices
        start, end = self._offsets[position], self._offsets[position + 1]
        if start == end:
            return ()
        return tuple(self._names[start:end].decode("utf-8").split(SPELLING_SEPARATOR))

    def __len__(self) -> int:
        return len(self._offsets) - 1


class PackedWords(Container[str]):
    """A set of words made from its packed text on the first membership test (few documents need it)."""

    __slots__ = ("_packed", "_words")

    def __init__(self, packed: bytes) -> None:
        self._packed = packed
        self._words: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = frozenset(_lines(self._packed))  # the same set whichever thread makes it first
        return word in self._words


@dataclass(frozen=True, slots=True)
class DerivedTables:
    """What every look-up needs; never changed after it is built or loaded. Entries are numbered by
    their position in `columns` (in id order), not by their id."""

    rows: PackedRows  # the `entries` table, row by row
    by_key: KeyPositions  # folded key → entry positions
    prefixes: frozenset[str]  # the words a longer key starts with ("ras al" of "ras al ayn" → "ras")
    place_population: dict[int, int]  # position → the population of its place where that exceeds its own


@dataclass(frozen=True, slots=True)
class Spellings:
    """What only a few look-ups need, loaded on first use."""

    names: PackedSpellings  # position → every (Latin-script) name the entry is written with
    words: PackedWords  # every folded word of every key ("hamis" of "tal hamis")


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
    return DerivedTables(
        rows=PackedRows(data["rows"], _ints(data["row_offsets"]), _ints(data["ids"])),
        by_key=KeyPositions(_lines(data["keys"]), _ints(data["positions"]), _ints(data["key_offsets"])),
        prefixes=frozenset(_lines(data["prefixes"])),
        place_population=data["place_population"],
    )


def load_spellings(index: Path) -> Spellings:
    data = _load(index, "spellings", SPELLING_KEYS)
    return Spellings(PackedSpellings(data["names"], _ints(data["name_offsets"])), PackedWords(data["words"]))


def _lines(packed: bytes) -> list[str]:
    return packed.decode("utf-8").split("\n") if packed else []


def _ints(packed: bytes) -> array:
    numbers = array("i")
    numbers.frombytes(packed)
    return numbers


def _load(index: Path, kind: str, keys: tuple[str, ...]) -> dict:
    index = index.resolve()  # the tables sit beside the index file itself: a linked index shares them
    path = tables_path(index, generation(index), kind)
    data = _read(path, keys)
    if data is None:
        started = time.perf_counter()
        packed = _packed(build(index))
        for part, part_keys in (("tables", CORE_KEYS), ("spellings", SPELLING_KEYS)):
            _store(index, path.with_suffix(f".{part}"), {key: packed[key] for key in part_keys})
        log.info("gazetteer look-up tables built in %.1f s (%s)", time.perf_counter() - started, path)
        data = {key: packed[key] for key in keys}
    return data


def _packed(built: dict) -> dict:
    """The built tables in their stored form (see KeyPositions, PackedSpellings)."""
    positions, key_offsets = _flattened(built["by_key"].values())
    rows = [marshal.dumps(row) for row in zip(*built["columns"], strict=True)]
    row_offsets = array("i", [0])
    for packed in rows:
        row_offsets.append(row_offsets[-1] + len(packed))
    spellings = [SPELLING_SEPARATOR.join(names).encode("utf-8") for names in built["names"]]
    name_offsets = array("i", [0])
    for packed in spellings:
        name_offsets.append(name_offsets[-1] + len(packed))
    return {
        "rows": b"".join(rows),
        "row_offsets": row_offsets.tobytes(),
        "ids": array("i", built["columns"][ID]).tobytes(),
        "keys": "\n".join(built["by_key"]).encode("utf-8"),
        "positions": positions.tobytes(),
        "key_offsets": key_offsets.tobytes(),
        "prefixes": "\n".join(sorted(built["prefixes"])).encode("utf-8"),
        "place_population": built["place_population"],
        "names": b"".join(spellings),
        "name_offsets": name_offsets.tobytes(),
        "words": "\n".join(sorted(built["words"])).encode("utf-8"),
    }


def _flattened(groups) -> tuple[array, array]:
    """Groups of ints as one flat array and the offsets where each group starts (one more at the end)."""
    flat, offsets = array("i"), array("i", [0])
    for group in groups:
        flat.extend(group)
        offsets.append(len(flat))
    return flat, offsets


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

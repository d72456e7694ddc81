"""Geocode UCDP GED place names and write PLACES.jsonl for `score.py geo`.

    python bench/geo_score.py GED.csv OUT.jsonl [--years 2018] [--gold-out GOLD.csv] [--default-data FOLDER]

Queries: the unique `where_coordinates` with where_prec 1-2 (of the given years). With --gold-out,
the matching GED rows are written too, so a later year can be scored alone. With --admin-context,
each query carries its row's `adm_1` as explicit admin context ("X village, Aleppo Governorate"),
as an analyst geocoding a GED-style table would; the admin1 figure is then partly circular.
With --default-data, the queries are geocoded against a fresh index built from that data folder (a
variant written by scripts/build_gazetteer.py, e.g. one that learns GED 2016-2017 only) in a temporary
SITREP_HOME, with nothing else loaded. Prints look-ups/s.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sitrep.geo import Gazetteer, geocode_many
from sitrep.geo.default_gazetteer import build_default


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ged")
    parser.add_argument("out")
    parser.add_argument("--years", default=None)
    parser.add_argument("--gold-out", default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--admin-context", action="store_true")
    parser.add_argument("--default-data", type=Path, default=None, help="build a fresh index from this data folder")
    args = parser.parse_args()
    if not Path(args.ged).is_file():
        sys.exit(f"{args.ged}: no such file (the GED export to score against)")
    years = {y for y in args.years.split(",")} if args.years else None
    with open(args.ged, newline="") as fp:
        rows = [r for r in csv.DictReader(fp) if r["where_prec"] in ("1", "2") and (not years or r["year"] in years)]
    if args.gold_out:
        with open(args.gold_out, "w", newline="") as fp:
            writer = csv.DictWriter(fp, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    first_rows: dict[str, dict[str, str]] = {}
    for row in rows:
        first_rows.setdefault(row["where_coordinates"], row)
    queries = list(first_rows)
    asked = [f"{q}, {first_rows[q]['adm_1']}" if args.admin_context else q for q in queries]
    if args.default_data:
        with tempfile.TemporaryDirectory(prefix="sitrep-geo-score-") as scratch:
            build_default(Path(scratch), args.default_data)
            places, timings = timed_geocoding(asked, Path(scratch), args.runs)
    else:
        places, timings = timed_geocoding(asked, None, args.runs)
    with open(args.out, "w") as fp:
        for query, place in zip(queries, places, strict=True):
            fp.write(json.dumps({**place.to_dict(), "query": query}, ensure_ascii=False) + "\n")
    unresolved = sum(not p.resolved for p in places)
    print(
        json.dumps(
            {
                "queries": len(queries),
                "unresolved": unresolved,
                "lookups_per_s_uncached_median": round(len(queries) / statistics.median(timings)),
            }
        )
    )


def timed_geocoding(queries: list[str], home: Path | None, runs: int) -> tuple[list, list[float]]:
    """The places of the queries, and the seconds of each of `runs` passes over them."""
    gazetteer = Gazetteer.open(home)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        places = list(geocode_many(queries, gazetteer, country="SY"))
        timings.append(time.perf_counter() - started)
    return places, timings


if __name__ == "__main__":
    main()

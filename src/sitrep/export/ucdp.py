"""UCDP GED-compatible CSV: GED's 41 columns in its order, organised lethal violence only, by GED's rules.

Events GED does not code (protests, riots, strategic developments, violence without deaths or with a
side unknown) are left out, and the context says how many. See docs/exports.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from ..countries import country_facts
from ..model import Event, EventCluster
from .context import ExportContext
from .ged_rules import count_deaths, date_span, oriented_sides, violence_type
from .names import ascii_name, ged_admin1, ged_side
from .rows import write_csv_rows
from .sides import acled_coding

# UCDP GED 19.1 and later (GED codebook): 41 columns in this order.
COLUMNS = [
    "id",
    "year",
    "active_year",
    "type_of_violence",
    "conflict_new_id",
    "conflict_name",
    "dyad_new_id",
    "dyad_name",
    "side_a_new_id",
    "side_a",
    "side_b_new_id",
    "gwnob",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "low",
    "best",
    "high",
]
# GED's where_prec: 1 the exact place, 2 within 25 km of it, 4 the first-order admin region, 6 the country.
WHERE_PREC = {1: 1, 2: 2, 3: 4}
ONLY_COUNTRY = 6
# GED's date_prec: 1 the day, 3 the week, 4 the month (8-30 days).
DATE_PREC = {1: 1, 2: 3, 3: 4}
GRID_DEGREES = 0.5
GRID_COLUMNS = 720


def priogrid_cell(latitude: float, longitude: float) -> int:
    """The PRIO-GRID cell (0.5°, numbered from the south-west corner by rows of 720) GED places a point in."""
    row = int((latitude + 90) // GRID_DEGREES)
    column = int((longitude + 180) // GRID_DEGREES)
    return row * GRID_COLUMNS + column + 1


def ged_row(event: Event) -> dict | None:
    """The GED row of an event, or None when GED would not code it."""
    coded = acled_coding(event)
    kind = violence_type(coded)
    if kind is None:
        return None
    side_a, side_b, _ = oriented_sides(coded, kind)
    deaths = count_deaths(coded, side_a, side_b, kind)
    if deaths.best == 0:
        return None
    facts = country_facts(coded.country)
    start, end = date_span(coded.event_date, coded.time_precision)
    point = (coded.latitude, coded.longitude) if coded.latitude is not None and coded.longitude is not None else None
    sides = (ged_side(side_a), ged_side(side_b))
    return {
        "id": "",
        "year": start[:4],
        "type_of_violence": kind,
        "dyad_name": " - ".join(sides),
        "side_a": sides[0],
        "side_b": sides[1],
        **_sources(coded),
        "where_prec": WHERE_PREC.get(coded.geo_precision or 0, ONLY_COUNTRY if coded.country else ""),
        "where_coordinates": ascii_name(coded.location),
        "adm_1": ged_admin1(coded.country, coded.admin1),
        "adm_2": f"{ascii_name(coded.admin2)} district" if coded.admin2 else "",
        "latitude": point[0] if point else "",
        "longitude": point[1] if point else "",
        "geom_wkt": f"POINT ({point[1]} {point[0]})" if point else "",
        "priogrid_gid": priogrid_cell(*point) if point else "",
        "country": coded.country or "",
        "country_id": facts.get("gwno", ""),
        "region": facts.get("ged_region", ""),
        "event_clarity": 1 if coded.time_precision == 1 else 2,
        "date_prec": DATE_PREC.get(coded.time_precision or 0, ""),
        "date_start": start,
        "date_end": end,
        "deaths_a": deaths.a,
        "deaths_b": deaths.b,
        "deaths_civilians": deaths.civilians,
        "deaths_unknown": deaths.unknown,
        "low": deaths.low,
        "best": deaths.best,
        "high": deaths.high,
    }


def _sources(event: Event) -> dict:
    """GED's source columns: each report as "outlet,date,sentence"; the outlets; who the figures come from."""
    if isinstance(event, EventCluster) and event.reports:
        reports = [(r.source or "", r.published or "") for r in event.reports]
    else:
        reports = [(event.source or "", "")]
    claimants = dict.fromkeys(c.claimant for c in event.claims if c.kind == "killed" and c.claimant)
    return {
        "number_of_sources": len(reports),
        "source_article": ";".join(
            f"{source},{published}" + (f",{event.text}" if position == 0 else "")
            for position, (source, published) in enumerate(reports)
        ),
        "source_office": ";".join(dict.fromkeys(source for source, _ in reports if source)),
        "source_date": ";".join(dict.fromkeys(published for _, published in reports if published)),
        "source_original": ";".join(claimants),
    }


def ged_rows(events: Iterable[Event], context: ExportContext | None = None) -> list[dict]:
    """GED rows of the events GED codes; the context's notes say how many were left out and why."""
    context = context or ExportContext()
    listed = list(events)
    coded = [(event.event_id, ged_row(event)) for event in listed]
    rows = [(event_id, row) for event_id, row in coded if row is not None]
    numbers = context.numbers("ged", [event_id for event_id, _ in rows])
    for event_id, row in rows:
        row["id"] = numbers[event_id]
    left_out = len(listed) - len(rows)
    if left_out:
        context.notes.append(
            f"left out {left_out} of {len(listed)} events that GED does not code: only organised lethal violence "
            "(state-based, non-state, one-sided) with at least one death and both sides known"
        )
    return [row for _, row in rows]


def write_ucdp(events: Iterable[Event], fp: BinaryIO, context: ExportContext | None = None) -> int:
    return write_csv_rows(ged_rows(events, context), COLUMNS, fp)

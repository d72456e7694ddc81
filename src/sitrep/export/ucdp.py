"""UCDP GED-compatible CSV: the GED columns sitrep can fill honestly from its events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..model import Event
from .rows import sources_cell, write_csv_rows

COLUMNS = [
    "id",
    "year",
    "type_of_violence",
    "side_a",
    "side_b",
    "source_article",
    "source_original",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "country",
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
# UCDP's where_prec: 1 exact place, 2 within 25 km, 3 second-order admin, 4 first-order admin.
WHERE_PREC = {1: 1, 2: 2, 3: 4}
DATE_PREC = {1: 1, 2: 3, 3: 4}


def violence_type(event: Event) -> int | str:
    """1 state-based, 2 non-state, 3 one-sided (UCDP); '' for events outside organised violence."""
    if event.event_type not in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        return ""
    if event.inter2 == 7 or event.event_type == "Violence against civilians":
        return 3
    return 1 if 1 in (event.inter1, event.inter2) else 2


def ucdp_row(event: Event) -> dict:
    best = event.fatalities_best if event.fatalities_best is not None else event.fatalities
    deaths = {"deaths_a": 0, "deaths_b": 0, "deaths_civilians": 0, "deaths_unknown": 0}
    for claim in event.claims:
        if claim.kind != "killed":
            continue
        key = (
            "deaths_a"
            if claim.side and claim.side == event.actor1
            else "deaths_b"
            if claim.side and claim.side == event.actor2
            else "deaths_civilians"
            if claim.side and claim.side.startswith("Civilians")
            else "deaths_unknown"
        )
        deaths[key] = max(deaths[key], claim.value)
    return {
        "id": event.event_id,
        "year": (event.event_date or "")[:4],
        "type_of_violence": violence_type(event),
        "side_a": event.actor1,
        "side_b": event.actor2,
        "source_article": event.text,
        "source_original": sources_cell(event),
        "where_prec": WHERE_PREC.get(event.geo_precision, ""),
        "where_coordinates": event.location or "",
        "adm_1": event.admin1 or "",
        "adm_2": event.admin2 or "",
        "latitude": "" if event.latitude is None else event.latitude,
        "longitude": "" if event.longitude is None else event.longitude,
        "country": event.country or "",
        "date_prec": DATE_PREC.get(event.time_precision, ""),
        "date_start": event.event_date or "",
        "date_end": event.event_date or "",
        **deaths,
        "low": event.fatalities_low if event.fatalities_low is not None else event.fatalities,
        "best": best,
        "high": event.fatalities_high if event.fatalities_high is not None else best,
    }


def write_ucdp(events: Iterable[Event], fp: TextIO) -> int:
    return write_csv_rows((ucdp_row(event) for event in events), COLUMNS, fp)

"""ACLED-compatible CSV: ACLED's column names and order, derived fields filled from the event."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TextIO

from ..countries import country_facts
from ..model import Event
from ..profiles import publisher_profile
from .rows import sources_cell, write_csv_rows

COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


def disorder_type(event: Event) -> str:
    if event.event_type == "Riots" and event.sub_event_type == "Violent demonstration":
        return "Demonstrations"
    return DISORDER.get(event.event_type, "")


def interaction(event: Event) -> str:
    """ACLED's two-digit interaction code: the smaller inter code first (1 and 7 → 17)."""
    codes = sorted(c for c in (event.inter1, event.inter2) if c)
    if not codes:
        return ""
    return f"{codes[0]}0" if len(codes) == 1 else f"{codes[0]}{codes[1]}"


def source_scale(event: Event) -> str:
    """ACLED's scales of the event's sources, from their publisher profiles ("Local partner-National");
    `sitrep train` learns them from an ACLED export's source column."""
    scales: list[str] = []
    for name in event.sources or ([event.source] if event.source else []):
        profile = publisher_profile(name)
        if profile and profile.source_scale and profile.source_scale not in scales:
            scales.append(profile.source_scale)
    return "-".join(scales)


def acled_row(event: Event) -> dict:
    facts = country_facts(event.country)
    civilians_targeted = event.inter2 == 7 and event.event_type in (
        "Violence against civilians",
        "Explosions/Remote violence",
        "Battles",
    )
    return {
        "event_id_cnty": event.event_id,
        "event_date": event.event_date or "",
        "year": (event.event_date or "")[:4],
        "time_precision": event.time_precision or "",
        "disorder_type": disorder_type(event),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": event.assoc_actor_1,
        "inter1": event.inter1 or "",
        "actor2": event.actor2,
        "assoc_actor_2": event.assoc_actor_2,
        "inter2": event.inter2 or "",
        "interaction": interaction(event),
        "civilian_targeting": "Civilian targeting" if civilians_targeted else "",
        "iso": facts.get("iso", ""),
        "region": facts.get("region", ""),
        "country": event.country or "",
        "admin1": event.admin1 or "",
        "admin2": event.admin2 or "",
        "admin3": "",
        "location": event.location or "",
        "latitude": "" if event.latitude is None else f"{event.latitude:.4f}",
        "longitude": "" if event.longitude is None else f"{event.longitude:.4f}",
        "geo_precision": event.geo_precision or "",
        "source": sources_cell(event),
        "source_scale": source_scale(event),
        "notes": event.text,
        "fatalities": event.fatalities,
        "tags": "",
        "timestamp": int(datetime.now(UTC).timestamp()),
    }


def write_acled(events: Iterable[Event], fp: TextIO) -> int:
    return write_csv_rows((acled_row(event) for event in events), COLUMNS, fp)

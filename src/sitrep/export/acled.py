"""ACLED-compatible CSV: the columns of a current ACLED export, in its order, filled by ACLED's rules.

`event_id_cnty` is the ISO alpha-3 prefix and a number the store gives the event the first time it is
exported and keeps; place names are ASCII, governorates in ACLED's spelling; `timestamp` is when the
event was stored or last changed (Unix seconds). See docs/exports.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from ..countries import country_facts
from ..model import Event
from ..profiles import publisher_profile
from .context import ExportContext, derived_number
from .names import acled_admin1, ascii_name
from .rows import sources_cell, write_csv_rows
from .sides import acled_coding, civilians_targeted

# A current ACLED export (ACLED codebook, 2023-): 31 columns in this order.
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
# Demonstration events carry a crowd-size tag in ACLED; sitrep reads no crowd sizes.
UNKNOWN_CROWD = "crowd size=no report"
UNKNOWN_COUNTRY = "XXX"


def disorder_type(event: Event) -> str:
    """ACLED's disorder type: violent demonstrations are demonstrations; force against protesters is both."""
    if event.sub_event_type == "Violent demonstration":
        return "Demonstrations"
    if event.sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    return DISORDER.get(event.event_type, "")


def interaction(event: Event) -> str:
    """ACLED's two-digit interaction code: the smaller inter code first (1 and 7 → 17); one actor alone → 10."""
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


def tags(event: Event) -> str:
    return UNKNOWN_CROWD if event.event_type in ("Protests", "Riots") else ""


def acled_row(event: Event, number: int | None = None, timestamp: int | None = None) -> dict:
    """One event's ACLED row; without a number, the one derived from its id (as for an unstored event)."""
    coded = acled_coding(event)
    facts = country_facts(coded.country)
    number = derived_number(event.event_id) if number is None else number
    return {
        "event_id_cnty": f"{facts.get('iso3', UNKNOWN_COUNTRY)}{number}",
        "event_date": coded.event_date or "",
        "year": (coded.event_date or "")[:4],
        "time_precision": coded.time_precision or "",
        "disorder_type": disorder_type(coded),
        "event_type": coded.event_type,
        "sub_event_type": coded.sub_event_type,
        "actor1": coded.actor1,
        "assoc_actor_1": coded.assoc_actor_1,
        "inter1": coded.inter1 or "",
        "actor2": coded.actor2,
        "assoc_actor_2": coded.assoc_actor_2,
        "inter2": coded.inter2 or "",
        "interaction": interaction(coded),
        "civilian_targeting": "Civilian targeting" if civilians_targeted(coded) else "",
        "iso": facts.get("iso", ""),
        "region": facts.get("region", ""),
        "country": coded.country or "",
        "admin1": acled_admin1(coded.country, coded.admin1),
        "admin2": ascii_name(coded.admin2),
        "admin3": ascii_name(coded.admin3),
        "location": ascii_name(coded.location),
        "latitude": "" if coded.latitude is None else f"{coded.latitude:.4f}",
        "longitude": "" if coded.longitude is None else f"{coded.longitude:.4f}",
        "geo_precision": coded.geo_precision or "",
        "source": sources_cell(coded),
        "source_scale": source_scale(coded),
        "notes": coded.text,
        "fatalities": coded.fatalities,
        "tags": tags(coded),
        "timestamp": "" if timestamp is None else timestamp,
    }


def acled_rows(events: Iterable[Event], context: ExportContext | None = None) -> list[dict]:
    """ACLED rows of the events, numbered per country with the numbers the context keeps."""
    context = context or ExportContext()
    listed = list(events)
    numbers: dict[str, int] = {}
    for iso3 in dict.fromkeys(country_facts(e.country).get("iso3", UNKNOWN_COUNTRY) for e in listed):
        ids = [e.event_id for e in listed if country_facts(e.country).get("iso3", UNKNOWN_COUNTRY) == iso3]
        numbers.update(context.numbers(f"acled:{iso3}", ids))
    times = context.change_times(listed)
    return [
        acled_row(e, numbers[e.event_id], int(times[e.event_id].timestamp()) if e.event_id in times else None)
        for e in listed
    ]


def write_acled(events: Iterable[Event], fp: BinaryIO, context: ExportContext | None = None) -> int:
    return write_csv_rows(acled_rows(events, context), COLUMNS, fp)

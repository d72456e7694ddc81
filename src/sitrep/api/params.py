"""Query parameters of the event endpoints, checked and turned into an EventQuery.

A bad value is answered with 400 and a message that names the parameter (`BadParameter`).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Literal

from fastapi import Query

from ..store.queries import LISTED_FIELDS, EventQuery

MAX_LIMIT = 10_000
Format = Literal["json", "geojson", "csv", "columns"]


class BadParameter(Exception):
    """A query parameter whose value the API cannot use; answered with 400."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(f"parameter '{parameter}': {message}")


def event_filters(
    date_from: Annotated[date | None, Query(alias="from", description="First event date, YYYY-MM-DD.")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Last event date, YYYY-MM-DD.")] = None,
    bbox: Annotated[
        str | None, Query(description="Bounding box west,south,east,north in degrees (lon/lat).", max_length=200)
    ] = None,
    admin1: Annotated[
        str | None,
        Query(description="Governorate / province in any spelling the geocoder knows (Idlib, Idleb).", max_length=200),
    ] = None,
    event_type: Annotated[
        str | None, Query(alias="type", description="ACLED event type or sub-event type.", max_length=200)
    ] = None,
    sub_type: Annotated[str | None, Query(description="ACLED sub-event type.", max_length=200)] = None,
    actor: Annotated[str | None, Query(description="Substring of any actor's name.", max_length=300)] = None,
    publisher: Annotated[str | None, Query(description="Publisher (source) name.", max_length=300)] = None,
    min_fatalities: Annotated[
        int | None, Query(ge=0, le=10_000_000, description="At least this many killed (best estimate).")
    ] = None,
    q: Annotated[str | None, Query(description="Full-text search over the documents.", max_length=500)] = None,
) -> EventQuery:
    """The filters shared by /events and /stats."""
    from ..geo.gazetteer import admin1_spelling  # the CLI's spelling folding; loaded on the first request

    if date_from and date_to and date_from > date_to:
        raise BadParameter("from", f"{date_from} is after 'to' ({date_to})")
    return EventQuery(
        date_from=date_from,
        date_to=date_to,
        bbox=parse_bbox(bbox) if bbox else None,
        admin1=admin1_spelling(_blank_is_none(admin1)),
        event_type=_blank_is_none(event_type),
        sub_event_type=_blank_is_none(sub_type),
        actor=_blank_is_none(actor),
        publisher=_blank_is_none(publisher),
        min_fatalities=min_fatalities,
        text=_blank_is_none(q),
    )


def parse_bbox(raw: str) -> tuple[float, float, float, float]:
    parts = raw.split(",")
    if len(parts) != 4:
        raise BadParameter("bbox", f"needs four numbers west,south,east,north, got {raw!r}")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise BadParameter("bbox", f"needs four numbers west,south,east,north, got {raw!r}") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise BadParameter("bbox", "coordinates must be finite numbers")
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise BadParameter("bbox", "longitudes must lie between -180 and 180")
    if not (-90 <= south <= north <= 90):
        raise BadParameter("bbox", "latitudes must lie between -90 and 90, south before north")
    return west, south, east, north


def parse_fields(raw: str | None, known: list[str] = LISTED_FIELDS) -> list[str]:
    """The `fields=` a caller asked for, among the `known` ones (all of them when none is named)."""
    if not raw:
        return list(known)
    wanted = [name.strip() for name in raw.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise BadParameter("fields", f"unknown field(s) {', '.join(unknown)}; known: {', '.join(known)}")
    if not wanted:
        raise BadParameter("fields", "name at least one field")
    return list(dict.fromkeys(["event_id", *wanted]))


def _blank_is_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None

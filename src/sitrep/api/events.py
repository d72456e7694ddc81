"""GET /events, /events/{id} and /stats over canonical events; /reports and /reports/{id} per report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from ..store import Store, canonical_queries, queries
from ..store.queries import LISTED_FIELDS, CursorError, EventPage, EventQuery
from .formats import json_response, page_response
from .models import (
    CanonicalDetailOut,
    ErrorOut,
    EventColumnsOut,
    EventDetailOut,
    EventPageOut,
    ReportPageOut,
    StatsOut,
)
from .params import MAX_LIMIT, BadParameter, Format, event_filters, parse_fields

router = APIRouter(tags=["events"])
BAD_REQUEST: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "A parameter the API cannot use (named in `error`)."}
}
OTHER_FORMATS: dict[str, Any] = {"application/geo+json": {}, "text/csv": {}}
Order = Annotated[Literal["asc", "desc"], Query(description="By event date: asc (oldest first) or desc.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Events per page.")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the page before.", max_length=1000)]
FormatParam = Annotated[
    Format,
    Query(
        alias="format",
        description="json, geojson, csv, or columns: one list per field (`columns`, in `fields` order), "
        "the compact form for thousands of map markers.",
    ),
]
Fields = Annotated[
    str | None, Query(description="Comma-separated fields each event keeps (default all).", max_length=2000)
]
CountParam = Annotated[bool, Query(description="Also count every matching event (`total`).")]


@dataclass
class Paging:
    order: Literal["asc", "desc"]
    limit: int
    cursor: str | None
    fmt: Format
    fields: str | None
    count: bool


def paging_parameters(
    order: Order = "asc",
    limit: Limit = 100,
    cursor: Cursor = None,
    fmt: FormatParam = "json",
    fields: Fields = None,
    count: CountParam = False,
) -> Paging:
    """Order, page size, cursor, format and fields of a listing."""
    return Paging(order, limit, cursor, fmt, fields, count)


@router.get(
    "/events",
    response_model=None,
    responses={
        200: {
            "model": EventPageOut | EventColumnsOut,
            "description": "A page of canonical events (JSON); GeoJSON, CSV or columns with `format`.",
            "content": OTHER_FORMATS,
        },
        **BAD_REQUEST,
    },
)
def list_events(
    request: Request,
    filters: Annotated[EventQuery, Depends(event_filters)],
    paging: Annotated[Paging, Depends(paging_parameters)],
) -> Response:
    """Canonical events (one per real event, however many outlets reported it) matching the filters, in
    event-date order, a page at a time. Publisher and `q` match an event when one of its reports does."""
    fields = canonical_queries.CANONICAL_FIELDS
    columnar = paging.fmt == "columns"
    read = canonical_queries.canonical_columns if columnar else canonical_queries.list_canonical
    return _listing(request, filters, paging, fields, read, canonical_queries.count_canonical)


@router.get(
    "/events/{event_id}",
    response_model=None,
    responses={200: {"model": CanonicalDetailOut}, 404: {"model": ErrorOut}},
)
def get_event(request: Request, event_id: str) -> Response:
    """One canonical event: every claim (claimant, outlet, sentence), its member reports with why each is
    a member, its versions with why they changed, and the analysts' review log."""
    store = request.app.state.store
    event = canonical_queries.get_canonical(store, event_id)
    if event is None:
        canonical = canonical_queries.canonical_of(store, event_id)
        if canonical:
            raise HTTPException(404, f"{event_id!r} is one report's event, of canonical event {canonical}: "
                                f"see /events/{canonical}, or /reports/{event_id} for the report alone")  # fmt: skip
        raise HTTPException(404, f"no canonical event with id {event_id!r}")
    return json_response(event)


@router.get("/stats", response_model=None, responses={200: {"model": StatsOut}, **BAD_REQUEST})
def stats(request: Request, filters: Annotated[EventQuery, Depends(event_filters)]) -> Response:
    """Counts and fatalities of the matching canonical events by day, type, sub-type, governorate,
    publisher (an event counts for each outlet that reported it) and actor."""
    return json_response(canonical_queries.canonical_stats(request.app.state.store, filters))


@router.get(
    "/reports",
    response_model=None,
    tags=["reports"],
    responses={
        200: {
            "model": ReportPageOut | EventColumnsOut,
            "description": "A page of report events; GeoJSON, CSV or columns with `format`.",
            "content": OTHER_FORMATS,
        },
        **BAD_REQUEST,
    },
)
def list_reports(
    request: Request,
    filters: Annotated[EventQuery, Depends(event_filters)],
    paging: Annotated[Paging, Depends(paging_parameters)],
) -> Response:
    """Each report's own event (one per document that reports it, before merging), with the same filters."""
    return _listing(request, filters, paging, LISTED_FIELDS, queries.list_events, queries.count_events)


@router.get(
    "/reports/{event_id}",
    response_model=None,
    tags=["reports"],
    responses={200: {"model": EventDetailOut}, 404: {"model": ErrorOut}},
)
def get_report(request: Request, event_id: str) -> Response:
    """One report's own event with its claims and the revisions of its document, and the canonical event
    it is a member of (`canonical_event_id`)."""
    store = request.app.state.store
    event = queries.get_event(store, event_id)
    if event is None:
        raise HTTPException(404, f"no report event with id {event_id!r}")
    event["canonical_event_id"] = canonical_queries.canonical_of(store, event_id)
    return json_response(event)


def _listing(
    request: Request,
    filters: EventQuery,
    paging: Paging,
    known: list[str],
    read: Callable[[Store, EventQuery], EventPage],
    count: Callable[[Store, EventQuery], int],
) -> Response:
    filters.order, filters.limit, filters.cursor = paging.order, paging.limit, paging.cursor
    filters.include = parse_fields(paging.fields, known)
    store = request.app.state.store
    try:
        page = read(store, filters)
    except CursorError as exc:
        raise BadParameter("cursor", str(exc)) from None
    total = count(store, filters) if paging.count else None
    return page_response(page, paging.fmt, request, total, filters.include)

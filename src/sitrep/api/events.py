"""GET /events, /events/{id} and /stats."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from ..store import queries
from ..store.queries import CursorError, EventQuery
from .formats import json_response, page_response
from .models import ErrorOut, EventDetailOut, EventPageOut, StatsOut
from .params import MAX_LIMIT, BadParameter, Format, event_filters, parse_fields

router = APIRouter(tags=["events"])
BAD_REQUEST: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "A parameter the API cannot use (named in `error`)."}
}


@router.get(
    "/events",
    response_model=None,
    responses={
        200: {
            "model": EventPageOut,
            "description": "A page of events (JSON); GeoJSON or CSV with `format`.",
            "content": {"application/geo+json": {}, "text/csv": {}},
        },
        **BAD_REQUEST,
    },
)
def list_events(
    request: Request,
    filters: Annotated[EventQuery, Depends(event_filters)],
    order: Annotated[Literal["asc", "desc"], Query(description="By event date: asc (oldest first) or desc.")] = "asc",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Events per page.")] = 100,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the page before.", max_length=1000)] = None,
    fmt: Annotated[Format, Query(alias="format", description="json, geojson or csv.")] = "json",
    fields: Annotated[
        str | None, Query(description="Comma-separated fields each event keeps (default all).", max_length=2000)
    ] = None,
    count: Annotated[bool, Query(description="Also count every matching event (`total`).")] = False,
) -> Response:
    """Events matching the filters, in event-date order, a page at a time (cursor pagination)."""
    filters.order, filters.limit, filters.cursor = order, limit, cursor
    filters.include = parse_fields(fields)
    store = request.app.state.store
    try:
        page = queries.list_events(store, filters)
    except CursorError as exc:
        raise BadParameter("cursor", str(exc)) from None
    total = queries.count_events(store, filters) if count else None
    return page_response(page, fmt, request, total, filters.include)


@router.get(
    "/events/{event_id}",
    response_model=None,
    responses={200: {"model": EventDetailOut}, 404: {"model": ErrorOut}},
)
def get_event(request: Request, event_id: str) -> Response:
    """One event with every claim (claimant, outlet, sentence), its reports and its revision history."""
    event = queries.get_event(request.app.state.store, event_id)
    if event is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return json_response(event)


@router.get("/stats", response_model=None, responses={200: {"model": StatsOut}, **BAD_REQUEST})
def stats(request: Request, filters: Annotated[EventQuery, Depends(event_filters)]) -> Response:
    """Counts and fatalities of the matching events by day, type, sub-type, governorate, publisher, actor."""
    return json_response(queries.event_stats(request.app.state.store, filters))

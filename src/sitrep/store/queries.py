"""Read-only queries behind the API over each report's own event (`/reports`): pages of them, one in
full with its revisions, a document with its event spans, and counts; and the filters, cursors and
grouped counts that the canonical events' queries (store.canonical_queries, `/events`) share.

A report's event is shaped with the fields a canonical event has (`reports`, `outlets`, `conflict`:
here the claims of the one report that cannot all be true).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sqlalchemy import Select, Table, and_, func, or_, select, true

from ..errors import SitrepError
from .repository import EventFilter, Store
from .schema import documents, events
from .views import (
    EVENT_FIELDS,
    LISTED_FIELDS,
    STORED_FIELDS,
    claims_of,
    figure_in_sentence,
    iso,
    repeated_toll_claims,
    shape_event,
)

Order = Literal["asc", "desc"]
UNDATED_LAST = {"asc": "undated", "desc": "undated"}  # the cursor key once dated events are done
_EVENT_COLUMNS = [events.c[name] for name in EVENT_FIELDS if name not in ("claims", "sources")]
_DOCUMENT_COLUMNS = [
    documents.c.published,
    documents.c.title,
    documents.c.url,
    documents.c.doc_id,
    documents.c.revision,
    documents.c.ingested_at,
]


class CursorError(SitrepError):
    """A pagination cursor that this query did not hand out."""


@dataclass
class EventQuery:
    """Which events a caller wants, in which order, and how many at a time."""

    date_from: date | None = None
    date_to: date | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    admin1: str | None = None
    event_type: str | None = None  # an event type or a sub-event type, like `sitrep events --type`
    sub_event_type: str | None = None
    actor: str | None = None
    publisher: str | None = None
    min_fatalities: int | None = None  # compared with the best estimate (the ACLED figure when none)
    text: str | None = None
    order: Order = "asc"
    limit: int = 100
    cursor: str | None = None
    include: list[str] = field(default_factory=lambda: list(LISTED_FIELDS))  # the fields each event keeps


@dataclass
class EventPage:
    events: list[dict[str, Any]]
    next_cursor: str | None
    columns: dict[str, list[Any]] | None = None  # the same page as one list per field, where built so


def refresh_statistics(store: Store) -> None:
    """Let SQLite's planner know how the events spread (ANALYZE, a fraction of a second on 100,000
    events): without statistics it filters on `superseded` and sorts every match instead of walking the
    event-date index, a hundred times slower. PostgreSQL keeps its own statistics."""
    if store.engine.dialect.name == "sqlite":
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def list_events(store: Store, query: EventQuery) -> EventPage:
    """One page of events matching the query, in date order; `next_cursor` continues it.

    Dated events come first, walked along the event-date index (a page costs the rows up to its last
    match, not a sort of every match); undated ones follow in id order."""
    after = decode_cursor(query.cursor, query.order) if query.cursor else None
    with store.engine.connect() as conn:
        rows: list[Any] = []
        if after is None or after[0] != UNDATED_LAST[query.order]:
            rows = list(conn.execute(_dated_page(store, query, after)).mappings())
        if len(rows) <= query.limit:
            undated_after = after[1] if after and after[0] == UNDATED_LAST[query.order] else None
            wanted_more = query.limit + 1 - len(rows)
            rows += conn.execute(_undated_page(store, query, undated_after, wanted_more)).mappings().all()
        page, more = rows[: query.limit], len(rows) > query.limit
        wanted = set(query.include)
        ids = [r["event_id"] for r in page]
        event_claims: dict[str, list[dict[str, Any]]] = {}
        if "claims" in wanted:
            event_claims = claims_of(conn, ids)
        elif "conflict" in wanted:
            event_claims = repeated_toll_claims(conn, ids)
    include = frozenset(query.include)
    shaped = [shape_event(row, event_claims.get(row["event_id"], []), include) for row in page]
    listed = [{name: event[name] for name in query.include} for event in shaped]
    last = page[-1] if more else None
    next_cursor = encode_cursor(query.order, last["event_date"], last["event_id"]) if last else None
    return EventPage(listed, next_cursor)


def _listing(store: Store, query: EventQuery) -> Select:
    """The columns the requested fields need, and no more (a page of 10,000 map markers reads little)."""
    wanted = set(query.include)
    always = {"event_id", "event_date", "source", "document_id"}
    columns = [events.c[name] for name in STORED_FIELDS if name in always or name in wanted]
    columns += [events.c[name] for name in ("sources", "superseded") if name in wanted]
    if wanted & {"published", "reports"}:
        columns.append(documents.c.published)
    columns += [documents.c[name] for name in ("title", "url") if name in wanted]
    return _filtered(store, select(*columns), query)


def _dated_page(store: Store, query: EventQuery, after: tuple[str, str] | None) -> Select:
    day, event_id = events.c.event_date, events.c.event_id
    statement = _listing(store, query).where(day.is_not(None))
    if after and query.order == "asc":
        statement = statement.where(day >= after[0], (day > after[0]) | (event_id > after[1]))
    elif after:
        statement = statement.where(day <= after[0], (day < after[0]) | (event_id < after[1]))
    ordering = (day.asc(), event_id.asc()) if query.order == "asc" else (day.desc(), event_id.desc())
    return statement.order_by(*ordering).limit(query.limit + 1)


def _undated_page(store: Store, query: EventQuery, after_id: str | None, limit: int) -> Select:
    statement = _listing(store, query).where(events.c.event_date.is_(None))
    if after_id:
        statement = statement.where(events.c.event_id > after_id)
    return statement.order_by(events.c.event_id).limit(limit)


def count_events(store: Store, query: EventQuery) -> int:
    """How many events match the query's filters (cursor and limit aside)."""
    statement = _filtered(store, select(func.count()), query)
    with store.engine.connect() as conn:
        return int(conn.scalar(statement) or 0)


def get_event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event in full: its claims with claimant and outlet, its reports, and its revision history."""
    statement = (
        select(
            *_EVENT_COLUMNS,
            *_DOCUMENT_COLUMNS,
            events.c.sources,
            events.c.superseded,
            events.c.ordinal,
            events.c.document_row,
        )
        .join(documents, events.c.document_row == documents.c.row_id)
        .where(events.c.event_id == event_id)
    )
    with store.engine.connect() as conn:
        row = conn.execute(statement).mappings().first()
        if row is None:
            return None
        event = shape_event(row, claims_of(conn, [event_id]).get(event_id, []))
        event["revisions"] = _revisions(conn, row["document_id"], row["ordinal"])
        text = conn.scalar(select(documents.c.text).where(documents.c.row_id == row["document_row"]))
    for claim in event["claims"]:
        claim["highlight"] = figure_in_sentence(text or "", claim)
    current = [r for r in event["revisions"] if r["current"]]
    event["current_event_id"] = current[0]["event_id"] if current else None
    return event


def get_document(store: Store, document_id: str, revision: int | None = None) -> dict[str, Any] | None:
    """A document's cleaned text (the latest revision unless one is named), its revisions and the spans
    of the text its events and their claims were read from."""
    with store.engine.connect() as conn:
        revisions = conn.execute(
            select(documents.c.row_id, documents.c.revision, documents.c.ingested_at, documents.c.superseded)
            .where(documents.c.doc_id == document_id)
            .order_by(documents.c.revision)
        ).all()
        chosen = [r for r in revisions if revision is None or r.revision == revision]
        if not chosen:
            return None
        row = conn.execute(select(documents).where(documents.c.row_id == chosen[-1].row_id)).mappings().one()
        event_rows = conn.execute(
            select(*_EVENT_COLUMNS).where(events.c.document_row == row["row_id"]).order_by(events.c.ordinal)
        ).mappings()
        doc_events = [dict(r) for r in event_rows]
        event_claims = claims_of(conn, [e["event_id"] for e in doc_events])
    spans = []
    for event in doc_events:
        spans.append(_span("event", event, event["event_id"]))
        spans.extend(_span("claim", c, event["event_id"]) for c in event_claims.get(event["event_id"], []))
    return {
        "id": row["doc_id"],
        "revision": row["revision"],
        "superseded": row["superseded"],
        "title": row["title"],
        "published": iso(row["published"]),
        "publisher": row["publisher"],
        "republished_by": row["republished_by"],
        "url": row["url"],
        "format": row["format"],
        "ingested_at": iso(row["ingested_at"]),
        "text": row["text"],
        "events": [
            {k: e[k] for k in ("event_id", "event_date", "event_type", "sub_event_type", "location")}
            for e in doc_events
        ],
        "spans": [s for s in spans if s["start"] is not None],
        "revisions": [
            {"revision": r.revision, "ingested_at": iso(r.ingested_at), "current": not r.superseded} for r in revisions
        ],
    }


def event_stats(store: Store, query: EventQuery, top: int = 50) -> dict[str, Any]:
    """Counts and fatalities of the matching events by day, type, governorate, publisher and actor."""
    return grouped_stats(store, events, lambda statement: _filtered(store, statement, query), top)


def grouped_stats(
    store: Store,
    table: Table,
    filtered: Callable[[Select], Select],
    top: int,
    by_publisher: Callable[[Any], list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """Counts and fatalities (the best estimate, else ACLED's) of `filtered` rows of an event table by day,
    type, sub-type, governorate, publisher (its `source`, unless `by_publisher` counts otherwise) and actor."""
    best = func.coalesce(table.c.fatalities_best, table.c.fatalities)
    totals = filtered(select(func.count(), func.coalesce(func.sum(best), 0)))

    def grouped(column, limit: int | None = None, by_count: bool = True):
        statement = filtered(select(column, func.count(), func.coalesce(func.sum(best), 0)))
        statement = statement.where(column.is_not(None), column != "").group_by(column)
        statement = statement.order_by(func.count().desc(), column) if by_count else statement.order_by(column)
        return statement.limit(limit) if limit else statement

    with store.engine.connect() as conn:
        count, fatalities = conn.execute(totals).one()

        def rows(statement, key: str) -> list[dict[str, Any]]:
            return [{key: r[0], "events": r[1], "fatalities": int(r[2])} for r in conn.execute(statement)]

        return {
            "events": count,
            "fatalities": int(fatalities),
            "by_day": rows(grouped(table.c.event_date, by_count=False), "day"),
            "by_type": rows(grouped(table.c.event_type), "event_type"),
            "by_sub_type": rows(grouped(table.c.sub_event_type), "sub_event_type"),
            "by_admin1": rows(grouped(table.c.admin1), "admin1"),
            "by_publisher": by_publisher(conn) if by_publisher else rows(grouped(table.c.source, top), "publisher"),
            "by_actor": rows(grouped(table.c.actor1, top), "actor"),
        }


def encode_cursor(order: Order, event_date: str | None, event_id: str) -> str:
    raw = json.dumps([order, event_date or UNDATED_LAST[order], event_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, order: Order) -> tuple[str, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        cursor_order, key, event_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError, binascii.Error):
        raise CursorError("not a cursor this API handed out") from None
    if cursor_order != order or not isinstance(key, str) or not isinstance(event_id, str):
        raise CursorError(f"the cursor belongs to a listing in {cursor_order!r} order, not {order!r}")
    return key, event_id


def _filtered(store: Store, statement: Select, query: EventQuery) -> Select:
    conditions = store._conditions(shared_filter(query)) + api_conditions(events, query)
    statement = statement.select_from(events).join(documents, events.c.document_row == documents.c.row_id)
    return statement.where(and_(true(), *conditions))


def shared_filter(query: EventQuery) -> EventFilter:
    """The filters the API shares with `sitrep events`."""
    return EventFilter(
        date_from=query.date_from,
        date_to=query.date_to,
        admin1=query.admin1,
        event_type=query.event_type,
        actor=query.actor,
        publisher=query.publisher,
        text=query.text,
    )


def api_conditions(table: Table, query: EventQuery) -> list:
    """The filters only the API has (sub-type, minimum killed, bounding box), on an event table."""
    conditions = []
    if query.sub_event_type:
        conditions.append(func.lower(table.c.sub_event_type) == query.sub_event_type.lower())
    if query.min_fatalities is not None:
        conditions.append(func.coalesce(table.c.fatalities_best, table.c.fatalities) >= query.min_fatalities)
    if query.bbox:
        west, south, east, north = query.bbox
        conditions.append(table.c.latitude.between(south, north))
        across = or_(table.c.longitude >= west, table.c.longitude <= east)  # the box spans the antimeridian
        conditions.append(table.c.longitude.between(west, east) if west <= east else across)
    return conditions


def _revisions(conn, document_id: str, ordinal: int) -> list[dict[str, Any]]:
    """The event at the same position in each revision of its document, and which fields changed."""
    statement = (
        select(documents.c.revision, documents.c.ingested_at, documents.c.superseded, *_EVENT_COLUMNS)
        .select_from(documents)
        .outerjoin(events, and_(events.c.document_row == documents.c.row_id, events.c.ordinal == ordinal))
        .where(documents.c.doc_id == document_id)
        .order_by(documents.c.revision)
    )
    history, previous = [], None
    compared = [c.name for c in _EVENT_COLUMNS if c.name not in ("event_id", "start_char", "end_char")]
    for row in conn.execute(statement).mappings():
        values = {name: row[name] for name in compared} if row["event_id"] else None
        changed = [n for n in compared if previous and values and previous[n] != values[n]]
        history.append(
            {
                "revision": row["revision"],
                "ingested_at": iso(row["ingested_at"]),
                "current": not row["superseded"],
                "event_id": row["event_id"],
                "changed": changed if previous is not None else [],
            }
        )
        previous = values
    return history


def _span(kind: str, item: dict[str, Any], event_id: str) -> dict[str, Any]:
    return {"kind": kind, "event_id": event_id, "start": item["start_char"], "end": item["end_char"]}

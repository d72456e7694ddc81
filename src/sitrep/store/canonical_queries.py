"""Read-only queries behind the API and the dashboard over canonical events (one per real event, its
member reports listed): pages, one event in full with why each report is a member, and counts.

The per-report events stay reachable through store.queries (`/reports` in the API).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import JSON, Select, Text, and_, cast, func, select, true

from .queries import (
    UNDATED_LAST,
    CursorError,
    EventPage,
    EventQuery,
    api_conditions,
    decode_cursor,
    encode_cursor,
    grouped_stats,
    shared_filter,
)
from .repository import Store
from .schema import CANONICAL_COLUMNS, clusters, documents, events, memberships
from .views import EVENT_FIELDS, figure_in_sentence

__all__ = [
    "CANONICAL_FIELDS",
    "CursorError",
    "canonical_columns",
    "canonical_stats",
    "count_canonical",
    "get_canonical",
    "list_canonical",
]

CLUSTER_FIELDS = [
    "reports",
    "outlets",
    "conflict",
    "version",
    "changed_at",
    "deleted",
    "deletion_reason",
    "corrections",
]
CANONICAL_FIELDS = EVENT_FIELDS + CLUSTER_FIELDS  # what a canonical event shows; `fields=` picks among them
_COLUMN_FIELDS = frozenset(CANONICAL_COLUMNS) | {"event_id", "version", "changed_at", "deleted", "deletion_reason"}
# Small payload fields that SQL reads out of the payload, so that a page of map markers (columns and
# these) never parses whole payloads in Python: that parse was most of the cost of 10,000 events.
_SQL_PAYLOAD_FIELDS = frozenset({"sources", "outlets", "conflict"})


def list_canonical(store: Store, query: EventQuery) -> EventPage:
    """One page of canonical events matching the query, in event-date order; `next_cursor` continues it.

    Fields held as columns are read as columns; the JSON payload is read only when a field needs it
    (claims, reports…), so a page of 10,000 map markers without them stays cheap."""
    page = canonical_columns(store, query)
    if not page.events and page.columns:
        names, values = list(page.columns), page.columns.values()
        page.events = [dict(zip(names, event, strict=True)) for event in zip(*values, strict=True)]
    return page


def canonical_columns(store: Store, query: EventQuery) -> EventPage:
    """`list_canonical`'s page as one list per field (`columns`), built without a dict per event unless
    a field needs the whole payload (then `events` holds them too)."""
    wanted = list(query.include)
    needs_payload = any(name not in _COLUMN_FIELDS | _SQL_PAYLOAD_FIELDS for name in wanted)
    selected = [clusters.c.cluster_id, clusters.c.event_date]
    selected += [
        clusters.c[name] for name in wanted if name in _COLUMN_FIELDS and name not in ("event_id", "event_date")
    ]
    from_payload = [] if needs_payload else [name for name in wanted if name in _SQL_PAYLOAD_FIELDS]
    if needs_payload:
        selected.append(clusters.c.payload)
    elif from_payload:
        selected.append(_payload_fields(store.engine.dialect.name, from_payload).label("payload_fields"))
    rows, next_cursor = _page_rows(store, query, selected)
    if needs_payload:
        events = [_shape(row._mapping, wanted) for row in rows]
        return EventPage(events, next_cursor, {name: [e[name] for e in events] for name in wanted})
    transposed = [list(values) for values in zip(*rows, strict=True)] if rows else [[] for _ in selected]
    read = dict(zip([column.name for column in selected], transposed, strict=True))
    if from_payload:
        read.update(_parsed_payload_fields(read.pop("payload_fields"), from_payload))
    return EventPage([], next_cursor, {name: _column(name, read) for name in wanted})


def _page_rows(store: Store, query: EventQuery, selected: list) -> tuple[list[Any], str | None]:
    """The page's rows (dated events first, then the undated) and the cursor of the page after it."""
    after = decode_cursor(query.cursor, query.order) if query.cursor else None
    with store.engine.connect() as conn:
        rows: list[Any] = []
        if after is None or after[0] != UNDATED_LAST[query.order]:
            rows = list(conn.execute(_dated_page(store, select(*selected), query, after)))
        if len(rows) <= query.limit:
            undated_after = after[1] if after and after[0] == UNDATED_LAST[query.order] else None
            statement = _filtered(store, select(*selected), query).where(clusters.c.event_date.is_(None))
            if undated_after:
                statement = statement.where(clusters.c.cluster_id > undated_after)
            more_wanted = query.limit + 1 - len(rows)
            rows += conn.execute(statement.order_by(clusters.c.cluster_id).limit(more_wanted)).all()
    page, more = rows[: query.limit], len(rows) > query.limit
    last = page[-1] if more else None
    return page, encode_cursor(query.order, last.event_date, last.cluster_id) if last else None


def _column(name: str, read: dict[str, list[Any]]) -> list[Any]:
    if name == "event_id":
        return read["cluster_id"]
    values = read[name]
    if name == "changed_at":
        return [value.isoformat() if value is not None else None for value in values]
    if name == "deleted":
        return [bool(value) for value in values]
    return values


def _shape(row, wanted: list[str]) -> dict[str, Any]:
    payload = json.loads(row["payload"])
    event = {}
    for name in wanted:
        if name == "event_id":
            event[name] = row["cluster_id"]
        elif name in payload or name not in row:  # a payload stored before the field existed has none
            event[name] = payload.get(name)
        else:
            value = row[name]
            event[name] = value.isoformat() if name == "changed_at" and value is not None else value
    if "deleted" in event:
        event["deleted"] = bool(event["deleted"])
    return event


def _payload_fields(dialect: str, names: list[str]) -> Any:
    """Top-level fields of the payload as one JSON array per event, the payload parsed once by the database."""
    if dialect == "postgresql":
        document = cast(clusters.c.payload, JSON)
        return cast(func.json_build_array(*(func.json_extract_path(document, name) for name in names)), Text)
    paths = [f"$.{name}" for name in names]
    if len(paths) == 1:  # json_extract returns an array only for several paths
        return func.json_array(func.json_extract(clusters.c.payload, paths[0]))
    return func.json_extract(clusters.c.payload, *paths)


def _parsed_payload_fields(arrays: list[str], names: list[str]) -> dict[str, list[Any]]:
    """`_payload_fields`' JSON array of each event as one list per field, parsed once for the whole page."""
    parsed = json.loads("[" + ",".join(arrays) + "]")
    return {name: [values[position] for values in parsed] for position, name in enumerate(names)}


def _dated_page(store: Store, statement: Select, query: EventQuery, after: tuple[str, str] | None) -> Select:
    day, cluster_id = clusters.c.event_date, clusters.c.cluster_id
    statement = _filtered(store, statement, query).where(day.is_not(None))
    if after and query.order == "asc":
        statement = statement.where(day >= after[0], (day > after[0]) | (cluster_id > after[1]))
    elif after:
        statement = statement.where(day <= after[0], (day < after[0]) | (cluster_id < after[1]))
    ordering = (day.asc(), cluster_id.asc()) if query.order == "asc" else (day.desc(), cluster_id.desc())
    return statement.order_by(*ordering).limit(query.limit + 1)


def count_canonical(store: Store, query: EventQuery) -> int:
    """How many canonical events match the query's filters (cursor and limit aside)."""
    with store.engine.connect() as conn:
        return int(conn.scalar(_filtered(store, select(func.count()), query)) or 0)


def get_canonical(store: Store, cluster_id: str) -> dict[str, Any] | None:
    """One canonical event in full: every claim (claimant, outlet, sentence, the figure highlighted), each
    member report with why it is a member, every version with why it changed, and the analysts' log."""
    cluster = store.get_cluster(cluster_id)
    if cluster is None:
        return None
    event = cluster.to_dict()
    with store.engine.connect() as conn:
        linked = dict(
            conn.execute(
                select(memberships.c.event_id, memberships.c.linked_to).where(memberships.c.cluster_id == cluster_id)
            ).all()
        )
        documents_by_id = _member_documents(conn, {r.document_id for r in cluster.reports})
    for report in event["reports"]:
        document = documents_by_id.get(report["document_id"], {})
        report.update(linked_to=linked.get(report["event_id"]), title=document.get("title"), url=document.get("url"))
    for claim in event["claims"]:
        text = documents_by_id.get(claim.get("document_id") or "", {}).get("text", "")
        claim["highlight"] = figure_in_sentence(text, claim)
    event["history"] = [
        {key: version[key] for key in ("version", "changed_at", "reason")}
        for version in store.cluster_history(cluster_id)
    ]
    event["review_log"] = store.review_entries(cluster_id)
    return event


def _member_documents(conn, document_ids: set[str]) -> dict[str, dict[str, Any]]:
    """The current revision's title, URL and text of each member document."""
    statement = select(documents.c.doc_id, documents.c.title, documents.c.url, documents.c.text).where(
        documents.c.doc_id.in_(sorted(document_ids)), documents.c.superseded.is_(False)
    )
    return {row["doc_id"]: dict(row) for row in conn.execute(statement).mappings()}


def canonical_of(store: Store, report_event_id: str) -> str | None:
    """The canonical event a report's own event is a member of."""
    with store.engine.connect() as conn:
        return conn.scalar(select(memberships.c.cluster_id).where(memberships.c.event_id == report_event_id))


def canonical_stats(store: Store, query: EventQuery, top: int = 50) -> dict[str, Any]:
    """Counts and fatalities (the best estimate, else ACLED's) of the matching canonical events by day,
    type, sub-type, governorate, publisher (any member report's outlet) and actor."""

    def filtered(statement: Select) -> Select:
        return _filtered(store, statement, query)

    return grouped_stats(store, clusters, filtered, top, lambda conn: _by_publisher(conn, store, query, top))


def _by_publisher(conn, store: Store, query: EventQuery, top: int) -> list[dict[str, Any]]:
    """Each outlet with the canonical events it reported (an event of two outlets counts for both)."""
    matching = _filtered(store, select(clusters.c.cluster_id), query).subquery()
    per_outlet = (
        select(events.c.source, memberships.c.cluster_id)
        .join(memberships, memberships.c.event_id == events.c.event_id)
        .where(memberships.c.cluster_id.in_(select(matching.c.cluster_id)), events.c.source.is_not(None))
        .distinct()
        .subquery()
    )
    best = func.coalesce(clusters.c.fatalities_best, clusters.c.fatalities)
    statement = (
        select(per_outlet.c.source, func.count(), func.coalesce(func.sum(best), 0))
        .join(clusters, clusters.c.cluster_id == per_outlet.c.cluster_id)
        .group_by(per_outlet.c.source)
        .order_by(func.count().desc(), per_outlet.c.source)
        .limit(top)
    )
    return [{"publisher": r[0], "events": r[1], "fatalities": int(r[2])} for r in conn.execute(statement)]


def _filtered(store: Store, statement: Select, query: EventQuery) -> Select:
    """The query's filters on the canonical events; publisher and text match when one member report does."""
    conditions = store.cluster_conditions(shared_filter(query)) + api_conditions(clusters, query)
    return statement.select_from(clusters).where(and_(true(), *conditions))

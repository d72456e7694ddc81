"""Read-only queries behind the API and the dashboard over canonical events (one per real event, its
member reports listed): pages, one event in full with why each report is a member, and counts.

The per-report events stay reachable through store.queries (`/reports` in the API).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Select, and_, func, select, true

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

__all__ = ["CANONICAL_FIELDS", "CursorError", "canonical_stats", "count_canonical", "get_canonical", "list_canonical"]

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


def list_canonical(store: Store, query: EventQuery) -> EventPage:
    """One page of canonical events matching the query, in event-date order; `next_cursor` continues it.

    Fields held as columns are read as columns; the JSON payload is read only when a field needs it
    (claims, reports, conflict…), so a page of 10,000 map markers without them stays cheap."""
    after = decode_cursor(query.cursor, query.order) if query.cursor else None
    wanted = list(query.include)
    needs_payload = any(name not in _COLUMN_FIELDS for name in wanted)
    columns = [clusters.c.cluster_id, clusters.c.event_date]
    columns += [
        clusters.c[name] for name in wanted if name in _COLUMN_FIELDS and name not in ("event_id", "event_date")
    ]
    if needs_payload:
        columns.append(clusters.c.payload)
    with store.engine.connect() as conn:
        rows: list[Any] = []
        if after is None or after[0] != UNDATED_LAST[query.order]:
            rows = list(conn.execute(_dated_page(store, select(*columns), query, after)).mappings())
        if len(rows) <= query.limit:
            undated_after = after[1] if after and after[0] == UNDATED_LAST[query.order] else None
            statement = _filtered(store, select(*columns), query).where(clusters.c.event_date.is_(None))
            if undated_after:
                statement = statement.where(clusters.c.cluster_id > undated_after)
            more_wanted = query.limit + 1 - len(rows)
            rows += conn.execute(statement.order_by(clusters.c.cluster_id).limit(more_wanted)).mappings().all()
    page, more = rows[: query.limit], len(rows) > query.limit
    listed = [_shape(row, wanted, needs_payload) for row in page]
    last = page[-1] if more else None
    next_cursor = encode_cursor(query.order, last["event_date"], last["cluster_id"]) if last else None
    return EventPage(listed, next_cursor)


def _shape(row, wanted: list[str], needs_payload: bool) -> dict[str, Any]:
    payload = json.loads(row["payload"]) if needs_payload else {}
    event = {}
    for name in wanted:
        if name == "event_id":
            event[name] = row["cluster_id"]
        elif name in payload:
            event[name] = payload[name]
        else:
            value = row[name]
            event[name] = value.isoformat() if name == "changed_at" and value is not None else value
    if "deleted" in event:
        event["deleted"] = bool(event["deleted"])
    return event


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

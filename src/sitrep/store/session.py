"""One write transaction on the store: documents and events, and everything merging reads and writes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, insert, or_, select, union_all, update

from ..model import Claim, Document, Event, EventCluster, Membership, Report
from .documents import CLAIM_COLUMNS, EVENT_COLUMNS, SaveResult, save_document
from .footprint import ClusterWrite, Footprint
from .schema import (
    CANONICAL_COLUMNS,
    claims,
    cluster_links,
    cluster_versions,
    clusters,
    documents,
    events,
    memberships,
    review_corrections,
    review_log,
    review_log_clusters,
    review_pins,
)

CHUNK = 500  # ids per IN (…) list


def _any_of(column, name: str = "ids"):
    """`column IN (…)` with the list bound at execution: the statement is built and compiled once."""
    return column.in_(bindparam(name, expanding=True))


# Statements merging runs for every document, built once: building and compiling them each time cost
# about as much as the queries themselves (bench/store_write.py).
_LINKS_OF = select(cluster_links.c.event_a, cluster_links.c.event_b).where(
    or_(_any_of(cluster_links.c.event_a), _any_of(cluster_links.c.event_b))
)
_EXISTING_LINKS = select(cluster_links.c.event_a, cluster_links.c.event_b).where(
    _any_of(cluster_links.c.event_a, "a"), _any_of(cluster_links.c.event_b, "b")
)
_CLUSTERS_OF = select(memberships.c.event_id, memberships.c.cluster_id).where(_any_of(memberships.c.event_id))
_MEMBERS_OF = select(memberships.c.event_id).where(_any_of(memberships.c.cluster_id))
_CURRENT_EVENTS = select(events).where(_any_of(events.c.event_id), events.c.superseded.is_(False))
_CLAIMS_OF = select(claims).where(_any_of(claims.c.event_id)).order_by(claims.c.event_id, claims.c.ordinal)
_PUBLISHED = (
    select(events.c.event_id, documents.c.published)
    .join(documents, events.c.document_row == documents.c.row_id)
    .where(_any_of(events.c.event_id))
)
_CORRECTIONS = select(review_corrections).where(_any_of(review_corrections.c.cluster_id))
_STORED_CLUSTERS = select(clusters.c.cluster_id, clusters.c.payload, clusters.c.version).where(
    _any_of(clusters.c.cluster_id)
)
_DELETE_MEMBERSHIPS = delete(memberships).where(_any_of(memberships.c.event_id))
_DELETE_LINKS = delete(cluster_links).where(or_(_any_of(cluster_links.c.event_a), _any_of(cluster_links.c.event_b)))
_CLUSTER_VERSION = select(clusters.c.version).where(clusters.c.cluster_id == bindparam("id"))
_UPDATE_CLUSTER = update(clusters).where(clusters.c.cluster_id == bindparam("id"))
_INSERT_CLUSTER = insert(clusters)
_INSERT_VERSION = insert(cluster_versions)
_INSERT_MEMBERSHIPS = insert(memberships)
_INSERT_LINKS = insert(cluster_links)
_candidate_queries: dict[tuple[tuple[int | None, ...], bool, bool], Any] = {}


def _candidate_query(precisions: tuple[int | None, ...], by_admin1: bool, by_country: bool):
    """Current events of other documents in a date range a time precision (or none), in the place: one
    indexed range per precision (index 007), all in one statement (one round trip, not one a precision)."""
    key = (precisions, by_admin1, by_country)
    query = _candidate_queries.get(key)
    if query is None:
        parts = []
        for number, precision in enumerate(precisions):
            same_precision = (
                events.c.time_precision.is_(None)
                if precision is None
                else events.c.time_precision == bindparam(f"precision{number}")
            )
            part = select(events).where(
                same_precision,
                events.c.event_date.between(bindparam(f"low{number}"), bindparam(f"high{number}")),
                events.c.superseded.is_(False),
                events.c.document_id != bindparam("document_id"),
            )
            if by_admin1:
                part = part.where(or_(events.c.admin1 == bindparam("admin1"), events.c.admin1.is_(None)))
            if by_country:
                part = part.where(or_(events.c.country == bindparam("country"), events.c.country.is_(None)))
            parts.append(part)
        query = _candidate_queries[key] = union_all(*parts)
    return query


class ReviewWrites:
    """An analyst's decisions: pins, corrections and the audit log (mixed into StoreSession)."""

    conn: Connection
    now: datetime
    _any_pins: bool | None

    def event_positions(self, event_ids: set[str]) -> dict[str, tuple[str, int]]:
        found = {}
        for chunk in _chunks(event_ids):
            for event_id, document_id, ordinal in self.conn.execute(
                select(events.c.event_id, events.c.document_id, events.c.ordinal).where(events.c.event_id.in_(chunk))
            ):
                found[event_id] = (document_id, ordinal)
        return found

    def cluster_exists(self, cluster_id: str) -> bool:
        return self.conn.scalar(select(clusters.c.cluster_id).where(clusters.c.cluster_id == cluster_id)) is not None

    def pin(self, positions: Iterable[tuple[str, int]], cluster_id: str) -> None:
        self._any_pins = True
        for document_id, ordinal in positions:
            self.conn.execute(
                delete(review_pins).where(review_pins.c.document_id == document_id, review_pins.c.ordinal == ordinal)
            )
            self.conn.execute(
                insert(review_pins).values(document_id=document_id, ordinal=ordinal, cluster_id=cluster_id)
            )

    def set_correction(self, cluster_id: str, field: str, value: Any) -> None:
        self.conn.execute(
            delete(review_corrections).where(
                review_corrections.c.cluster_id == cluster_id, review_corrections.c.field == field
            )
        )
        self.conn.execute(
            insert(review_corrections).values(cluster_id=cluster_id, field=field, value=json.dumps(value))
        )

    def log_review(self, who: str, action: str, cluster_ids: list[str], details: dict, reason: str | None) -> None:
        entry_id = self.conn.execute(
            insert(review_log)
            .values(
                at=self.now,
                who=who,
                action=action,
                clusters=json.dumps(cluster_ids),
                details=json.dumps(details, ensure_ascii=False, default=str),
                reason=reason,
            )
            .returning(review_log.c.id)
        ).scalar_one()
        touched = [{"entry_id": entry_id, "cluster_id": cluster_id} for cluster_id in sorted(set(cluster_ids))]
        if touched:
            self.conn.execute(insert(review_log_clusters), touched)


class StoreSession(ReviewWrites):
    """Reads and writes inside one write transaction (see Store.writing)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.now = datetime.now(UTC)
        self._any_pins: bool | None = None
        # each canonical event's stored version as last read or written here (0: none stored), so that
        # writing the events merging has just read needs no second look-up
        self._versions: dict[str, int] = {}
        # when set, what merging writes is noted there (a distributed ingest checks speculative merges
        # of later documents against it)
        self.written: Footprint | None = None

    def _has_pins(self) -> bool:
        """Whether an analyst pinned anything at all (most stores: no, and the pin lookups are skipped)."""
        if self._any_pins is None:
            self._any_pins = self.conn.scalar(select(review_pins.c.cluster_id).limit(1)) is not None
        return self._any_pins

    # documents -------------------------------------------------------------------------------

    def save_document(self, document: Document, doc_events: list[Event]) -> SaveResult:
        return save_document(self.conn, document, doc_events)

    # what merging reads ----------------------------------------------------------------------

    def candidate_events(self, event: Event, windows: dict[int, int]) -> list[Event]:
        """Current events of other documents within the date window and not placed elsewhere (indexed)."""
        if not event.event_date:
            return []
        day = date.fromisoformat(event.event_date)
        own = event.time_precision or 2
        precisions = (*sorted(windows), None)
        params: dict[str, Any] = {"document_id": event.document_id, "admin1": event.admin1, "country": event.country}
        for number, precision in enumerate(precisions):
            width = windows[max(own, precision or 2)]
            params[f"precision{number}"] = precision
            params[f"low{number}"] = (day - timedelta(days=width)).isoformat()
            params[f"high{number}"] = (day + timedelta(days=width)).isoformat()
        query = _candidate_query(precisions, bool(event.admin1), bool(event.country))
        return [event_from_row(row, []) for row in self.conn.execute(query, params).mappings()]

    def linked_events(self, event_ids: set[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(event_ids):
            for a, b in self.conn.execute(_LINKS_OF, {"ids": chunk}):
                found.update((a, b))
        return found - event_ids

    def pins(self, event_ids: set[str]) -> dict[str, str]:
        """Current events an analyst pinned to a cluster (pins follow the document and position)."""
        found: dict[str, str] = {}
        if not self._has_pins():
            return found
        for chunk in _chunks(event_ids):
            query = select(events.c.event_id, review_pins.c.cluster_id).join(
                review_pins,
                and_(review_pins.c.document_id == events.c.document_id, review_pins.c.ordinal == events.c.ordinal),
            )
            for event_id, cluster_id in self.conn.execute(
                query.where(events.c.event_id.in_(chunk), events.c.superseded.is_(False))
            ):
                found[event_id] = cluster_id
        return found

    def pinned_members(self, cluster_ids: set[str]) -> set[str]:
        found: set[str] = set()
        if not self._has_pins():
            return found
        for chunk in _chunks(cluster_ids):
            query = select(events.c.event_id).join(
                review_pins,
                and_(review_pins.c.document_id == events.c.document_id, review_pins.c.ordinal == events.c.ordinal),
            )
            found.update(
                self.conn.scalars(query.where(review_pins.c.cluster_id.in_(chunk), events.c.superseded.is_(False)))
            )
        return found

    def clusters_of(self, event_ids: Iterable[str]) -> dict[str, str]:
        found = {}
        for chunk in _chunks(set(event_ids)):
            for event_id, cluster_id in self.conn.execute(_CLUSTERS_OF, {"ids": chunk}):
                found[event_id] = cluster_id
        return found

    def members_of(self, cluster_ids: set[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(cluster_ids):
            found.update(self.conn.scalars(_MEMBERS_OF, {"ids": chunk}))
        return found

    def load_events(self, event_ids: set[str]) -> list[Event]:
        """Current events with their claims."""
        rows: list = []
        by_event: dict[str, list[Claim]] = {}
        for chunk in _chunks(event_ids):
            rows.extend(self.conn.execute(_CURRENT_EVENTS, {"ids": chunk}).mappings())
            for claim in self.conn.execute(_CLAIMS_OF, {"ids": chunk}).mappings():
                by_event.setdefault(claim["event_id"], []).append(Claim(**{k: claim[k] for k in CLAIM_COLUMNS}))
        return [event_from_row(row, by_event.get(row["event_id"], [])) for row in rows]

    def published_dates(self, event_ids: set[str]) -> dict[str, str | None]:
        found = {}
        for chunk in _chunks(event_ids):
            for event_id, published in self.conn.execute(_PUBLISHED, {"ids": chunk}):
                found[event_id] = published.isoformat() if published else None
        return found

    def corrections(self, cluster_ids: set[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(cluster_ids):
            for row in self.conn.execute(_CORRECTIONS, {"ids": chunk}).mappings():
                found.setdefault(row["cluster_id"], {})[row["field"]] = json.loads(row["value"])
        return found

    def stored_clusters(self, cluster_ids: set[str]) -> dict[str, dict[str, Any]]:
        found = {}
        for chunk in _chunks(cluster_ids):
            for cluster_id, payload, version in self.conn.execute(_STORED_CLUSTERS, {"ids": chunk}):
                found[cluster_id] = json.loads(payload)
                self._versions[cluster_id] = version
        self._versions.update((cluster_id, 0) for cluster_id in cluster_ids if cluster_id not in found)
        if self.written is not None:  # the canonical events merging may rewrite
            self.written.cluster_ids.update(cluster_ids)
        return found

    def current_event_ids(self) -> list[str]:
        query = select(events.c.event_id).where(events.c.superseded.is_(False))
        return list(self.conn.scalars(query.order_by(events.c.event_date, events.c.event_id)))

    # what merging writes ---------------------------------------------------------------------

    def add_links(self, links: list[tuple[str, str, float]]) -> None:
        if self.written is not None:
            self.written.event_ids.update(event_id for a, b, _ in links for event_id in (a, b))
        rows = {}
        for a, b, score in links:
            key = (a, b) if a < b else (b, a)
            rows[key] = {"event_a": key[0], "event_b": key[1], "score": score}
        for chunk in _chunks(set(rows)):
            pairs = {"a": [a for a, _ in chunk], "b": [b for _, b in chunk]}
            existing = set(map(tuple, self.conn.execute(_EXISTING_LINKS, pairs)))
            fresh = [rows[key] for key in chunk if key not in existing]
            if fresh:
                self.conn.execute(_INSERT_LINKS, fresh)

    def remove_reports(self, event_ids: list[str]) -> None:
        """Withdrawn events leave their clusters and the link graph."""
        if self.written is not None:
            self.written.event_ids.update(event_ids)
        for chunk in _chunks(set(event_ids)):
            self.conn.execute(_DELETE_MEMBERSHIPS, {"ids": chunk})
            self.conn.execute(_DELETE_LINKS, {"ids": chunk})

    def write_memberships(self, placed: list[Membership]) -> None:
        ids = {m.event_id for m in placed}
        if self.written is not None:
            self.written.event_ids.update(ids)
            self.written.cluster_ids.update(m.cluster_id for m in placed)
        for chunk in _chunks(ids):
            self.conn.execute(_DELETE_MEMBERSHIPS, {"ids": chunk})
        if placed:
            self.conn.execute(_INSERT_MEMBERSHIPS, membership_rows(placed))

    def write_cluster(self, cluster: EventCluster, reason: str) -> None:
        """A new version of a canonical event (its first, or one after the last stored)."""
        write = self.cluster_write(cluster, reason, self.now.isoformat())
        self.apply_cluster_write(write, write.payload)

    def cluster_write(self, cluster: EventCluster, reason: str, changed_at: str) -> ClusterWrite:
        """The rows of a canonical event's next version, its payload saying it changed at `changed_at`."""
        stored = self._versions.get(cluster.event_id)
        if stored is None:
            stored = self.conn.scalar(_CLUSTER_VERSION, {"id": cluster.event_id}) or 0
        cluster.version = self._versions[cluster.event_id] = stored + 1
        cluster.changed_at = changed_at
        values = {name: getattr(cluster, name) for name in CANONICAL_COLUMNS}
        values.update(version=cluster.version, deleted=cluster.deleted, deletion_reason=cluster.deletion_reason)
        payload = json.dumps(cluster.to_dict(), ensure_ascii=False, default=str)
        if self.written is not None:
            self.written.cluster_ids.add(cluster.event_id)
        return ClusterWrite(cluster.event_id, stored, values, payload, reason)

    def apply_cluster_write(self, write: ClusterWrite, payload: str) -> None:
        values = {**write.values, "changed_at": self.now, "payload": payload}
        if write.previous_version:
            self.conn.execute(_UPDATE_CLUSTER, {"id": write.cluster_id, **values})
        else:
            self.conn.execute(_INSERT_CLUSTER, {"cluster_id": write.cluster_id, "created_at": self.now, **values})
        self.conn.execute(
            _INSERT_VERSION,
            {
                "cluster_id": write.cluster_id,
                "version": write.values["version"],
                "changed_at": self.now,
                "reason": write.reason,
                "payload": payload,
            },
        )

    def delete_cluster(self, cluster_id: str, reason: str) -> None:
        """Soft deletion: the canonical event stays, marked deleted with its reason, as a new version."""
        row = self.conn.execute(select(clusters.c.payload).where(clusters.c.cluster_id == cluster_id)).first()
        if row is None:
            return
        payload = json.loads(row.payload)
        payload.update(deleted=True, deletion_reason=reason)
        self.write_cluster(cluster_from_payload(payload), reason)


def membership_rows(placed: list[Membership]) -> list[dict[str, Any]]:
    return [
        {
            "event_id": m.event_id,
            "cluster_id": m.cluster_id,
            "score": m.score,
            "features": json.dumps(m.features),
            "linked_to": m.linked_to,
            "republication_of": m.republication_of,
            "pinned": m.pinned,
        }
        for m in placed
    ]


def cluster_from_payload(payload: dict[str, Any]) -> EventCluster:
    """An EventCluster back from its stored JSON."""
    values = dict(payload)
    values["claims"] = [Claim(**c) for c in values.get("claims", [])]
    values["reports"] = [Report(**r) for r in values.get("reports", [])]
    return EventCluster(**values)


def event_from_row(row, event_claims: list[Claim]) -> Event:
    """An Event back from its row (and its claims)."""
    values = {name: row[name] for name in EVENT_COLUMNS}
    return Event(**values, claims=event_claims, sources=json.loads(row["sources"] or "[]"))


def _chunks(ids: set) -> Iterator[list]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]

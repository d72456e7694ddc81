"""Writing the speculative merges of consecutive documents together (SQLite, inside one transaction).

Each kind of row goes in one statement for all the documents rather than some ten statements a
document: SQLAlchemy's own work around each statement was most of the writer's CPU. What the
documents did in turn is reduced to its net effect first (a membership written again by a later
document, a link added then withdrawn), so the tables end as writing them one by one leaves them.
A document's row id is the one SQLite gives it, one past the largest; the writer holds the lock.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import bindparam, update

from ..model import Document, Event
from .documents import (
    _INSERT_CLAIMS,
    _INSERT_DOCUMENT,
    _INSERT_EVENTS,
    _INSERT_FTS,
    SaveResult,
    claims_rows,
    document_row,
    event_values,
    fts_row,
)
from .schema import documents, events
from .session import (
    _DELETE_LINKS,
    _DELETE_MEMBERSHIPS,
    _INSERT_CLUSTER,
    _INSERT_LINKS,
    _INSERT_MEMBERSHIPS,
    _INSERT_VERSION,
    _UPDATE_CLUSTER,
    StoreSession,
    _chunks,
)
from .speculation import CHANGED_AT_MARK, SpeculatedWrite

_SUPERSEDE_DOCUMENTS = (
    update(documents)
    .where(documents.c.doc_id == bindparam("document"), documents.c.row_id != bindparam("row"))
    .values(superseded=True)
)
_SUPERSEDE_EVENTS = (
    update(events)
    .where(events.c.event_id == bindparam("id"))
    .values(superseded=True, superseded_by=bindparam("row"), changed_at=bindparam("now"))
)


class PendingWrites:
    """Applied speculations not written yet; `flush` writes them (before anything reads the store)."""

    def __init__(self, session: StoreSession, last_row: int) -> None:
        self.session = session
        self.next_row = last_row + 1
        self._changed_at = json.dumps(session.now.isoformat())
        self._clear()

    def _clear(self) -> None:
        self._documents: list[dict[str, Any]] = []
        self._fts: list[dict[str, Any]] = []
        self._events: list[dict[str, Any]] = []
        self._claims: list[dict[str, Any]] = []
        self._superseded_documents: list[dict[str, Any]] = []
        self._superseded_events: list[dict[str, Any]] = []
        self._unlinked: set[str] = set()  # reports whose stored links go
        self._links: dict[tuple[str, str], dict[str, Any] | None] = {}
        self._memberships: dict[str, dict[str, Any] | None] = {}
        self._clusters: dict[str, tuple[bool, dict[str, Any]]] = {}  # id → (new, its row)
        self._versions: list[dict[str, Any]] = []

    def follow(self, row_id: int) -> None:
        """A document was stored another way, at row_id."""
        self.next_row = row_id + 1

    def add(self, document: Document, doc_events: list[Event], spec: SpeculatedWrite) -> SaveResult:
        if spec.status == "unchanged":
            return SaveResult("unchanged", document.id, spec.revision, 0)
        row, now = self.next_row, self.session.now
        self.next_row += 1
        self._documents.append({"row_id": row, **document_row(document, spec.revision, now)})
        if self.session.conn.dialect.name == "sqlite":
            self._fts.append(fts_row(row, document))
        if spec.revision > 1:
            self._superseded_documents.append({"document": document.id, "row": row})
            self._superseded_events += [{"id": event_id, "row": row, "now": now} for event_id in spec.retired]
        self._events += [event_values(ev, row, ordinal, now) for ordinal, ev in enumerate(doc_events)]
        self._claims += claims_rows(doc_events)
        self._merge(spec)
        return SaveResult(spec.status, document.id, spec.revision, len(doc_events), list(doc_events), spec.retired, row)

    def _merge(self, spec: SpeculatedWrite) -> None:
        removed = set(spec.removed)
        if removed:
            self._unlinked |= removed
            for key, row in self._links.items():
                if row is not None and (key[0] in removed or key[1] in removed):
                    self._links[key] = None
            self._memberships.update(dict.fromkeys(removed))
        for link in spec.links:
            self._links[(link["event_a"], link["event_b"])] = link
        self._memberships.update((row["event_id"], row) for row in spec.memberships)
        for write in spec.clusters:
            payload = write.payload.replace(CHANGED_AT_MARK, self._changed_at)
            values = {**write.values, "changed_at": self.session.now, "payload": payload}
            new = (
                self._clusters[write.cluster_id][0]
                if write.cluster_id in self._clusters
                else not write.previous_version
            )
            self._clusters[write.cluster_id] = (new, values)
            self._versions.append(
                {
                    "cluster_id": write.cluster_id,
                    "version": write.values["version"],
                    "changed_at": self.session.now,
                    "reason": write.reason,
                    "payload": payload,
                }
            )

    def flush(self) -> None:
        if not self._documents:
            return
        conn, now = self.session.conn, self.session.now
        conn.execute(_INSERT_DOCUMENT, self._documents)
        if self._fts:
            conn.execute(_INSERT_FTS, self._fts)
        if self._superseded_documents:
            conn.execute(_SUPERSEDE_DOCUMENTS, self._superseded_documents)
        if self._superseded_events:
            conn.execute(_SUPERSEDE_EVENTS, self._superseded_events)
        if self._events:
            conn.execute(_INSERT_EVENTS, self._events)
        if self._claims:
            conn.execute(_INSERT_CLAIMS, self._claims)
        for chunk in _chunks(self._unlinked):
            conn.execute(_DELETE_LINKS, {"ids": chunk})
        links = [row for row in self._links.values() if row is not None]
        if links:
            conn.execute(_INSERT_LINKS, links)
        for chunk in _chunks(set(self._memberships)):
            conn.execute(_DELETE_MEMBERSHIPS, {"ids": chunk})
        memberships = [row for row in self._memberships.values() if row is not None]
        if memberships:
            conn.execute(_INSERT_MEMBERSHIPS, memberships)
        created = [{"cluster_id": c, "created_at": now, **v} for c, (new, v) in self._clusters.items() if new]
        if created:
            conn.execute(_INSERT_CLUSTER, created)
        changed = [{"id": c, **v} for c, (new, v) in self._clusters.items() if not new]
        if changed:
            conn.execute(_UPDATE_CLUSTER, changed)
        if self._versions:
            conn.execute(_INSERT_VERSION, self._versions)
        self._clear()

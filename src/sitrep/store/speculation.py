"""Storing and merging documents against a read snapshot of the store, for a writer to apply later.

A distributed ingest's workers merge the documents they coded against a snapshot (SQLite's WAL lets
them read while the client writes; on PostgreSQL the workers still store and merge themselves, under
the write lock) and ship the rows that storing and merging would write (`SpeculatedWrite`) with what that merge read. The writer,
in input order, applies the rows unchanged when nothing it wrote since the snapshot touched what the
merge read (`still_valid`), and merges the document itself otherwise; either way the store ends as
a plain ingest leaves it.

`SnapshotSession` is merging's ClusterStore over the snapshot plus an overlay of what the documents
speculated before in the same batch wrote, so that a batch is merged as if stored one by one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from ..model import Claim, Document, Event, EventCluster, Membership
from .documents import CLAIM_COLUMNS, SaveResult, event_values, read_revision, revision_key
from .footprint import ClusterWrite, Footprint, could_be_candidate
from .schema import cluster_versions, documents, review_log
from .session import (
    _CLUSTERS_OF,
    _EXISTING_LINKS,
    _LINKS_OF,
    _MEMBERS_OF,
    StoreSession,
    _chunks,
    cluster_from_payload,
    event_from_row,
    membership_rows,
)

# The payload's change time is the writer's, put in where the speculation left this mark.
CHANGED_AT_MARK = json.dumps("\u2063sitrep:changed-at\u2063", ensure_ascii=False)


class Unspeculable(Exception):
    """A document whose merge the snapshot cannot stand in for (it revives stored events, or it is a
    new revision of a document earlier in the batch): the writer stores and merges it itself."""


@dataclass(slots=True)
class StoreMarks:
    """How far the store had got: its last document row, canonical-event versions and review entries.
    A writer that finds others than its own since a snapshot's marks trusts none of its speculation."""

    document_row: int
    cluster_versions: int
    review_entries: int

    @classmethod
    def read(cls, conn: Connection) -> StoreMarks:
        row = conn.execute(
            select(
                select(func.coalesce(func.max(documents.c.row_id), 0)).scalar_subquery(),
                select(func.count()).select_from(cluster_versions).scalar_subquery(),
                select(func.coalesce(func.max(review_log.c.id), 0)).scalar_subquery(),
            )
        ).one()
        return cls(*row)


@dataclass(slots=True)
class SpeculatedWrite:
    """Everything storing and merging one document writes, but the row id of its document (the
    writer's), and the footprints of what that merge read and wrote."""

    status: str  # new | revision | unchanged
    revision: int
    retired: list[str] = field(default_factory=list)  # events of the revision it supersedes
    removed: list[str] = field(default_factory=list)  # reports taken out of clusters and links
    links: list[dict[str, Any]] = field(default_factory=list)  # new links
    placed: list[str] = field(default_factory=list)  # reports whose memberships are written again
    memberships: list[dict[str, Any]] = field(default_factory=list)
    clusters: list[ClusterWrite] = field(default_factory=list)
    read: Footprint = field(default_factory=Footprint)
    wrote: Footprint = field(default_factory=Footprint)


def still_valid(
    read: Footprint, since: Iterable[Footprint], links: Callable[[Event, Event], bool], windows: dict[int, int]
) -> bool:
    """Whether a merge that read `read` reads the same after the writes `since`: none of them touched
    its documents, report events or canonical events, and none stored an event that its candidate
    look-up would have found and linked to (`links`: the pair reaches the join threshold)."""
    for written in since:
        if read.touches(written):
            return False
        for event in read.events:
            for other in written.events:
                if could_be_candidate(event, other, windows) and links(event, other):
                    return False
    return True


def stored_form(event: Event) -> Event:
    """An event as the store gives it back (claims without outlet and report, fields as columns)."""
    row = event_values(event, 0, 0, None)  # type: ignore[arg-type]
    return event_from_row(row, [Claim(**{k: getattr(c, k) for k in CLAIM_COLUMNS}) for c in event.claims])


class SnapshotSession(StoreSession):
    """Merging's ClusterStore over a read snapshot and the overlay of this batch's earlier documents."""

    def __init__(self, conn: Connection) -> None:
        super().__init__(conn)
        if self._has_pins():  # pins follow documents and positions; the writer merges such stores itself
            raise Unspeculable("an analyst pinned reports in this store")
        self._revisions: dict[str, tuple[str, int]] = {}  # documents stored by this batch: key, revision
        self._events: dict[str, Event] = {}  # stored by this batch (as the store gives them back)
        self._published: dict[str, str | None] = {}
        self._superseded: set[str] = set()
        self._memberships: dict[str, str | None] = {}  # event → cluster; None: taken out
        self._links: dict[tuple[str, str], dict[str, Any] | None] = {}  # None: removed
        self._payloads: dict[str, tuple[dict[str, Any], int]] = {}
        self.spec = SpeculatedWrite("unchanged", 0)
        self.read = Footprint()

    # documents -------------------------------------------------------------------------------

    def speculate(
        self, document: Document, doc_events: list[Event], merge: Callable[[SaveResult], object]
    ) -> SpeculatedWrite:
        """Store and merge one document in the overlay (`merge` runs merging on this session)."""
        self.read = Footprint(document_ids={document.id})
        self.written = Footprint()
        planned = self._revision_in_batch(document) or read_revision(self.conn, document, doc_events)
        if isinstance(planned, int):
            return SpeculatedWrite("unchanged", planned, read=self.read, wrote=self.written)
        revision, retired, revived = planned
        if revived - set(retired) or any(ev.event_id in retired for ev in doc_events):
            raise Unspeculable(f"document {document.id} revives events stored before")
        status = "revision" if revision > 1 else "new"
        stored = [stored_form(ev) for ev in doc_events]
        self.spec = SpeculatedWrite(status, revision, retired=list(retired), read=self.read, wrote=self.written)
        self.written.document_ids.add(document.id)
        self.written.event_ids.update(ev.event_id for ev in stored)
        self.written.event_ids.update(retired)
        self._revisions[document.id] = (revision_key(document), revision)
        # stored before it is merged, as save_document does (its own events are no candidates of it)
        self._superseded.update(retired)
        published = document.published.isoformat() if document.published else None
        for event in stored:
            self._events[event.event_id] = event
            self._published[event.event_id] = published
        merge(SaveResult(status, document.id, revision, len(doc_events), list(doc_events), list(retired)))
        return self.spec

    def _revision_in_batch(self, document: Document) -> int | None:
        """The revision this batch stored of the document when it is stored as it is (a feed that lists
        an article twice); None when the batch did not store it."""
        if document.id not in self._revisions:
            return None
        key, revision = self._revisions[document.id]
        if key != revision_key(document):
            raise Unspeculable(f"document {document.id} is a new revision of one earlier in the batch")
        return revision

    def save_document(self, document: Document, doc_events: list[Event]) -> SaveResult:
        raise NotImplementedError("a snapshot stores documents through speculate()")

    # what merging reads ----------------------------------------------------------------------

    def candidate_events(self, event: Event, windows: dict[int, int]) -> list[Event]:
        # Not part of what the merge read: a candidate's pair score depends on the two events alone,
        # and those it links to are noted by add_links; one it does not link to leaves the merge the
        # same whatever is written about it since (its cluster, links, even its retirement). A stored
        # event that would link is what still_valid looks for among the events written since.
        found = [e for e in super().candidate_events(event, windows) if e.event_id not in self._superseded]
        found += [e for e in self._events.values() if could_be_candidate(event, e, windows)]
        return found

    def linked_events(self, event_ids: set[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(event_ids):
            for a, b in self.conn.execute(_LINKS_OF, {"ids": chunk}):
                if (a, b) not in self._links:
                    found.update((a, b))
        for (a, b), row in self._links.items():
            if row is not None and (a in event_ids or b in event_ids):
                found.update((a, b))
        self.read.event_ids.update(event_ids | found)
        return found - event_ids

    def clusters_of(self, event_ids: Iterable[str]) -> dict[str, str]:
        wanted = set(event_ids)
        found: dict[str, str] = {}
        for chunk in _chunks(wanted - self._memberships.keys()):
            found.update((e, c) for e, c in self.conn.execute(_CLUSTERS_OF, {"ids": chunk}))
        found.update((e, c) for e in wanted & self._memberships.keys() if (c := self._memberships[e]) is not None)
        self.read.event_ids.update(wanted)
        self.read.cluster_ids.update(found.values())
        return found

    def members_of(self, cluster_ids: set[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(cluster_ids):
            found.update(e for e in self.conn.scalars(_MEMBERS_OF, {"ids": chunk}) if e not in self._memberships)
        found.update(e for e, c in self._memberships.items() if c in cluster_ids)
        self.read.cluster_ids.update(cluster_ids)
        self.read.event_ids.update(found)
        return found

    def load_events(self, event_ids: set[str]) -> list[Event]:
        ours = [self._events[e] for e in sorted(event_ids & self._events.keys()) if e not in self._superseded]
        stored = [e for e in super().load_events(event_ids - self._events.keys()) if e.event_id not in self._superseded]
        self.read.event_ids.update(event_ids)
        return stored + ours

    def published_dates(self, event_ids: set[str]) -> dict[str, str | None]:
        found = super().published_dates(event_ids - self._published.keys())
        found.update((e, self._published[e]) for e in event_ids & self._published.keys())
        return found

    def corrections(self, cluster_ids: set[str]) -> dict[str, dict[str, Any]]:
        self.read.cluster_ids.update(cluster_ids)
        return super().corrections(cluster_ids)

    def stored_clusters(self, cluster_ids: set[str]) -> dict[str, dict[str, Any]]:
        found = super().stored_clusters(cluster_ids - self._payloads.keys())
        for cluster_id in cluster_ids & self._payloads.keys():
            found[cluster_id], self._versions[cluster_id] = self._payloads[cluster_id]
        self.read.cluster_ids.update(cluster_ids)
        return found

    def current_event_ids(self) -> list[str]:
        raise NotImplementedError("a snapshot merges documents, it does not rebuild")

    # what merging writes ---------------------------------------------------------------------

    def add_links(self, links: list[tuple[str, str, float]]) -> None:
        rows = {}
        for a, b, score in links:
            key = (a, b) if a < b else (b, a)
            rows[key] = {"event_a": key[0], "event_b": key[1], "score": score}
        for chunk in _chunks(set(rows)):
            unknown = [key for key in chunk if key not in self._links]
            existing = {key for key in chunk if self._links.get(key) is not None}
            if unknown:
                pairs = {"a": [a for a, _ in unknown], "b": [b for _, b in unknown]}
                existing.update(map(tuple, self.conn.execute(_EXISTING_LINKS, pairs)))
            for key in chunk:
                if key not in existing:
                    self._links[key] = rows[key]
                    self.spec.links.append(rows[key])
        self.read.event_ids.update(e for key in rows for e in key)
        self.written.event_ids.update(e for key in rows for e in key)  # type: ignore[union-attr]

    def remove_reports(self, event_ids: list[str]) -> None:
        ids = set(event_ids)
        for chunk in _chunks(ids):
            for a, b in self.conn.execute(_LINKS_OF, {"ids": chunk}):
                self._links.setdefault((a, b), None)
        for key, row in self._links.items():
            if row is not None and (key[0] in ids or key[1] in ids):
                self._links[key] = None
        self._memberships.update(dict.fromkeys(ids))
        self.spec.removed.extend(sorted(ids))
        self.written.event_ids.update(ids)  # type: ignore[union-attr]

    def write_memberships(self, placed: list[Membership]) -> None:
        self._memberships.update((m.event_id, m.cluster_id) for m in placed)
        self.spec.placed.extend(m.event_id for m in placed)
        self.spec.memberships.extend(membership_rows(placed))
        self.written.event_ids.update(m.event_id for m in placed)  # type: ignore[union-attr]
        self.written.cluster_ids.update(m.cluster_id for m in placed)  # type: ignore[union-attr]

    def write_cluster(self, cluster: EventCluster, reason: str) -> None:
        if cluster.event_id not in self._versions and cluster.event_id in self._payloads:
            self._versions[cluster.event_id] = self._payloads[cluster.event_id][1]
        write = self.cluster_write(cluster, reason, json.loads(CHANGED_AT_MARK))
        self._payloads[cluster.event_id] = (json.loads(write.payload), write.values["version"])
        self.spec.clusters.append(write)

    def delete_cluster(self, cluster_id: str, reason: str) -> None:
        if cluster_id not in self._payloads:
            super().delete_cluster(cluster_id, reason)
            return
        payload = dict(self._payloads[cluster_id][0])
        payload.update(deleted=True, deletion_reason=reason)
        self.write_cluster(cluster_from_payload(payload), reason)

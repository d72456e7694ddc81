"""The client's side of speculative merging (SQLite): apply what a worker merged against its snapshot
when nothing written since touched what that merge read, else store and merge the document here.

The check compares footprints (store.footprint): each document written records what its storing and
merging wrote, under the row of its document; a speculation taken at a snapshot is checked against
those written after it, except the documents of its own batch whose speculation was applied as it is
(the worker merged the batch in order, each document seeing those before it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..merge import MergeSettings, merge_settings, update_clusters
from ..merge.cluster import PairCache
from ..model import Document, Event
from ..store import SaveResult, Store, StoreSession
from ..store.applying import PendingWrites
from ..store.footprint import Footprint
from ..store.speculation import SpeculatedWrite, StoreMarks, still_valid

Chain = tuple[int, int]  # the batch and the offset of the part a worker merged in order


@dataclass(slots=True)
class ToWrite:
    document: Document
    events: list[Event]
    speculated: SpeculatedWrite | None
    snapshot: StoreMarks | None
    chain: Chain


@dataclass(slots=True)
class SpeculationCounts:
    applied: int = 0  # speculative merges written as they were
    failed_check: int = 0  # … found stale and merged again by the client
    not_speculated: int = 0  # documents the client stored and merged without a speculation
    checking_seconds: float = 0.0  # the writing thread's CPU checking speculations
    merging_seconds: float = 0.0  # … and storing and merging documents itself


@dataclass(slots=True)
class _Written:
    row: int
    chain: Chain
    as_speculated: bool
    footprint: Footprint


@dataclass
class SpeculativeWriter:
    """Writes documents in input order, a list of them a transaction, applying valid speculations
    (an SQLite store: the writer gives the documents the row ids SQLite would, see store.applying)."""

    store: Store
    settings: MergeSettings = field(default_factory=merge_settings)
    counts: SpeculationCounts = field(default_factory=SpeculationCounts)
    _log: list[_Written] = field(default_factory=list)
    _expected: StoreMarks | None = None  # the store's marks after this writer's last transaction
    _trust_from: StoreMarks | None = None  # snapshots older than this missed another writer's work

    def start(self) -> None:
        with self.store.engine.connect() as conn:
            self._expected = StoreMarks.read(conn)

    @property
    def last_row(self) -> int:
        """The store's last document row after this writer's last transaction."""
        return self._expected.document_row if self._expected is not None else 0

    def write(self, documents: list[ToWrite], floor: int) -> list[SaveResult]:
        """Store and merge `documents` in one transaction; `floor`: no snapshot still to come is older
        than that document row (what was written up to it is forgotten)."""
        self._log = [written for written in self._log if written.row > floor]
        results = []
        with self.store.writing() as session:
            marks = StoreMarks.read(session.conn)
            if marks != self._expected:  # another process wrote since this writer's last transaction
                self._trust_from = marks
            seen_by_chain: dict[Chain, list[Footprint]] = {}  # failed speculations later ones saw
            pending = PendingWrites(session, marks.document_row)
            for item in documents:
                results.append(self._write_one(session, pending, item, seen_by_chain))
            pending.flush()
            self._expected = StoreMarks.read(session.conn)
        return results

    def _write_one(
        self,
        session: StoreSession,
        pending: PendingWrites,
        item: ToWrite,
        seen_by_chain: dict[Chain, list[Footprint]],
    ) -> SaveResult:
        spec = item.speculated
        if spec is not None:
            spec.read.events = spec.wrote.events = item.events
        checking = time.thread_time()
        valid = spec is not None and self._valid(spec, item, seen_by_chain.get(item.chain, []))
        merging = time.thread_time()
        self.counts.checking_seconds += merging - checking
        if valid:
            assert spec is not None
            self.counts.applied += 1
            result = pending.add(item.document, item.events, spec)
            self._remember(result, item.chain, True, spec.wrote)
            return result
        pending.flush()  # merging here reads the store
        if spec is None:
            self.counts.not_speculated += 1
        else:
            self.counts.failed_check += 1
            seen_by_chain.setdefault(item.chain, []).append(spec.wrote)
        written = Footprint(document_ids={item.document.id})
        session.written = written
        try:
            result = session.save_document(item.document, item.events)
            if result.status != "unchanged":
                written.events = item.events
                written.event_ids.update(event.event_id for event in item.events)
                written.event_ids.update(result.retired_event_ids)
                update_clusters(session, result.stored_events, result.retired_event_ids, self.settings)
        finally:
            session.written = None
            self.counts.merging_seconds += time.thread_time() - merging
        if result.row_id is not None:
            pending.follow(result.row_id)
        self._remember(result, item.chain, False, written)
        return result

    def _valid(self, spec: SpeculatedWrite, item: ToWrite, seen: list[Footprint]) -> bool:
        snapshot = item.snapshot
        if snapshot is None or not _at_or_after(snapshot, self._trust_from):
            return False
        since = [
            w.footprint
            for w in self._log
            if w.row > snapshot.document_row and not (w.as_speculated and w.chain == item.chain)
        ]
        return still_valid(spec.read, since + seen, self._links(), self.settings.date_window_days)

    def _links(self) -> Callable[[Event, Event], bool]:
        pair = PairCache(self.settings)

        def links(a: Event, b: Event) -> bool:
            score = pair(a, b).score
            return score is not None and score >= self.settings.join

        return links

    def _remember(self, result: SaveResult, chain: Chain, as_speculated: bool, footprint: Footprint) -> None:
        if result.row_id is not None:
            self._log.append(_Written(result.row_id, chain, as_speculated, footprint))


def _at_or_after(snapshot: StoreMarks, trust_from: StoreMarks | None) -> bool:
    return trust_from is None or (
        snapshot.document_row >= trust_from.document_row
        and snapshot.cluster_versions >= trust_from.cluster_versions
        and snapshot.review_entries >= trust_from.review_entries
    )

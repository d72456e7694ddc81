"""The client side of a distributed ingest: submit batches, collect results, write them in input order.

Writing in input order, in whole transactions, is what makes a run resumable and its store the one a
plain run leaves: killed at any point, the store holds every document of a prefix of the input;
started again, that prefix is found unchanged (the workers skip coding it again) and the rest follows.
With SQLite the client writes, one transaction (one commit) for what each finished batch lets it
write in input order (with speculation, batches are cut from groups sorted by day: scale.batches); on
a local cluster the workers also merge each batch against a read snapshot of the store, and the client
applies those merges that nothing written since made stale (scale.writer), merging the others itself.
With PostgreSQL the workers store and merge (a task per batch that runs after the task that stored
the batch before it; a transaction a document): the client's part is only to read, partition and count.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .. import pipeline
from ..errors import InputError, SitrepError
from ..ingest.items import RawItem
from ..store import Store, revision_key
from .batches import DEFAULT_BATCH_CHARS, DEFAULT_BATCH_ITEMS, DEFAULT_GROUP_BATCHES, Batch, InputOrder, make_batches
from .worker import BatchResult, Outcome, WorkOrder, process_batch, store_batch
from .writer import SpeculationCounts, SpeculativeWriter, ToWrite


@dataclass
class IngestTally:
    """What a run did so far: documents written by status, events stored, failures, per-worker figures."""

    started: float = field(default_factory=time.perf_counter)
    counts: dict[str, int] = field(default_factory=dict)  # new | revision | unchanged
    stored_events: int = 0
    coded: int = 0  # documents the workers coded (a resumed run skips those stored as they are)
    failures: int = 0  # problems reported (a document skipped, a field dropped)
    worker_cpu_seconds: dict[str, float] = field(default_factory=dict)
    worker_peak_rss_bytes: dict[str, int] = field(default_factory=dict)
    retried_alone: int = 0  # items resubmitted one by one after their batch's task failed
    worker_store_cpu_seconds: float = 0.0  # of the workers' CPU, storing and merging (PostgreSQL)
    written_by: str = "client"  # or "workers"
    speculation: SpeculationCounts = field(default_factory=SpeculationCounts)  # SQLite: how the client wrote
    worker_speculation_cpu_seconds: float = 0.0  # of the workers' CPU, merging against snapshots

    @property
    def documents(self) -> int:
        return sum(self.counts.values())

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def add_batch(self, result: BatchResult) -> None:
        self.coded += result.coded
        self.worker_speculation_cpu_seconds += result.speculation_cpu_seconds
        self._add_worker(result.worker, result.cpu_seconds, result.peak_rss_bytes)
        if result.stored_by is not None:
            self.worker_store_cpu_seconds += result.store_cpu_seconds
            self._add_worker(result.stored_by, result.store_cpu_seconds, result.store_peak_rss_bytes)

    def _add_worker(self, worker: str, cpu_seconds: float, peak_rss_bytes: int) -> None:
        self.worker_cpu_seconds[worker] = self.worker_cpu_seconds.get(worker, 0.0) + cpu_seconds
        self.worker_peak_rss_bytes[worker] = max(self.worker_peak_rss_bytes.get(worker, 0), peak_rss_bytes)


@dataclass
class _Slot:
    """A submitted batch until it is written: its parts by offset (one, or single items after a failure)."""

    batch: Batch
    parts: dict[int, Any]  # BatchResult; a finished Dask future while workers write; None until then
    floor: int  # the store's last document row when it was submitted: its snapshots are no older


class DistributedIngest:
    """Ingest raw items on a Dask cluster into a store that only this client writes."""

    def __init__(
        self,
        client,
        store: Store,
        order: WorkOrder,
        *,
        on_error: Callable[[InputError], None],
        on_progress: Callable[[IngestTally], None] | None = None,
        batch_items: int = DEFAULT_BATCH_ITEMS,
        batch_chars: int = DEFAULT_BATCH_CHARS,
        group_batches: int = DEFAULT_GROUP_BATCHES,
    ) -> None:
        self.client = client
        self.store = store
        self.on_error = on_error
        self.on_progress = on_progress or (lambda tally: None)
        self.batch_items = batch_items
        self.batch_chars = batch_chars
        self.tally = IngestTally()
        self.workers_write = store.engine.dialect.name == "postgresql"
        if self.workers_write:
            order = replace(order, store_url=store.url)
            self.tally.written_by = "workers"
        elif getattr(client, "cluster", None) is not None:  # a local cluster: its workers can read the file
            order = replace(order, snapshot_url=store.url)
        # batches cut from groups sorted by day only help merges against snapshots; workers that store
        # chain their batches one after the other, so theirs are of consecutive items
        self.group_batches = group_batches if order.snapshot_url else 1
        self.order = order
        self.writer = SpeculativeWriter(store, counts=self.tally.speculation)
        self._last_row = 0  # the store's last document row as far as this client wrote it
        self._slots: dict[int, _Slot] = {}
        self._futures: dict = {}  # future → (batch index, offset of the part)
        self._storing: set = set()  # store_batch futures, while workers write
        self._last_store: Any = None  # the store_batch future the next one runs after
        self._completed: Any = None  # distributed.as_completed, made when the run starts
        self._in_order: InputOrder[tuple[Outcome, BatchResult, int]] = InputOrder()  # finished, to write

    def run(self, items: Iterable[RawItem]) -> IngestTally:
        from distributed import as_completed

        workers = max(1, sum(self.client.nthreads().values()))
        # batches submitted and not yet written: enough to keep the workers busy while the batches of a
        # group wait for one of them; no more, or snapshots get further ahead of what is written
        window = 2 * workers + 1 + self.group_batches
        batches = make_batches(items, self.batch_items, self.batch_chars, self.group_batches)
        self._completed = as_completed()
        self.writer.start()
        self._last_row = self.writer.last_row
        next_to_store = 0
        exhausted = False
        try:
            while True:
                while not exhausted and len(self._slots) + len(self._storing) < window:
                    batch = next(batches, None)
                    if batch is None:
                        exhausted = True
                    else:
                        self._slots[batch.index] = _Slot(batch, {0: None}, self._last_row)
                        self._submit(batch.index, 0, batch.items, known=self._known(batch))
                if not self._futures and not self._storing:
                    break
                index = self._collect(next(self._completed))
                if self.workers_write:
                    while next_to_store in self._slots and self._is_complete(self._slots[next_to_store]):
                        self._store_in_order(self._slots.pop(next_to_store))
                        next_to_store += 1
                elif index is not None and self._is_complete(self._slots[index]):
                    self._write_in_order(self._slots[index])
        finally:
            pending = list(self._futures) + list(self._storing)
            if pending:
                self.client.cancel(pending)
        return self.tally

    def _known(self, batch: Batch) -> dict[str, str]:
        ids = batch.declared_ids()
        return self.store.current_revision_keys(ids) if ids else {}

    def _submit(self, index: int, offset: int, items: list[RawItem], known: dict[str, str]) -> None:
        future = self.client.submit(process_batch, index, items, self.order, known, pure=False)
        self._futures[future] = (index, offset)
        self._completed.add(future)

    def _collect(self, future) -> int | None:
        """Take a finished task's result; the index of its batch (None for a store_batch task)."""
        if future in self._storing:
            self._collect_stored(future)
            return None
        index, offset = self._futures.pop(future)
        slot = self._slots[index]
        if self.workers_write:  # the coded batch stays on its worker, for the task that stores it
            exc = future.exception() if future.status == "error" else None
            if exc is None:
                slot.parts[offset] = future
            elif isinstance(exc, SitrepError):
                raise exc
            else:
                self._retry_alone(slot, offset, exc)
            return index
        try:
            result: BatchResult = future.result()
        except SitrepError:
            raise
        except Exception as exc:
            self._retry_alone(slot, offset, exc)
            return index
        self.tally.add_batch(result)
        slot.parts[offset] = result
        return index

    def _collect_stored(self, future) -> None:
        self._storing.discard(future)
        try:
            result: BatchResult = future.result()
        except SitrepError:
            raise
        except Exception as exc:  # its worker died twice over: what it stored holds, a new run does the rest
            raise SitrepError(f"storing a batch failed on the workers ({type(exc).__name__}: {exc})") from None
        self.tally.add_batch(result)
        for outcome in result.outcomes:
            self._write_outcome(outcome)
            self.on_progress(self.tally)

    def _retry_alone(self, slot: _Slot, offset: int, exc: Exception) -> None:
        """A batch's task failed (a worker died on it, a result would not pickle): each of its items is
        tried alone, so that only the item at fault is lost, and reported."""
        part_items = self._part_items(slot, offset)
        if len(part_items) == 1:
            item = part_items[0]
            message = f"the worker failed on this document ({type(exc).__name__}: {exc}); skipped"
            failed = Outcome(item.where, errors=[str(InputError(message, source=item.where))])
            slot.parts[offset] = BatchResult(slot.batch.index, [failed], "", 0, 0.0, 0)
            return
        del slot.parts[offset]
        for position, item in enumerate(part_items, start=offset):
            slot.parts[position] = None
            self.tally.retried_alone += 1
            self._submit(slot.batch.index, position, [item], known={})

    @staticmethod
    def _part_items(slot: _Slot, offset: int) -> list[RawItem]:
        later = [o for o in slot.parts if o > offset]
        end = min(later) if later else len(slot.batch.items)
        return slot.batch.items[offset:end]

    @staticmethod
    def _is_complete(slot: _Slot) -> bool:
        return all(outcomes is not None for outcomes in slot.parts.values())

    def _store_in_order(self, slot: _Slot) -> None:
        for offset in sorted(slot.parts):
            part = slot.parts[offset]
            if isinstance(part, BatchResult):  # an item that failed alone: only its problem to report
                for outcome in part.outcomes:
                    self._write_outcome(outcome)
            else:
                self._store_on_workers(part)

    def _write_in_order(self, slot: _Slot) -> None:
        """A batch is finished: write what that makes the next in input order (this batch's documents,
        and those of finished batches that waited for an item of it)."""
        by_position: dict[int, list[tuple[Outcome, BatchResult, int]]] = {p: [] for p in slot.batch.positions}
        for offset, part in slot.parts.items():
            for outcome in part.outcomes:
                by_position[slot.batch.positions[offset + outcome.item]].append((outcome, part, offset))
        self._in_order.add(slot.batch.index, by_position)
        outcomes, done = self._in_order.release()
        if outcomes:
            floor = min((other.floor for other in self._slots.values()), default=self._last_row)
            self._write_outcomes(outcomes, floor)
        for index in done:
            del self._slots[index]

    def _store_on_workers(self, coded) -> None:
        """Store a coded batch where it lies, once the batch before it is stored (input order)."""
        future = self.client.submit(store_batch, coded, self.order, self._last_store, pure=False)
        self._last_store = future
        self._storing.add(future)
        self._completed.add(future)

    def _write_outcome(self, outcome: Outcome) -> None:
        """Count a document the workers stored, and report its problems."""
        self._report(outcome)
        if outcome.stored is not None:
            status, stored_events = outcome.stored
            self._count(status)
            self.tally.stored_events += stored_events

    def _write_outcomes(self, outcomes: list[tuple[Outcome, BatchResult, int]], floor: int) -> None:
        """The client writes a batch: its documents in input order, in one transaction (one commit)."""
        for outcome, _, _ in outcomes:
            self._report(outcome)
        coded = [(o, part, offset) for o, part, offset in outcomes if o.document is not None]
        found_unchanged = [o.document.id for o, _, _ in coded if o.events is None]  # type: ignore[union-attr]
        # the workers found these stored as they are; true still, unless this run changed them since
        current = self.store.current_revision_keys(found_unchanged) if found_unchanged else {}
        to_store = []
        for outcome, part, offset in coded:
            document, events = outcome.document, outcome.events
            assert document is not None
            if events is None:
                if current.get(document.id) == revision_key(document):
                    self._count("unchanged")
                    continue
                events = pipeline.extract_document(document, self.order.resolved_options())
                outcome.speculated = None
            to_store.append(ToWrite(document, events, outcome.speculated, part.snapshot, (part.index, offset)))
        for item, result in zip(to_store, self.writer.write(to_store, floor), strict=True):
            self._count(result.status)
            if result.status != "unchanged":
                self.tally.stored_events += len(item.events)
        self._last_row = self.writer.last_row
        self.on_progress(self.tally)

    def _report(self, outcome: Outcome) -> None:
        for message in outcome.errors:
            self.tally.failures += 1
            self.on_error(InputError(message))

    def _count(self, status: str) -> None:
        self.tally.counts[status] = self.tally.counts.get(status, 0) + 1

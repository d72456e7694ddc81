"""The client side of a distributed ingest: submit batches, collect results, write them in input order.

Writing in input order, one transaction per document, is what makes a run resumable and its store the
one a plain run leaves: killed at any point, the store holds every document of a prefix of the input;
started again, that prefix is found unchanged (the workers skip coding it again) and the rest follows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import pipeline
from ..errors import InputError, SitrepError
from ..ingest.items import RawItem
from ..store import Store, revision_key
from .batches import DEFAULT_BATCH_CHARS, DEFAULT_BATCH_ITEMS, Batch, make_batches
from .worker import BatchResult, Outcome, WorkOrder, process_batch


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
        cpu = self.worker_cpu_seconds
        cpu[result.worker] = cpu.get(result.worker, 0.0) + result.cpu_seconds
        peak = self.worker_peak_rss_bytes
        peak[result.worker] = max(peak.get(result.worker, 0), result.peak_rss_bytes)


@dataclass
class _Slot:
    """A submitted batch until it is written: its parts by offset (one, or single items after a failure)."""

    batch: Batch
    parts: dict[int, list[Outcome] | None]


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
    ) -> None:
        self.client = client
        self.store = store
        self.order = order
        self.on_error = on_error
        self.on_progress = on_progress or (lambda tally: None)
        self.batch_items = batch_items
        self.batch_chars = batch_chars
        self.tally = IngestTally()
        self._slots: dict[int, _Slot] = {}
        self._futures: dict = {}  # future → (batch index, offset of the part)
        self._completed: Any = None  # distributed.as_completed, made when the run starts

    def run(self, items: Iterable[RawItem]) -> IngestTally:
        from distributed import as_completed

        workers = max(1, sum(self.client.nthreads().values()))
        window = 2 * workers + 2  # batches submitted and not yet written: enough to keep workers busy
        batches = make_batches(items, self.batch_items, self.batch_chars)
        self._completed = as_completed()
        next_to_write = 0
        exhausted = False
        try:
            while True:
                while not exhausted and len(self._slots) < window:
                    batch = next(batches, None)
                    if batch is None:
                        exhausted = True
                    else:
                        self._slots[batch.index] = _Slot(batch, {0: None})
                        self._submit(batch.index, 0, batch.items, known=self._known(batch))
                if not self._futures:
                    break
                self._collect(next(self._completed))
                while next_to_write in self._slots and self._is_complete(self._slots[next_to_write]):
                    self._write(self._slots.pop(next_to_write))
                    next_to_write += 1
        finally:
            if self._futures:
                self.client.cancel(list(self._futures))
        return self.tally

    def _known(self, batch: Batch) -> dict[str, str]:
        ids = batch.declared_ids()
        return self.store.current_revision_keys(ids) if ids else {}

    def _submit(self, index: int, offset: int, items: list[RawItem], known: dict[str, str]) -> None:
        future = self.client.submit(process_batch, index, items, self.order, known, pure=False)
        self._futures[future] = (index, offset)
        self._completed.add(future)

    def _collect(self, future) -> None:
        index, offset = self._futures.pop(future)
        slot = self._slots[index]
        try:
            result: BatchResult = future.result()
        except SitrepError:
            raise
        except Exception as exc:
            self._retry_alone(slot, offset, exc)
            return
        self.tally.add_batch(result)
        slot.parts[offset] = result.outcomes

    def _retry_alone(self, slot: _Slot, offset: int, exc: Exception) -> None:
        """A batch's task failed (a worker died on it, a result would not pickle): each of its items is
        tried alone, so that only the item at fault is lost, and reported."""
        part_items = self._part_items(slot, offset)
        if len(part_items) == 1:
            item = part_items[0]
            message = f"the worker failed on this document ({type(exc).__name__}: {exc}); skipped"
            slot.parts[offset] = [Outcome(item.where, errors=[str(InputError(message, source=item.where))])]
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

    def _write(self, slot: _Slot) -> None:
        for offset in sorted(slot.parts):
            for outcome in slot.parts[offset] or []:
                self._write_outcome(outcome)
                self.on_progress(self.tally)

    def _write_outcome(self, outcome: Outcome) -> None:
        for message in outcome.errors:
            self.tally.failures += 1
            self.on_error(InputError(message))
        if outcome.document is None:
            return
        document, events = outcome.document, outcome.events
        if events is None:  # the worker found it stored as it is; true still, unless this run changed it
            if self.store.current_revision_keys([document.id]).get(document.id) == revision_key(document):
                self._count("unchanged")
                return
            events = pipeline.extract_document(document, self.order.resolved_options())
        result = pipeline.store_document(self.store, document, events)
        self._count(result.status)
        if result.status != "unchanged":
            self.tally.stored_events += len(events)

    def _count(self, status: str) -> None:
        self.tally.counts[status] = self.tally.counts.get(status, 0) + 1

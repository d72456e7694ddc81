"""What runs on a Dask worker: clean → extract → geocode over one batch of raw items, and with a
shared PostgreSQL store, storing and merging each document too (one transaction a document).

With SQLite only the client writes (WorkOrder.store_url is None): the worker returns the events, and
on a local cluster (WorkOrder.snapshot_url) also what storing and merging them would write, merged
against a read snapshot of the store (store.speculation); the client checks and applies it.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass, field, replace
from typing import Any

from .. import pipeline
from ..errors import InputError, SitrepError
from ..ingest import RawItem, documents_from_item
from ..model import Document, Event
from ..settings import Options, sitrep_home
from ..store import Store, revision_key
from ..store.speculation import SpeculatedWrite, StoreMarks

_stores: dict[str, Store] = {}  # one store (connection pool) per worker process and URL
_snapshot_engines: dict[str, Any] = {}  # and one engine for reading snapshots, of the run's store


@dataclass(slots=True)
class Outcome:
    """One document of a batch: its events; or None as events when the store already holds it as it
    is (the client checks that again before counting it); or only errors when it could not be read."""

    where: str  # the item's FILE or FILE:LINE
    document: Document | None = None
    events: list[Event] | None = None
    errors: list[str] = field(default_factory=list)
    stored: tuple[str, int] | None = None  # written by the worker: (new | revision | unchanged, events stored)
    speculated: SpeculatedWrite | None = None  # what storing and merging it writes, against the snapshot
    item: int = 0  # the place of its item among the items of its task


@dataclass(slots=True)
class BatchResult:
    index: int
    outcomes: list[Outcome]
    worker: str  # the worker's address, for per-worker figures
    coded: int  # documents coded (the others were found stored as they are, or failed)
    cpu_seconds: float  # CPU time the worker spent on this batch
    peak_rss_bytes: int  # the worker process's peak resident memory so far
    stored_by: str | None = None  # when the workers write: the worker that stored the batch,
    store_cpu_seconds: float = 0.0  # the CPU time that took it,
    store_peak_rss_bytes: int = 0  # and its peak resident memory so far
    snapshot: StoreMarks | None = None  # how far the store had got when the batch was merged speculatively
    speculation_cpu_seconds: float = 0.0  # of cpu_seconds, merging speculatively


@dataclass(frozen=True, slots=True)
class WorkOrder:
    """What every batch of one run shares: the options, and whether the worker uses its own data folder."""

    options: Options
    worker_home: bool = False  # on a remote cluster the client's SITREP_HOME means nothing to a worker
    store_url: str | None = None  # when given (PostgreSQL), workers store and merge their documents there
    snapshot_url: str | None = None  # when given (SQLite, same machine), workers merge against a snapshot

    def resolved_options(self) -> Options:
        if not self.worker_home:
            return self.options
        options = Options.__new__(Options)
        options.__setstate__(self.options.__getstate__())
        options.home = sitrep_home()
        return options


def process_batch(index: int, items: list[RawItem], order: WorkOrder, known: dict[str, str]) -> BatchResult:
    """Clean and code every item of a batch; `known` maps document ids to the revision key the store holds
    now, so that a document already stored as it is is not coded again (a resumed run)."""
    started = time.process_time()
    options = order.resolved_options()
    outcomes: list[Outcome] = []
    for place, item in enumerate(items):
        for outcome in _process_item(item, options, known):
            outcome.item = place
            outcomes.append(outcome)
    coded = sum(1 for outcome in outcomes if outcome.events is not None)
    speculating = time.process_time()
    snapshot = speculate(outcomes, order.snapshot_url) if order.snapshot_url else None
    finished = time.process_time()
    return BatchResult(
        index=index,
        outcomes=outcomes,
        worker=_worker_name(),
        coded=coded,
        cpu_seconds=finished - started,
        peak_rss_bytes=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        snapshot=snapshot,
        speculation_cpu_seconds=finished - speculating,
    )


def speculate(outcomes: list[Outcome], url: str) -> StoreMarks | None:
    """Store and merge the coded documents, in order, against one read snapshot of the store, keeping
    what that writes on each outcome; the snapshot's marks, or None when nothing could be speculated."""
    from ..merge import update_clusters
    from ..store.speculation import SnapshotSession, Unspeculable

    engine = _snapshot_engines.get(url)
    if engine is None:
        from ..store.engine import make_engine

        for other in _snapshot_engines.values():  # a long-lived worker serves one run's store at a time
            other.dispose()
        _snapshot_engines.clear()
        engine = _snapshot_engines[url] = make_engine(url)
    with engine.connect() as conn, conn.begin():  # a read transaction: one snapshot throughout
        marks = StoreMarks.read(conn)
        try:
            session = SnapshotSession(conn)
        except Unspeculable:
            return None
        for outcome in outcomes:
            if outcome.document is None or outcome.events is None:
                continue
            try:
                outcome.speculated = session.speculate(
                    outcome.document,
                    outcome.events,
                    lambda saved: update_clusters(session, saved.stored_events, saved.retired_event_ids),
                )
            except Unspeculable:
                continue  # the client merges it, and checks the batch's later documents against that
            except Exception:  # the overlay may be half written: the rest of the batch is merged by the client
                outcome.speculated = None
                break
    return marks


def _process_item(item: RawItem, options: Options, known: dict[str, str]) -> list[Outcome]:
    errors: list[str] = []
    outcomes: list[Outcome] = []
    try:
        for document in documents_from_item(item, options, lambda exc: errors.append(str(exc))):
            outcomes.append(_code(document, item.where, options, known))
    except InputError as exc:
        errors.append(f"{item.where}: {exc}")
    except Exception as exc:  # one odd item must not end the batch: it is reported, the rest goes on
        errors.append(str(InputError(f"could not read this document ({describe(exc)}); skipped", source=item.where)))
    if errors:
        outcomes.append(Outcome(item.where, errors=errors))
    return outcomes


def _code(document: Document, where: str, options: Options, known: dict[str, str]) -> Outcome:
    if known.get(document.id) == revision_key(document):
        return Outcome(where, document, None)
    try:
        return Outcome(where, document, pipeline.extract_document(document, options))
    except InputError as exc:
        return Outcome(where, errors=[f"{where}: document {document.id}: {exc}"])
    except SitrepError:
        raise  # a missing coder or a broken gazetteer: every document would fail alike, so the run ends
    except Exception as exc:
        message = f"document {document.id}: could not extract events ({describe(exc)}); skipped"
        return Outcome(where, errors=[str(InputError(message, source=where))])


def _store(url: str) -> Store:
    store = _stores.get(url)
    if store is None:
        for other in _stores.values():  # a long-lived worker serves one run's store at a time
            other.close()
        _stores.clear()
        store = _stores[url] = Store.open(url)
    return store


def store_batch(coded: BatchResult, order: WorkOrder, after: BatchResult | None) -> BatchResult:
    """Store and merge a coded batch's documents, each in its own transaction under the store's write
    lock (so two workers never both open a cluster); `after` is the batch stored before it, there only
    to make this run after it. What goes back to the client is how each document went."""
    assert order.store_url is not None
    store = _store(order.store_url)
    options = order.resolved_options()
    started = time.process_time()
    outcomes = [_stored(outcome, store, options) for outcome in coded.outcomes]
    return replace(
        coded,
        outcomes=outcomes,
        stored_by=_worker_name(),
        store_cpu_seconds=time.process_time() - started,
        store_peak_rss_bytes=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    )


def _stored(outcome: Outcome, store: Store, options: Options) -> Outcome:
    document, events = outcome.document, outcome.events
    if document is None:
        return outcome
    if events is None:  # found stored as it is; true still, unless this run changed it since
        if store.current_revision_keys([document.id]).get(document.id) == revision_key(document):
            return Outcome(outcome.where, errors=outcome.errors, stored=("unchanged", 0))
        events = pipeline.extract_document(document, options)
    result = pipeline.store_document(store, document, events)
    stored_events = len(events) if result.status != "unchanged" else 0
    return Outcome(outcome.where, errors=outcome.errors, stored=(result.status, stored_events))


def describe(exc: BaseException) -> str:
    """An unexpected exception in one short line: its type and the start of its message."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0][:200]}" if lines else type(exc).__name__


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return f"pid {os.getpid()}"

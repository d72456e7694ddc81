"""Speculative merging without Dask: how often the client's check fails, and what each side spends.

    python bench/speculation.py [DOCS.jsonl] [--copies 10] [--first 2400] [--batch 16] [--group 4] [--lag 1]

The corpus (as bench/dask_ingest.py makes it: DOCS repeated --copies times, ids of their own, its first
--first documents) is coded first, untimed (--cache FILE keeps the coded corpus between runs). Then it
is written as a distributed ingest writes it into a fresh SQLite store, in batches of --batch
documents (cut from groups of --group batches sorted by published day, as scale/batches.py cuts them;
--group 1: consecutive documents), each batch merged speculatively against a snapshot that misses the --lag batches before
it, as with lag + 1 workers each coding a batch at once (a local cluster's snapshots are about
workers − 1 batches behind). Everything runs in this process, one thing at a time, so the CPU figures
do not depend on the machine's load: the speculation's CPU a document (the workers' share), and the
writer's (checking, applying, merging the documents whose check failed), with the checks that failed.
"""

from __future__ import annotations

import json
import pickle
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dask_ingest import corpus_arguments, fresh_store_url, prepared_corpus

from sitrep import pipeline
from sitrep.ingest import documents_from_item
from sitrep.merge import cluster
from sitrep.merge.cluster import RememberedScores
from sitrep.scale.batches import DEFAULT_BATCH_CHARS, InputOrder, grouped_batches
from sitrep.scale.worker import Outcome, speculate
from sitrep.scale.writer import SpeculativeWriter, ToWrite
from sitrep.settings import Options
from sitrep.store import Store


def coded_corpus(corpus: Path, options: Options, cache: Path | None) -> list[tuple]:
    if cache is not None and cache.exists():
        return pickle.loads(cache.read_bytes())
    coded = []
    for item in pipeline.read_items([str(corpus)], options, lambda exc: None):
        for document in documents_from_item(item, options, lambda exc: None):
            coded.append((document, pipeline.extract_document(document, options)))
    if cache is not None:
        cache.write_bytes(pickle.dumps(coded))
    return coded


def replay(url: str, coded: list[tuple], batch: int, lag: int, group: int) -> dict:
    """Batch b speculated before batches b − lag … b − 1 are finished; each finished batch then
    releases what it makes next in input order, which the writer writes (as run.py's client)."""
    store = Store.open(url)
    writer = SpeculativeWriter(store)
    writer.start()
    cut = grouped_batches(coded, _published_day, lambda entry: len(entry[0].text), batch, DEFAULT_BATCH_CHARS, group)
    in_order: InputOrder[ToWrite] = InputOrder()
    waiting: list[tuple[int, dict[int, list[ToWrite]]]] = []  # speculated, not finished yet
    floors: dict[int, int] = {}  # batch → its snapshot's last document row, until it is written
    speculating = writing = 0.0
    try:
        for index, pairs in enumerate(cut):
            outcomes = [Outcome("corpus", document, events) for _, (document, events) in pairs]
            began = time.process_time()
            with _scores(WORKER_SCORES):  # a worker's process remembers its own pair scores
                marks = speculate(outcomes, url)
            speculating += time.process_time() - began
            floors[index] = marks.document_row if marks else 0
            by_position = {
                position: [ToWrite(o.document, o.events, o.speculated, marks, (index, 0))]  # type: ignore[arg-type]
                for (position, _), o in zip(pairs, outcomes, strict=True)
            }
            waiting.append((index, by_position))
            while len(waiting) > lag:
                writing += _finish_first(writer, waiting, in_order, floors)
        while waiting:
            writing += _finish_first(writer, waiting, in_order, floors)
    finally:
        store.close()
    counts = writer.counts
    merged = counts.failed_check + counts.not_speculated
    return {
        "documents": len(coded),
        "batch": batch,
        "group_batches": group,
        "lag": lag,
        "applied": counts.applied,
        "failed_check": counts.failed_check,
        "not_speculated": counts.not_speculated,
        "failed_percent": round(100 * counts.failed_check / max(len(coded), 1), 1),
        "speculating_ms_per_doc": round(1000 * speculating / len(coded), 2),
        "writer_ms_per_doc": round(1000 * writing / len(coded), 2),
        "of_which_checking_ms_per_doc": round(1000 * counts.checking_seconds / len(coded), 2),
        "of_which_merging_ms_per_merged_doc": round(1000 * counts.merging_seconds / max(merged, 1), 2),
    }


WORKER_SCORES = RememberedScores()


@contextmanager
def _scores(remembered: RememberedScores) -> Iterator[None]:
    """Pair scores remembered apart for the workers and the writer, as in their separate processes:
    shared, the writer's merges would find every score its worker computed."""
    writers = cluster._remembered
    cluster._remembered = remembered
    try:
        yield
    finally:
        cluster._remembered = writers


def _published_day(entry: tuple) -> str:
    document = entry[0]
    return document.published.isoformat() if document.published else ""


def _finish_first(
    writer: SpeculativeWriter,
    waiting: list[tuple[int, dict[int, list[ToWrite]]]],
    in_order: InputOrder[ToWrite],
    floors: dict[int, int],
) -> float:
    """The first waiting batch is finished: write what that releases; the CPU seconds that took. No
    snapshot still to come is older than those of the batches not written yet (as the client's floor)."""
    in_order.add(*waiting.pop(0))
    released, done = in_order.release()
    floor = min(floors.values())
    for index in done:
        del floors[index]
    if not released:
        return 0.0
    began = time.process_time()
    writer.write(released, floor)
    return time.process_time() - began


def main() -> None:
    parser = corpus_arguments(__doc__)
    parser.add_argument("--lag", type=int, default=1, help="batches a snapshot misses")
    parser.add_argument("--cache", type=Path, default=None, help="keep the coded corpus in this file")
    args = parser.parse_args()
    with prepared_corpus(args) as (options, folder, corpus):
        coded = coded_corpus(corpus, options, args.cache)[: args.first]
        result = replay(fresh_store_url(None, folder), coded, args.batch, args.lag, args.group)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()

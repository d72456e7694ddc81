"""Speculative merging without Dask: how often the client's check fails, and what each side spends.

    python bench/speculation.py [DOCS.jsonl] [--copies 10] [--first 2400] [--batch 16] [--lag 1]

The corpus (as bench/dask_ingest.py makes it: DOCS repeated --copies times, ids of their own, its first
--first documents) is coded first, untimed (--cache FILE keeps the coded corpus between runs). Then it
is written as a distributed ingest writes it into a fresh SQLite store, in batches of --batch
documents, each batch merged speculatively against a snapshot that misses the --lag batches before
it, as with lag + 1 workers each coding a batch at once (a local cluster's snapshots are about
workers − 1 batches behind). Everything runs in this process, one thing at a time, so the CPU figures
do not depend on the machine's load: the speculation's CPU a document (the workers' share), and the
writer's (checking, applying, merging the documents whose check failed), with the checks that failed.
"""

from __future__ import annotations

import json
import pickle
import time
from pathlib import Path

from dask_ingest import corpus_arguments, fresh_store_url, prepared_corpus

from sitrep import pipeline
from sitrep.ingest import documents_from_item
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


def replay(url: str, coded: list[tuple], batch: int, lag: int) -> dict:
    """Batch b speculated before batches b − lag … b − 1 are written; the writer then writes them in order."""
    store = Store.open(url)
    writer = SpeculativeWriter(store)
    writer.start()
    waiting: list[list[ToWrite]] = []
    speculating = writing = 0.0
    try:
        for index, start in enumerate(range(0, len(coded), batch)):
            outcomes = [Outcome("corpus", document, events) for document, events in coded[start : start + batch]]
            began = time.process_time()
            marks = speculate(outcomes, url)
            speculating += time.process_time() - began
            waiting.append([ToWrite(o.document, o.events, o.speculated, marks, (index, 0)) for o in outcomes])  # type: ignore[arg-type]
            while len(waiting) > lag:
                writing += _write_first(writer, waiting)
        while waiting:
            writing += _write_first(writer, waiting)
    finally:
        store.close()
    counts = writer.counts
    merged = counts.failed_check + counts.not_speculated
    return {
        "documents": len(coded),
        "batch": batch,
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


def _write_first(writer: SpeculativeWriter, waiting: list[list[ToWrite]]) -> float:
    """Write the first waiting batch; the CPU seconds that took. No snapshot still to come is older
    than those of the batches waiting (as the client's floor)."""
    floor = min(item.snapshot.document_row if item.snapshot else 0 for batch in waiting for item in batch)
    began = time.process_time()
    writer.write(waiting.pop(0), floor)
    return time.process_time() - began


def main() -> None:
    parser = corpus_arguments(__doc__)
    parser.add_argument("--lag", type=int, default=1, help="batches a snapshot misses")
    parser.add_argument("--cache", type=Path, default=None, help="keep the coded corpus in this file")
    args = parser.parse_args()
    with prepared_corpus(args) as (options, folder, corpus):
        coded = coded_corpus(corpus, options, args.cache)
        print(json.dumps(replay(fresh_store_url(None, folder), coded, args.batch, args.lag)), flush=True)


if __name__ == "__main__":
    main()

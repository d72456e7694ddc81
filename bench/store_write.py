"""Where a document's time goes outside coding: reading, storing, merging, committing; SQLite and PostgreSQL.

    python bench/store_write.py [DOCS.jsonl] [--copies 2] [--postgres URL] [--batch 1]

The corpus (default ../shared/data/fa-kes-documents.jsonl, repeated --copies times with ids of their
own) is read and coded first, untimed; then its documents are written, as `sitrep ingest` writes them,
into a fresh store (SQLite, and PostgreSQL when --postgres gives a server), --batch documents a
transaction. Prints, per store kind, the CPU milliseconds a document costs this process in each phase
(reading the raw items, saving the document and its events, merging, committing), the wall time a
document, and on PostgreSQL the CPU the server's backend spent a document. These are the costs the
cluster estimate in docs/scale.md starts from.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from sitrep import pipeline
from sitrep.ingest import documents_from_item
from sitrep.merge import update_clusters
from sitrep.settings import Options
from sitrep.store import Store

PHASES = ("read", "save", "merge", "commit")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def coded_corpus(corpus: Path, options: Options) -> tuple[list, float]:
    errors: list = []
    started = time.process_time()
    items = list(pipeline.read_items([str(corpus)], options, errors.append))
    read_cpu = time.process_time() - started
    coded = []
    for item in items:
        for document in documents_from_item(item, options, errors.append):
            coded.append((document, pipeline.extract_document(document, options)))
    return coded, read_cpu / max(len(coded), 1)


def backend_cpu_seconds(conn) -> float | None:
    """CPU time of this connection's PostgreSQL backend process, when it runs on this machine."""
    pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def write_all(store: Store, coded: list, batch: int) -> dict[str, float]:
    spent = dict.fromkeys(PHASES[1:], 0.0)
    server = 0.0
    wall = time.perf_counter()
    for start in range(0, len(coded), batch):
        with store.writing() as session:
            server_before = backend_cpu_seconds(session.conn) if store.engine.dialect.name == "postgresql" else None
            for document, events in coded[start : start + batch]:
                t0 = time.process_time()
                result = session.save_document(document, events)
                t1 = time.process_time()
                if result.status != "unchanged":
                    update_clusters(session, result.stored_events, result.retired_event_ids)
                spent["save"] += t1 - t0
                spent["merge"] += time.process_time() - t1
            if server_before is not None:
                server -= server_before
                server += backend_cpu_seconds(session.conn) or 0.0
            committing = time.process_time()
        spent["commit"] += time.process_time() - committing
    figures = {name: 1000 * seconds / len(coded) for name, seconds in spent.items()}
    figures["wall"] = 1000 * (time.perf_counter() - wall) / len(coded)
    if store.engine.dialect.name == "postgresql":
        figures["server"] = 1000 * server / len(coded)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", nargs="?", default="../shared/data/fa-kes-documents.jsonl")
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=1, help="documents a transaction")
    parser.add_argument("--postgres", default=None, help="a PostgreSQL server URL; fresh databases are made there")
    args = parser.parse_args()
    from dask_ingest import fresh_store_url, write_corpus  # the same corpus and stores as the Dask bench

    options = Options()
    pipeline.build_gazetteer(options)
    Path("scratch").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir="scratch") as folder:
        corpus = write_corpus(Path(args.docs), args.copies, Path(folder))
        coded, read_ms = coded_corpus(corpus, options)
        kinds = {"sqlite": None, **({"postgresql": args.postgres} if args.postgres else {})}
        for kind, server in kinds.items():
            runs = []
            for _ in range(args.runs):
                store = Store.open(fresh_store_url(server, Path(folder)))
                try:
                    runs.append(write_all(store, coded, args.batch))
                finally:
                    store.close()
            medians = {name: round(statistics.median(r[name] for r in runs), 2) for name in runs[0]}
            summary = {"store": kind, "documents": len(coded), "batch": args.batch, "read": round(1000 * read_ms, 2)}
            print(json.dumps({**summary, **medians, "unit": "ms a document (median of runs)"}), flush=True)


if __name__ == "__main__":
    main()

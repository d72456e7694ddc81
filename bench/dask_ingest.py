"""Distributed ingest throughput: the same corpus on a local Dask cluster of 1 and of 2 workers.

    python bench/dask_ingest.py [DOCS.jsonl] [--copies 10] [--runs 3] [--postgres URL] [--first N] [--workers 2] [--batch 16] [--group 4]

The corpus is DOCS (default ../shared/data/fa-kes-documents.jsonl) repeated --copies times, each copy
with ids of its own (FA-KES ×10: 8,040 documents), written to scratch/. Each run ingests it into a fresh
store of one kind — SQLite by default, or new databases on the PostgreSQL server at --postgres
(e.g. postgresql://localhost:5432/postgres) — first with 1 worker, then with 2, so that the ratio of
one run compares two ingests made under the same machine load. Prints per run the documents/s of both,
the ratio (and the ratio the CPU split allows on 2 cores), each worker's peak memory, the worker CPU a coded document costs (on PostgreSQL including
storing and merging, which the workers do there) and the client's CPU a document (reading; on SQLite
also storing and merging, which only the client does); then the medians.
The local cluster's start (worker processes, resources loaded) is not part of the timed ingest; before
each ingest a fixed loop is timed alone and on both cores at once (probe_ms_*: the machine's speed then).
--first N ingests only the corpus's first N documents (a prefix of ×10: checks fail more often further
along it, so say which prefix); --workers 2 runs only the 2-worker ingest (its check failures and CPU a
document are what decide the ratio; no ratio is printed then).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from sitrep import pipeline
from sitrep.errors import InputError
from sitrep.scale import DistributedIngest, WorkOrder, dask_client
from sitrep.scale.batches import DEFAULT_BATCH_ITEMS, DEFAULT_GROUP_BATCHES
from sitrep.settings import Options
from sitrep.store import Store


def write_corpus(source: Path, copies: int, folder: Path, first: int | None = None) -> Path:
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    target = folder / f"{source.stem}-x{copies}.jsonl"
    corpus = [dict(record, id=f"{record['id']}~{copy}") for copy in range(copies) for record in records]
    with target.open("w", encoding="utf-8") as out:
        for record in corpus[:first]:
            out.write(json.dumps(record) + "\n")
    return target


def corpus_arguments(description: str | None) -> argparse.ArgumentParser:
    """The corpus options this bench shares with bench/speculation.py."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", nargs="?", default="../shared/data/fa-kes-documents.jsonl")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--first", type=int, default=None, help="only the first N documents of the corpus")
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH_ITEMS, help="documents a batch")
    parser.add_argument(
        "--group", type=int, default=DEFAULT_GROUP_BATCHES, help="batches cut from a group sorted by day (1: none)"
    )
    return parser


@contextmanager
def prepared_corpus(args: argparse.Namespace) -> Iterator[tuple[Options, Path, Path]]:
    """The options (the gazetteer built), a scratch folder and the corpus written there."""
    options = Options()
    pipeline.build_gazetteer(options)
    Path("scratch").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir="scratch") as name:
        folder = Path(name)
        yield options, folder, write_corpus(Path(args.docs), args.copies, folder, args.first)


def fresh_store_url(postgres: str | None, folder: Path) -> str:
    if postgres is None:
        return f"sqlite:///{folder / f'bench-{uuid.uuid4().hex[:8]}.db'}"
    name = f"sitrep_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(postgres.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return postgres.rsplit("/", 1)[0] + f"/{name}"


# A fixed piece of pure-Python work, timed in CPU seconds. The shared machine's cores run at different
# speeds from one quarter of an hour to the next (this loop took 0.92 s and, an hour later, 1.3-1.8 s
# on the same idle machine), and more so when both are busy: a ratio whose two ingests ran at
# different speeds says little, so each ingest reports the loop's time alone and on both cores at once.
_PROBE = "import time\nt = time.process_time()\nd = {}\nfor i in range(3_000_000):\n    d[i % 1000] = str(i)\nprint(time.process_time() - t)"


def machine_speed(processes: int) -> float:
    """The probe's CPU milliseconds, the median of `processes` copies run at once."""
    runs = [
        subprocess.Popen([sys.executable, "-c", _PROBE], stdout=subprocess.PIPE, text=True) for _ in range(processes)
    ]
    return round(1000 * statistics.median(float(run.communicate()[0]) for run in runs))


def timed_ingest(
    corpus: Path,
    workers: int,
    url: str,
    options: Options,
    batch: int = DEFAULT_BATCH_ITEMS,
    group: int = DEFAULT_GROUP_BATCHES,
) -> dict:
    order = WorkOrder(options)
    probe = {"probe_ms_alone": machine_speed(1), "probe_ms_two_at_once": machine_speed(2)}
    errors: list[InputError] = []
    store = Store.open(url)
    try:
        with dask_client(order, workers=workers) as client:
            started, cpu_started, thread_started = time.perf_counter(), time.process_time(), time.thread_time()
            ingest = DistributedIngest(
                client, store, order, on_error=errors.append, batch_items=batch, group_batches=group
            )
            tally = ingest.run(pipeline.read_items([str(corpus)], options, errors.append))
            seconds, client_cpu = time.perf_counter() - started, time.process_time() - cpu_started
            writing_thread = time.thread_time() - thread_started
    finally:
        store.close()
    return {
        "documents": tally.documents,
        "failures": len(errors),
        "seconds": round(seconds, 1),
        "docs_per_s": round(tally.documents / seconds, 1),
        "peak_worker_mib": sorted(round(v / 2**20) for v in tally.worker_peak_rss_bytes.values()),
        "client_cpu_ms_per_doc": round(1000 * client_cpu / max(tally.documents, 1), 2),  # reading, storing, merging
        "of_which_writing_thread_ms_per_doc": round(
            1000 * writing_thread / max(tally.documents, 1), 2
        ),  # the rest: Dask
        "worker_cpu_ms_per_doc": round(1000 * sum(tally.worker_cpu_seconds.values()) / max(tally.coded, 1), 2),
        "of_which_storing_ms_per_doc": round(1000 * tally.worker_store_cpu_seconds / max(tally.documents, 1), 2),
        "of_which_speculating_ms_per_doc": round(
            1000 * tally.worker_speculation_cpu_seconds / max(tally.coded, 1), 2
        ),  # SQLite: merging against a snapshot
        "speculation": {  # SQLite: merges the client applied as the workers made them, or made again
            "applied": tally.speculation.applied,
            "failed_check": tally.speculation.failed_check,
            "not_speculated": tally.speculation.not_speculated,
            "checking_ms_per_doc": round(1000 * tally.speculation.checking_seconds / max(tally.documents, 1), 2),
            "merging_ms_per_merged_doc": round(
                1000
                * tally.speculation.merging_seconds
                / max(tally.speculation.failed_check + tally.speculation.not_speculated, 1),
                2,
            ),
        },
        "written_by": tally.written_by,
        **probe,
    }


def cpu_bound(one: dict, two: dict) -> float:
    """The ratio on 2 cores from the CPU a document alone: 1 worker codes at 1/w1 (the client's work
    hides on the other core), 2 workers and the client share both cores, 2/(w2 + c2)."""
    return round(2 * one["worker_cpu_ms_per_doc"] / (two["worker_cpu_ms_per_doc"] + two["client_cpu_ms_per_doc"]), 2)


def main() -> None:
    parser = corpus_arguments(__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default=None, help="a PostgreSQL server URL; fresh databases are made there")
    parser.add_argument("--workers", type=int, choices=(1, 2), default=None, help="only the ingest with this many")
    args = parser.parse_args()
    with prepared_corpus(args) as (options, folder, corpus):
        runs = []
        for number in range(1, args.runs + 1):
            run: dict = {"run": number}
            for workers, name in ((1, "one_worker"), (2, "two_workers")):
                if args.workers in (None, workers):
                    url = fresh_store_url(args.postgres, folder)
                    run[name] = timed_ingest(corpus, workers, url, options, args.batch, args.group)
            if args.workers is not None:
                print(json.dumps(run), flush=True)
                continue
            run["ratio"] = round(run["two_workers"]["docs_per_s"] / run["one_worker"]["docs_per_s"], 2)
            run["ratio_the_cpu_allows"] = cpu_bound(run["one_worker"], run["two_workers"])
            print(json.dumps(run), flush=True)
            runs.append(run)
    if not runs:
        return
    print(
        json.dumps(
            {
                "store": "postgresql" if args.postgres else "sqlite",
                "documents": runs[0]["one_worker"]["documents"],
                "median_docs_per_s_1_worker": statistics.median(r["one_worker"]["docs_per_s"] for r in runs),
                "median_docs_per_s_2_workers": statistics.median(r["two_workers"]["docs_per_s"] for r in runs),
                "median_ratio": statistics.median(r["ratio"] for r in runs),
                "max_peak_worker_mib": max(
                    max(r[k]["peak_worker_mib"]) for r in runs for k in ("one_worker", "two_workers")
                ),
            }
        )
    )


if __name__ == "__main__":
    main()

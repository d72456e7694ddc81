"""Cost of merging as the store grows: time to store and merge one document at 1k, 10k, 100k stored events.

The store is filled with synthetic reports (copies of a few invented incidents with shifted dates and
places, about 30 events a day, as a busy conflict gives), through the same store-and-merge path as
`sitrep ingest`; then `--probe` new documents are ingested one transaction each, as the CLI does, and
the median time per document is reported at every size. Extraction is left out: its cost does not
depend on the store (bench/extract_speed.py measures it).

    python bench/merge_cost.py --sizes 1000,10000,100000            # SQLite, a temporary file
    python bench/merge_cost.py --postgres --sizes 1000,10000,100000  # a throw-away PostgreSQL server
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitrep import pipeline  # noqa: E402
from sitrep.merge import update_clusters  # noqa: E402
from sitrep.model import Claim, Document, Event, make_event_id  # noqa: E402
from sitrep.store import Store  # noqa: E402

START = date(2015, 1, 1)
PER_DAY = 30
KINDS = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Artillery hit the {w} quarter of {t}"),
    ("Explosions/Remote violence", "Air/drone strike", "Warplanes struck a {w} depot outside {t}"),
    ("Battles", "Armed clash", "Two armed groups fought near the {w} crossing of {t}"),
    ("Violence against civilians", "Attack", "Gunmen shot at a {w} bus on the road to {t}"),
]
WORDS = ["grain", "river", "northern", "old", "market", "fuel", "hill", "station", "school", "bridge"]


def synthetic(number: int, rng: random.Random) -> tuple[Document, list[Event]]:
    """The number-th synthetic report: about one in three retells an earlier incident."""
    incident = number if rng.random() > 0.33 or number < 10 else number - rng.randint(1, 9)
    irng = random.Random(incident)
    day = START + timedelta(days=incident // PER_DAY)
    kind, sub, template = KINDS[incident % len(KINDS)]
    town = f"Town {incident % 997}"
    text = template.format(w=WORDS[irng.randrange(len(WORDS))], t=town) + f", report {number}."
    document = Document(id=f"synthetic-{number}", text=text, published=day, publisher=f"Outlet {number % 40}")
    killed = irng.randint(0, 12)
    event = Event(
        event_id=make_event_id(document.id, document.content_hash, 0),
        document_id=document.id,
        event_date=day.isoformat(),
        time_precision=1,
        event_type=kind,
        sub_event_type=sub,
        country="Syria",
        admin1=f"Region {incident % 14}",
        location=town,
        latitude=32.5 + (incident % 997) * 0.004,
        longitude=36.0 + (incident % 89) * 0.03,
        geo_precision=1,
        fatalities=killed,
        fatalities_low=killed,
        fatalities_best=killed,
        fatalities_high=killed,
        claims=[Claim(kind="killed", value=killed, text=text)] if killed else [],
        source=document.publisher,
        text=text,
        coder="bench",
    )
    return document, [event]


def fill(store: Store, start: int, stop: int, rng: random.Random) -> None:
    for batch in range(start, stop, 500):
        with store.writing() as session:
            for number in range(batch, min(batch + 500, stop)):
                document, events = synthetic(number, rng)
                result = session.save_document(document, events)
                update_clusters(session, result.stored_events, result.retired_event_ids)


def probe(store: Store, start: int, count: int, rng: random.Random) -> list[float]:
    timings = []
    for number in range(start, start + count):
        document, events = synthetic(number, rng)
        began = time.perf_counter()
        pipeline.store_document(store, document, events)
        timings.append(time.perf_counter() - began)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--probe", type=int, default=200, help="documents timed at each size")
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--postgres", action="store_true", help="start a throw-away PostgreSQL server")
    args = parser.parse_args()
    server = None
    if args.postgres:
        from tests.postgres_server import PostgresServer, fresh_database

        server = PostgresServer()
        server.start()
        url = fresh_database(server.url())
    else:
        url = args.db or f"sqlite:///{tempfile.mkdtemp(prefix='sitrep-bench-')}/merge.db"
    rng = random.Random(1)
    store = Store.open(url)
    stored, results = 0, []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            began = time.perf_counter()
            fill(store, stored, size, rng)
            filled_s = time.perf_counter() - began
            timings = probe(store, 10_000_000 + size, args.probe, rng)
            stored = size
            results.append(
                {
                    "stored_events": size,
                    "median_ms_per_document": round(1000 * statistics.median(timings), 2),
                    "p90_ms": round(1000 * sorted(timings)[int(0.9 * len(timings))], 2),
                    "fill_s": round(filled_s, 1),
                    "canonical_events": store.canonical_count(),
                }
            )
            print(json.dumps({"backend": store.engine.dialect.name, **results[-1]}), flush=True)
    finally:
        store.close()
        if server:
            server.stop()


if __name__ == "__main__":
    main()

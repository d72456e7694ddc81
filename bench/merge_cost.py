"""Cost of merging as the store grows: time to store and merge one document at 1k, 10k, 100k stored events.

The first 1,000 synthetic reports (invented incidents, about 30 events a day as a busy conflict gives,
a third of them retold by a second outlet) go through the same store-and-merge path as `sitrep ingest`;
larger stores are made of copies of that block with shifted dates and places (documents, events,
claims, links, memberships and canonical events copied in SQL). Then `--probe` new reports of incidents
spread over the whole stored period are ingested one transaction each, as the CLI does, and the median
time per document is reported at every size. Extraction is left out: its cost does not
depend on the store (bench/extract_speed.py measures it).

    python bench/merge_cost.py --sizes 1000,10000,100000            # SQLite, a temporary file
    python bench/merge_cost.py --postgres --sizes 1000,10000,100000  # a throw-away PostgreSQL server
"""

from __future__ import annotations

import argparse
import json
import random
import signal
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


def synthetic(number: int, rng: random.Random, tag: str = "synthetic") -> tuple[Document, list[Event]]:
    """The number-th synthetic report: about one in three retells an earlier incident."""
    incident = number if rng.random() > 0.33 or number < 10 else number - rng.randint(1, 9)
    irng = random.Random(incident)
    day = START + timedelta(days=incident // PER_DAY)
    kind, sub, template = KINDS[incident % len(KINDS)]
    town = f"Town {incident % 997}"
    text = template.format(w=WORDS[irng.randrange(len(WORDS))], t=town) + f", report {number}."
    document = Document(id=f"{tag}-{number}", text=text, published=day, publisher=f"Outlet {number % 40}")
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


BLOCK = 1000
BLOCK_DAYS = -(-BLOCK // PER_DAY)


def copy_block(store: Store, copy: int) -> None:
    """Copy the first block of reports, shifted `copy` blocks later and a little north, in SQL."""
    days, north, sfx = copy * BLOCK_DAYS, copy * 0.0005, f"-{copy}"
    sqlite = store.engine.dialect.name == "sqlite"
    shift = (lambda c: f"date({c}, '+{days} days')") if sqlite else (lambda c: f"(({c})::date + {days})::text")
    pub = f"date(published, '+{days} days')" if sqlite else f"published + {days}"
    statements = [
        f"""INSERT INTO documents (doc_id, revision, content_hash, title, published, publisher, republished_by, url,
            format, source_path, text, superseded, ingested_at)
            SELECT doc_id || '{sfx}', revision, content_hash, title, {pub}, publisher, republished_by, url, format,
            source_path, text, superseded, ingested_at FROM documents WHERE substr(doc_id, 1, 10) = 'synthetic-'
            AND row_id IN (SELECT document_row FROM events WHERE length(event_id) = 16)""",
        f"""INSERT INTO events SELECT e.event_id || '{sfx}', d2.row_id, e.ordinal, e.superseded, NULL,
            e.document_id || '{sfx}', {shift("e.event_date")}, e.time_precision, e.event_type, e.sub_event_type,
            e.actor1, e.assoc_actor_1, e.inter1, e.actor2, e.assoc_actor_2, e.inter2, e.country, e.admin1,
            e.admin2, e.location, e.latitude + {north}, e.longitude, e.geo_precision, e.fatalities,
            e.fatalities_low, e.fatalities_best, e.fatalities_high, e.source, e.sources, e.republished_by,
            e.text, e.start_char, e.end_char, e.coder, e.changed_at
            FROM events e JOIN documents d ON e.document_row = d.row_id
            JOIN documents d2 ON d2.doc_id = d.doc_id || '{sfx}' WHERE length(e.event_id) = 16""",
        f"""INSERT INTO claims (event_id, ordinal, kind, value, value_high, quantifier, subject, side, claimant,
            text, start_char, end_char) SELECT event_id || '{sfx}', ordinal, kind, value, value_high, quantifier,
            subject, side, claimant, text, start_char, end_char FROM claims
            WHERE event_id || '{sfx}' IN (SELECT event_id FROM events)""",
        f"""INSERT INTO cluster_links SELECT event_a || '{sfx}', event_b || '{sfx}', score FROM cluster_links
            WHERE event_a || '{sfx}' IN (SELECT event_id FROM events)
            AND event_b || '{sfx}' IN (SELECT event_id FROM events)""",
        f"""INSERT INTO memberships SELECT event_id || '{sfx}', cluster_id || '{sfx}', score, features,
            linked_to || '{sfx}', republication_of, pinned FROM memberships
            WHERE event_id || '{sfx}' IN (SELECT event_id FROM events)""",
        f"""INSERT INTO clusters SELECT cluster_id || '{sfx}', version, created_at, changed_at, deleted,
            deletion_reason, document_id || '{sfx}', {shift("event_date")}, time_precision, event_type,
            sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, country, admin1, admin2,
            location, latitude + {north}, longitude, geo_precision, fatalities, fatalities_low, fatalities_best,
            fatalities_high, source, text, payload FROM clusters
            WHERE cluster_id || '{sfx}' IN (SELECT cluster_id FROM memberships)""",
    ]
    with store.writing() as session:
        for statement in statements:
            session.conn.exec_driver_sql(statement)


def grow(store: Store, stored: int, size: int, rng: random.Random) -> None:
    if stored < BLOCK:
        fill(store, stored, min(size, BLOCK), rng)
    for copy in range(max(1, stored // BLOCK), size // BLOCK):
        copy_block(store, copy)


def probe(store: Store, size: int, count: int, rng: random.Random) -> list[float]:
    """New reports of incidents anywhere in the stored period, one transaction each."""
    timings = []
    for number in rng.sample(range(size), count):
        document, events = synthetic(number, rng, tag="probe")
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
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a stopped run still stops its server
    server = None
    if args.postgres:
        from tests.postgres_server import PostgresServer, fresh_database

        server = PostgresServer()
        server.start()
        url = fresh_database(server.url())
    else:
        folder = tempfile.TemporaryDirectory(prefix="sitrep-bench-")
        url = args.db or f"sqlite:///{folder.name}/merge.db"
    rng = random.Random(1)
    store = Store.open(url)
    stored, results = 0, []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            began = time.perf_counter()
            grow(store, stored, size, rng)
            filled_s = time.perf_counter() - began
            timings = probe(store, size, args.probe, rng)
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

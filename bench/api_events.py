"""Benchmark the API and the dashboard over a store of 100,000 synthetic events.

Measures, against a real `sitrep serve` on loopback:
  1. GET /events with filters (one request at a time): median and p95 latency;
  2. a bounded load run (N threads, a fixed number of requests): requests per second;
  3. the dashboard's first load until its markers are drawn, with 10,000 events in view, in headless
     Chromium (median of several loads).

    python bench/api_events.py                      # builds /tmp/sitrep-bench-api.db once, then reuses it
    python bench/api_events.py --events 20000 --requests 100

The events are synthetic (random types, places in Syria, dates over three years, one or two claims each,
random wording, so that no two link). `/events` pages canonical events. With `--merge` each document is
stored and merged the way `sitrep ingest` does it (pipeline.store_document: about 80 ms of CPU a document
here, too slow for 100,000 events in a session); by default each report event is written as the canonical
event of its own that merging gives it (merge.reconcile over the one report, a membership, a version),
which is what real merging produced for 5,000 of these events (5,000 canonical events).
Quote figures with the machine's `uptime` load.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta

import httpx2 as httpx

from sitrep.merge import merge_settings, reconcile
from sitrep.merge.cluster import cluster_id_for
from sitrep.model import EVENT_TYPES, Claim, Document, Event, Membership, make_event_id
from sitrep.pipeline import store_document
from sitrep.store import Store

GOVERNORATES = {
    "Aleppo": (36.2, 37.2),
    "Idleb": (35.9, 36.6),
    "Hama": (35.1, 36.8),
    "Homs": (34.7, 37.5),
    "Damascus": (33.5, 36.3),
    "Rural Damascus": (33.6, 36.6),
    "Dar'a": (32.7, 36.1),
    "As-Sweida": (32.7, 36.6),
    "Quneitra": (33.1, 35.8),
    "Lattakia": (35.5, 35.9),
    "Tartous": (34.9, 35.9),
    "Ar-Raqqa": (35.9, 39.0),
    "Deir-ez-Zor": (35.3, 40.1),
    "Al-Hasakeh": (36.5, 40.7),
}
ACTORS = [
    "Military Forces of Syria (2000-)",
    "Islamic State (Syria)",
    "QSD: Syrian Democratic Forces",
    "HTS: Hayat Tahrir al Sham",
    "Military Forces of Russia (2000-)",
    "Military Forces of Turkey (2016-)",
    "Civilians (Syria)",
    "Unidentified Armed Group (Syria)",
]
PUBLISHERS = [f"Outlet {n}" for n in range(30)]
WORDS = [f"w{n:03d}" for n in range(2000)]  # random wording: synthetic reports are no copies of each other
START = date(2019, 1, 1)
DAYS = 1000
EVENTS_PER_DOCUMENT = 10
QUERIES = [
    {"admin1": "Idleb"},
    {"type": "Battles", "from": "2020-01-01", "to": "2020-06-30"},
    {"actor": "Islamic State", "min_fatalities": 5},
    {"bbox": "36.0,35.5,37.5,36.5", "type": "Explosions/Remote violence"},
    {"publisher": "Outlet 7", "from": "2019-06-01"},
    {"admin1": "Aleppo", "order": "desc"},
]


def build_store(url: str, total: int, seed: int = 7, merge: bool = False) -> None:
    rng = random.Random(seed)
    store = Store.open(url)
    have = store.stats()["events"]
    if have >= total:
        store.close()
        return
    types = [(t, s) for t, subs in EVENT_TYPES.items() for s in subs]
    started = time.perf_counter()
    for number in range(have // EVENTS_PER_DOCUMENT, total // EVENTS_PER_DOCUMENT):
        day = START + timedelta(days=rng.randrange(DAYS))
        publisher = rng.choice(PUBLISHERS)
        sentences = [" ".join(rng.choices(WORDS, k=14)) + "." for _ in range(EVENTS_PER_DOCUMENT)]
        text = " ".join(sentences)
        document = Document(id=f"bench/{number}", text=text, published=day, publisher=publisher, title=sentences[0])
        events = [
            _event(rng, document, ordinal, day, types, sentences[ordinal]) for ordinal in range(EVENTS_PER_DOCUMENT)
        ]
        if merge:
            store_document(store, document, events)
        else:
            _store_unlinked(store, document, events)
        if number % 1000 == 0:
            print(f"  stored {number * EVENTS_PER_DOCUMENT:,} events ({time.perf_counter() - started:.0f} s)")
    store.close()


def _store_unlinked(store: Store, document: Document, events: list[Event]) -> None:
    """Store a document and make each of its events the one report of a canonical event."""
    settings = merge_settings()
    published = document.published.isoformat() if document.published else None
    with store.writing() as session:
        session.save_document(document, events)
        memberships = [Membership(event_id=e.event_id, cluster_id=cluster_id_for(e.event_id)) for e in events]
        session.write_memberships(memberships)
        for event, membership in zip(events, memberships, strict=True):
            canonical = reconcile(
                membership.cluster_id, [event], {event.event_id: membership}, {event.event_id: published}, settings
            )
            session.write_cluster(canonical, "new report")


def _event(rng: random.Random, document: Document, ordinal: int, day: date, types, sentence: str) -> Event:
    admin1 = rng.choice(list(GOVERNORATES))
    lat, lon = GOVERNORATES[admin1]
    event_type, sub_type = rng.choice(types)
    killed = rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 12, 20])
    claims = [Claim(kind="killed", value=killed, claimant=rng.choice(["monitors", "state media", None]))]
    if rng.random() < 0.2:
        claims.append(Claim(kind="killed", value=killed + rng.randint(1, 9), claimant="rival media"))
    return Event(
        event_id=make_event_id(document.id, document.content_hash, ordinal),
        document_id=document.id,
        event_date=(day - timedelta(days=rng.randrange(3))).isoformat(),
        time_precision=1,
        event_type=event_type,
        sub_event_type=sub_type,
        actor1=rng.choice(ACTORS),
        actor2=rng.choice(ACTORS),
        country="Syria",
        admin1=admin1,
        location=f"Place {rng.randrange(400)}",
        latitude=lat + rng.uniform(-0.4, 0.4),
        longitude=lon + rng.uniform(-0.4, 0.4),
        geo_precision=rng.choice([1, 2, 3]),
        fatalities=killed,
        fatalities_low=killed,
        fatalities_best=killed,
        fatalities_high=max(c.value for c in claims),
        claims=claims,
        source=document.publisher,
        sources=[document.publisher or ""],
        text=sentence,
        coder="bench",
    )


def start_server(url: str) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, "-m", "sitrep", "serve", "--db", url, "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    match = re.search(r"http://127\.0\.0\.1:\d+/", server.stdout.readline())
    if not match:
        server.kill()
        raise SystemExit("sitrep serve did not start")
    return server, match.group(0)


def latency(base: str, requests: int) -> list[float]:
    timings = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for number in range(requests):
            params = QUERIES[number % len(QUERIES)]
            started = time.perf_counter()
            response = client.get("events", params=params)
            timings.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
    return timings


def load_run(base: str, threads: int, requests: int) -> float:
    """Requests per second with `threads` clients sending `requests` requests in all."""
    remaining = iter(range(requests))
    lock = threading.Lock()
    failures = []

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                with lock:
                    number = next(remaining, None)
                if number is None:
                    return
                if client.get("events", params=QUERIES[number % len(QUERIES)]).status_code != 200:
                    failures.append(number)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} requests failed in the load run")
    return requests / (time.perf_counter() - started)


def dashboard_load(base: str, loads: int) -> tuple[list[float], int, list[dict[str, float]]]:
    """Milliseconds from navigation to markers drawn, with a date range holding about 10,000 events,
    and each load's stages (the dashboard's performance marks)."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("no chromium: apt-get install chromium (or bash .ci/chromium.sh)")
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    view = f"{base}?from=2020-01-01&to=2020-04-09"
    timings, markers, stages = [], 0, []
    # the events come in pages: the first request's start and the last page's end bound the whole fetch
    marks = (
        "(() => { const m = {}; for (const e of performance.getEntriesByType('mark')) {"
        " const k = e.name.slice(7); if (k !== 'events-requested' || !(k in m)) m[k] = e.startTime; } return m; })()"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=args)
        for _ in range(loads):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(view)
            page.wait_for_selector("body[data-ready='1']", timeout=60_000)
            timings.append(page.evaluate("performance.now()"))
            stages.append(page.evaluate(marks))
            markers = int(page.get_attribute("body", "data-markers") or 0)
            # the filter choices (/stats over every event) come last: the next load starts on an idle server
            page.wait_for_function("document.querySelector('select[name=admin1]').options.length > 1", timeout=60_000)
            page.close()
        browser.close()
    return timings, markers, stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite:////tmp/sitrep-bench-api.db")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="sequential requests for latency")
    parser.add_argument("--load-requests", type=int, default=600)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--loads", type=int, default=5, help="dashboard loads in Chromium")
    parser.add_argument("--merge", action="store_true", help="merge every document as ingest does (slow)")
    args = parser.parse_args()

    print(f"store: {args.db} with {args.events:,} report events (built once)")
    build_store(args.db, args.events, merge=args.merge)
    store = Store.open(args.db)
    print(f"  merged into {store.canonical_count():,} canonical events")
    store.close()
    print(f"load: {os.getloadavg()[0]:.2f} (1-minute average)")
    server, base = start_server(args.db)
    try:
        latency(base, 12)  # warm the connection pool and the page cache
        timings = latency(base, args.requests)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(
            f"GET /events (filtered, {args.requests} requests): median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms"
        )
        rate = load_run(base, args.threads, args.load_requests)
        print(f"load run: {args.load_requests} requests over {args.threads} threads: {rate:.0f} requests/s")
        loads, markers, stages = dashboard_load(base, args.loads)
        print(
            f"dashboard first load to {markers:,} markers drawn: median {statistics.median(loads):.0f} ms "
            f"(runs: {', '.join(f'{t:.0f}' for t in loads)})"
        )

        def stage(start: str, end: str) -> float:
            return statistics.median(s[end] - s[start] for s in stages)

        print(
            f"  of which: page until the events are asked for {statistics.median(s['events-requested'] for s in stages):.0f} ms, "
            f"events request and parse {stage('events-requested', 'events-parsed'):.0f} ms, "
            f"clustering and drawing {stage('events-parsed', 'markers-drawn'):.0f} ms"
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a keep-alive connection can hold a graceful shutdown up
            server.kill()


if __name__ == "__main__":
    main()

"""Real processes writing one store at once, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from sitrep import extract_events
from sitrep.store import Store

TOWNS = ["Saraqib", "Douma", "Azaz", "Manbij", "Palmyra", "Daraa"]
DAYS = ["Monday", "Tuesday", "Wednesday"]


def corpus() -> list[dict]:
    """Two outlets' accounts of each invented shelling, and a third outlet's copy of the first."""
    documents = []
    for number, town in enumerate(TOWNS):
        day, killed = DAYS[number % 3], 3 + number
        first = f"Government artillery shelled the town of {town} on {day}, killing {killed} civilians, medics said."
        second = (
            f"Army shells struck residential streets of {town} on {day} and killed {killed} civilians, a witness said."
        )
        for outlet, text, published in (
            ("Levant Monitor", first, "2022-05-11"),
            ("North Desk", second, "2022-05-11"),
            ("Copy Wire", first, "2022-05-12"),
        ):
            documents.append({"id": f"{outlet}-{town}", "text": text, "published": published, "publisher": outlet})
    return documents


def _ingest(path, url, env):
    return subprocess.Popen(
        [sys.executable, "-m", "sitrep", "ingest", str(path), "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _counts(stderr: str) -> dict[str, int]:
    found = re.search(r"documents: (.*?); events stored", stderr)
    assert found, stderr
    return {status: int(n) for n, status in re.findall(r"(\d+) (\w+)", found.group(1))}


def test_two_ingests_of_one_corpus_at_once_store_everything_once(store_url, tmp_path):
    extract_events("Warm-up: the gazetteer index is built once, before the race.", published="2022-05-11")
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in corpus()))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    runs = [_ingest(path, store_url, env) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (_, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
        assert "Traceback" not in stderr and "SELECT" not in stderr
    counts = [_counts(stderr) for _, stderr in outputs]
    total = len(corpus())
    assert sum(c.get("new", 0) for c in counts) == total  # each document stored by exactly one of them
    assert sum(c.get("unchanged", 0) for c in counts) == total  # … and reported as stored by the other
    store = Store.open(store_url)
    try:
        stats = store.stats()
        assert (stats["documents"], stats["revisions"]) == (total, total)
        from sitrep.store import EventFilter

        events = store.query_clusters(EventFilter())
        members = [r.event_id for e in events for r in e.reports]
        assert len(members) == len(set(members)) == stats["events"]
        assert len(events) == len(TOWNS)  # no cluster opened twice
        assert all(e.outlets == 2 for e in events)  # the copy counts once
    finally:
        store.close()


def test_concurrent_first_starts_migrate_a_new_store_once(store_url):
    script = "import sys; from sitrep.store import Store; s = Store.open(sys.argv[1]); s.close()"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    runs = [
        subprocess.Popen([sys.executable, "-c", script, store_url], stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(4)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stderr
    store = Store.open(store_url)
    try:
        from sitrep.store.schema import MIGRATIONS

        assert store.applied_migrations() == sorted(name for name, _ in MIGRATIONS)
    finally:
        store.close()

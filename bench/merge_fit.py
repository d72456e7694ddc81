"""Fit merge.yaml's weights and join threshold on one half of the merge benchmark, report the other half.

The benchmark is UCDP GED's grouping of reports into events (`bench/merge_quality.py`). Its GED events
are split in two by the month they start in: odd months are the fitting half, even months the held-out
half (a month keeps its own density of reports, as a real store has). On the fitting half only:

1. every pair of reports the store's candidate lookup would compare (within the widest date window, in
   the same or an unknown governorate) that passes the hard limits gets its features (`score_pair`);
2. a logistic regression of "same GED event" on the features gives each feature's weight (a negative
   one becomes 0: a weighted mean takes no negative evidence; the feature is still stored and shown);
3. the reports are clustered as the store clusters them at each `join` of a grid, and the join with the
   best pair F0.5 is kept: the issue asks for precision first (a wrong merge hides an event from the
   analyst; a missed one is a `sitrep review merge` away), so precision counts twice as much as recall.

Then both halves are clustered with those values and scored as `score.py merge` scores (a report's
cluster is that of its document's first event; an uncoded report stands alone),
and the naive baseline (`bench/merge_baseline.py`) is scored on each half beside them.

    python bench/merge_fit.py                       # extracts the benchmark's reports first
    python bench/merge_fit.py --events events.jsonl # reuse a `sitrep extract --format jsonl` of them
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from merge_baseline import benchmark_documents, best_baseline, pair_scores  # noqa: E402

from sitrep.merge.cluster import PairCache, cluster_events  # noqa: E402
from sitrep.merge.features import score_pair  # noqa: E402
from sitrep.merge.settings import MergeSettings, merge_settings  # noqa: E402
from sitrep.model import Claim, Event  # noqa: E402

FEATURES = ("date", "place", "type", "actors", "words", "figures")
JOINS = [round(0.40 + 0.025 * i, 3) for i in range(17)]


def gold_reports(shared: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Report document id → its GED event id, and GED event id → the half it falls in."""
    sys.path.insert(0, str(shared / "tools"))
    import score  # the shared scorer: its own reading of GED's source lists

    gold = shared / "data" / "ged-syria-2016-2018.csv"
    truth = {doc: ged for doc, ged, *_ in score.ged_reports(str(gold))}
    with gold.open(newline="") as rows:
        half = {r["id"]: "fit" if int(r["date_start"][5:7]) % 2 else "held-out" for r in csv.DictReader(rows)}
    return truth, half


def extracted_events(shared: Path, events: Path | None) -> list[Event]:
    if events is None:
        work = Path(tempfile.mkdtemp(prefix="sitrep-merge-fit-"))
        docs, events = work / "docs.jsonl", work / "events.jsonl"
        scorer = shared / "tools" / "score.py"
        gold = shared / "data" / "ged-syria-2016-2018.csv"
        docs.write_text(
            subprocess.run(
                [sys.executable, str(scorer), "merge-docs", str(gold)], capture_output=True, text=True, check=True
            ).stdout
        )
        with events.open("w") as out:
            subprocess.run(
                [sys.executable, "-m", "sitrep", "extract", "--format", "jsonl", str(docs)], stdout=out, check=True
            )
    found = []
    for line in events.read_text().splitlines():
        values = json.loads(line)
        values["claims"] = [Claim(**c) for c in values.get("claims", [])]
        found.append(Event(**{k: v for k, v in values.items() if k in Event.__dataclass_fields__}))
    return found


def candidate_pairs(events: list[Event], settings: MergeSettings) -> Iterator[tuple[Event, Event]]:
    """The pairs the store's indexed lookup would hand to the scorer (each once)."""
    by_day: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.event_date:
            by_day[event.event_date].append(event)
    widest = settings.widest_window
    for event in events:
        if not event.event_date:
            continue
        day = date.fromisoformat(event.event_date)
        for shift in range(-widest, widest + 1):
            for other in by_day.get((day + timedelta(days=shift)).isoformat(), ()):
                if event.event_id < other.event_id and event.document_id != other.document_id:
                    if not (event.admin1 and other.admin1 and event.admin1 != other.admin1):
                        yield event, other


def fit_weights(pairs: list[tuple[dict[str, float], bool]]) -> dict[str, float]:
    """Logistic regression (gradient descent, light L2) of the label on the features; weights ≥ 0."""
    x = np.array([[f[name] for name in FEATURES] + [1.0] for f, _ in pairs])
    y = np.array([label for _, label in pairs], dtype=float)
    w = np.zeros(x.shape[1])
    for _ in range(5000):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        w -= 1.0 * (x.T @ (p - y) / len(y) + 1e-4 * w)
    return {name: round(max(0.0, float(c)), 2) for name, c in zip(FEATURES, w[:-1], strict=True)}


def clustered(events: list[Event], settings: MergeSettings, pair: PairCache) -> dict[str, str]:
    """Event id → cluster id, through links and components as `update_clusters` builds them."""
    links: dict[str, set[str]] = defaultdict(set)
    for a, b in candidate_pairs(events, settings):
        scored = pair(a, b)
        if scored.score is not None and scored.score >= settings.join:
            links[a.event_id].add(b.event_id)
            links[b.event_id].add(a.event_id)
    by_id, placed, cluster_of = {e.event_id: e for e in events}, set(), {}
    for event in events:
        if event.event_id in placed:
            continue
        component, frontier = set(), [event.event_id]
        while frontier:
            current = frontier.pop()
            if current not in component:
                component.add(current)
                frontier.extend(links[current] - component)
        placed |= component
        for membership in cluster_events([by_id[e] for e in component], settings, {}, pair):
            cluster_of[membership.event_id] = membership.cluster_id
    return cluster_of


def cluster_scores(events: list[Event], cluster_of: dict[str, str], truth: dict[str, str], docs: set[str]) -> dict:
    """Pair scores of these reports: a report's cluster is that of its document's first event."""
    predicted: dict[str, object] = {}
    for event in events:
        if event.document_id in docs:
            predicted.setdefault(event.document_id, cluster_of[event.event_id])
    return pair_scores(truth, predicted, docs)


def benchmark_arguments(doc: str | None) -> argparse.Namespace:
    """The options of the benchmarks that read extracted reports: --shared and --events."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (data/, tools/score.py)")
    parser.add_argument("--events", type=Path, default=None, help="the benchmark's reports, already extracted")
    return parser.parse_args()


def main() -> None:
    args = benchmark_arguments(__doc__)
    truth, half = gold_reports(args.shared)
    events = [e for e in extracted_events(args.shared, args.events) if e.document_id in truth]
    halves = {name: [e for e in events if half[truth[e.document_id]] == name] for name in ("fit", "held-out")}
    docs = {name: {d for d in truth if half[truth[d]] == name} for name in halves}
    settings = merge_settings()
    labelled = []
    for a, b in candidate_pairs(halves["fit"], settings):
        scored = score_pair(a, b, settings)
        if scored.score is not None:
            labelled.append((scored.features, truth[a.document_id] == truth[b.document_id]))
    weights = fit_weights(labelled)
    fitted = replace(settings, weights=weights)
    pair = PairCache(fitted)
    sweep = {}
    for join in JOINS:
        cluster_of = clustered(halves["fit"], replace(fitted, join=join), pair)
        sweep[join] = cluster_scores(halves["fit"], cluster_of, truth, docs["fit"])
    join = max(JOINS, key=lambda j: (sweep[j]["pair_f05"], j))
    chosen = replace(fitted, join=join)
    report = {"fitted_on_pairs": len(labelled), "weights": weights, "join": join, "sweep_on_fit_half": sweep}
    for name in halves:
        report[name] = cluster_scores(halves[name], clustered(halves[name], chosen, pair), truth, docs[name])
    _, documents = benchmark_documents(args.shared)
    for name in halves:
        report[f"baseline_{name}"] = best_baseline(truth, [d for d in documents if d["id"] in docs[name]])
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()

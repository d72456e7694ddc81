"""How far can any merger that reads the merge benchmark's headlines get? A supervised ceiling.

The merge benchmark's documents are one headline each (outlet, day, one line). This bench fits a
gradient-boosted classifier of "these two reports are one GED event" on lexical features of report
pairs — the days between them, same outlet, fuzzy headline ratios, shared capitalised words (place and
actor names), shared numbers, word overlap — on the reports published in odd months, and scores it on
the even months, then the other way round. It is not the product: it is fitted on the benchmark's own
answers, which sitrep must never be, so its held-out score bounds from above what headline wording
alone can tell. Candidates are pairs published at most `--window` days apart (the pairs further apart
count as missed). Two readings per half: the links alone (a pair is predicted when its probability
passes the threshold) and the links' connected components scored as `score.py merge` scores clusters.

    python bench/merge_ceiling.py [--window 1]      # needs the [learn] extra (scikit-learn)
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

import numpy as np
from merge_baseline import SHARED, benchmark_documents, pair_scores  # bench/ is on the path when a bench script runs
from rapidfuzz import fuzz
from sklearn.ensemble import HistGradientBoostingClassifier

THRESHOLDS = [round(t, 2) for t in np.arange(0.05, 0.96, 0.05)]
Pair = tuple[str, str]


def candidate_pairs(documents: dict[str, dict], window: int) -> list[Pair]:
    """Every pair of reports published at most `window` days apart, in a fixed order."""
    by_day: dict[date, list[str]] = defaultdict(list)
    for doc_id, document in documents.items():
        by_day[date.fromisoformat(document["published"])].append(doc_id)
    pairs: set[Pair] = set()
    for day, ids in by_day.items():
        pairs.update((a, b) if a < b else (b, a) for a, b in combinations(ids, 2))
        for shift in range(1, window + 1):
            later = by_day.get(day + timedelta(days=shift), [])
            pairs.update((a, b) if a < b else (b, a) for a in ids for b in later)
    return sorted(pairs)


def headline_readings(text: str) -> tuple[set[str], set[str], set[str]]:
    """Capitalised words, numbers and longer words of a headline."""
    capitalised = {word.lower() for word in re.findall(r"[A-Z][\w’'-]+", text)}
    numbers = set(re.findall(r"\d+", text))
    words = {word.lower() for word in re.findall(r"\w+", text) if len(word) > 3}
    return capitalised, numbers, words


def overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def pair_features(first: dict, second: dict, readings: dict[str, tuple]) -> list[float]:
    caps_a, numbers_a, words_a = readings[first["id"]]
    caps_b, numbers_b, words_b = readings[second["id"]]
    text_a, text_b = first["text"], second["text"]
    days = abs((date.fromisoformat(first["published"]) - date.fromisoformat(second["published"])).days)
    return [
        days,
        first["publisher"] == second["publisher"],
        fuzz.token_set_ratio(text_a, text_b),
        fuzz.ratio(text_a, text_b),
        fuzz.partial_ratio(text_a, text_b),
        len(caps_a & caps_b),
        overlap(caps_a, caps_b),
        len(numbers_a & numbers_b),
        overlap(words_a, words_b),
        min(len(text_a), len(text_b)),
    ]


def components(links: list[Pair]) -> dict[str, str]:
    """Document id → the smallest id of its connected component under the links."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: root(x) for x in parent}


def best_by_f1(runs: dict[float, dict]) -> dict:
    threshold = max(runs, key=lambda t: (runs[t]["pair_f1"], t))
    return {"threshold": threshold, **runs[threshold]}


def link_scores(predicted: set[Pair], gold_pairs: set[Pair]) -> dict[str, float]:
    shared = len(predicted & gold_pairs)
    precision = shared / len(predicted) if predicted else 0.0
    recall = shared / len(gold_pairs) if gold_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if shared else 0.0
    return {"pair_precision": round(precision, 3), "pair_recall": round(recall, 3), "pair_f1": round(f1, 3)}


def score_half(truth: dict[str, str], documents: dict[str, dict], pairs: list[Pair], fit_odd: bool) -> dict:
    """Fit on the pairs whose reports both fall in months of one parity, score on the other parity."""
    readings = {doc_id: headline_readings(d["text"]) for doc_id, d in documents.items()}
    odd = {doc_id: date.fromisoformat(d["published"]).month % 2 == 1 for doc_id, d in documents.items()}
    fit = [p for p in pairs if odd[p[0]] == odd[p[1]] == fit_odd]
    held = [p for p in pairs if odd[p[0]] == odd[p[1]] == (not fit_odd)]
    label = lambda p: truth[p[0]] == truth[p[1]]  # noqa: E731
    features = lambda ps: np.array([pair_features(documents[a], documents[b], readings) for a, b in ps], float)  # noqa: E731
    model = HistGradientBoostingClassifier(max_iter=300, random_state=0)
    model.fit(features(fit), np.array([label(p) for p in fit]))
    probability = model.predict_proba(features(held))[:, 1]
    held_docs = [doc_id for doc_id in documents if odd[doc_id] != fit_odd]
    gold_pairs = {p for p in combinations(sorted(held_docs), 2) if truth[p[0]] == truth[p[1]]}
    links, clusters = {}, {}
    for threshold in THRESHOLDS:
        chosen = [p for p, value in zip(held, probability, strict=True) if value >= threshold]
        links[threshold] = link_scores(set(chosen), gold_pairs)
        clusters[threshold] = pair_scores(truth, components(chosen), held_docs)
    at_precision = [s["pair_recall"] for s in links.values() if s["pair_precision"] >= 0.8]
    return {
        "fitted_on": "odd months" if fit_odd else "even months",
        "held_out_reports": len(held_docs),
        "held_out_same_event_pairs": len(gold_pairs),
        "links": best_by_f1(links),
        "clusters": best_by_f1(clusters),
        "link_recall_at_precision_0.8": max(at_precision, default=0.0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (data/, tools/score.py)")
    parser.add_argument("--window", type=int, default=1, help="candidate pairs at most this many days apart")
    args = parser.parse_args()
    truth, listed = benchmark_documents(args.shared)
    documents = {d["id"]: d for d in listed}
    pairs = candidate_pairs(documents, args.window)
    for fit_odd in (True, False):
        print(json.dumps({"window": args.window, **score_half(truth, documents, pairs, fit_odd)}))


if __name__ == "__main__":
    main()

"""The naive baseline the merge benchmark is read against: same day ±1 and a fuzzy headline match.

Not the product: a reference that `bench/merge_quality.py` and `bench/merge_fit.py` print next to
sitrep's own score. Reports are taken in order of publication; each joins the earlier cluster whose
first report was published on its day or the day before and whose headline matches its own best
(rapidfuzz `token_set_ratio`, at least `threshold`), else it opens a cluster. Comparing with a
cluster's first report, not with every member, keeps chains of near matches from growing into one
cluster a day. The baseline is shown at its best threshold over a grid, so sitrep is compared with
the strongest version of it.

    python bench/merge_baseline.py          # the baseline on the whole benchmark and on each half
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
THRESHOLDS = (50, 60, 70, 80, 90, 95)


def pair_scores(truth: dict[str, str], predicted: dict[str, object], docs: Iterable[str]) -> dict[str, float]:
    """Pair precision, recall, F1 and F0.5 as `score.py merge` counts them (a report without a predicted
    cluster is alone), in one pass over the reports."""
    docs = list(docs)
    gold = Counter(truth[d] for d in docs)
    pred = Counter(predicted.get(d, ("alone", d)) for d in docs)
    both = Counter((truth[d], predicted.get(d, ("alone", d))) for d in docs)

    def pairs(counts: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    shared, gold_pairs, pred_pairs = pairs(both), pairs(gold), pairs(pred)
    precision = shared / pred_pairs if pred_pairs else 0.0
    recall = shared / gold_pairs if gold_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if shared else 0.0
    f05 = 1.25 * precision * recall / (0.25 * precision + recall) if shared else 0.0
    return {
        "pair_precision": round(precision, 3),
        "pair_recall": round(recall, 3),
        "pair_f1": round(f1, 3),
        "pair_f05": round(f05, 3),
    }


def baseline_clusters(documents: list[dict], threshold: float) -> dict[str, str]:
    """Document id → cluster id: same day or the day before, and the best fuzzy headline match."""
    ordered = sorted(documents, key=lambda d: (d["published"], d["id"]))
    seeds: dict[str, list[dict]] = defaultdict(list)
    cluster_of: dict[str, str] = {}
    for document in ordered:
        day = date.fromisoformat(document["published"])
        text = document["text"].lower()
        best: tuple[float, str] | None = None
        for shift in (1, 0):
            for seed in seeds[(day - timedelta(days=shift)).isoformat()]:
                similarity = fuzz.token_set_ratio(text, seed["text"].lower())
                if similarity >= threshold and (best is None or similarity > best[0]):
                    best = (similarity, seed["id"])
        if best is None:
            cluster_of[document["id"]] = document["id"]
            seeds[document["published"]].append(document)
        else:
            cluster_of[document["id"]] = cluster_of[best[1]]
    return cluster_of


def best_baseline(truth: dict[str, str], documents: list[dict]) -> dict:
    """The baseline at the threshold with the best pair F1 on these documents."""
    docs = [d["id"] for d in documents]
    runs = {t: pair_scores(truth, baseline_clusters(documents, t), docs) for t in THRESHOLDS}
    threshold = max(THRESHOLDS, key=lambda t: (runs[t]["pair_f1"], t))
    return {"threshold": threshold, **runs[threshold]}


def benchmark_documents(shared: Path) -> tuple[dict[str, str], list[dict]]:
    """The benchmark's truth (document → GED event) and its input documents (`score.py merge-docs`)."""
    sys.path.insert(0, str(shared / "tools"))
    import score  # the shared scorer: its own reading of GED's source lists

    gold = shared / "data" / "ged-syria-2016-2018.csv"
    truth = {doc: ged for doc, ged, *_ in score.ged_reports(str(gold))}
    lines = subprocess.run(
        [sys.executable, str(shared / "tools" / "score.py"), "merge-docs", str(gold)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return truth, [json.loads(line) for line in lines]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (data/, tools/score.py)")
    args = parser.parse_args()
    truth, documents = benchmark_documents(args.shared)
    print(json.dumps({"baseline": best_baseline(truth, documents)}))


if __name__ == "__main__":
    main()

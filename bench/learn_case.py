"""Cross-validated figures of `sitrep train` on a labelled file: the classifier alone, the rules alone and
their vote, on held-out folds (each fold's vote uses thresholds chosen on the other folds).

    python bench/learn_case.py [FILE] [--format case] [--test-split 0.2] [--folds 5]

Default FILE: ../shared/data/case2021-task2-dev.tsv (CASE labels outside ACLED's 25 are non-events).
Nothing is saved; the model's manifest figures are printed as one JSON line, with the training time.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from sitrep.learn.train import train_model

MEASURES = ("accuracy", "event_accuracy", "macro_f1", "non_events_rejected")


def summary(part: dict) -> dict:
    return {name: part[name] for name in MEASURES if name in part}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default="../shared/data/case2021-task2-dev.tsv")
    parser.add_argument("--format", default=None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--test-split", type=float, default=0.0)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as home:
        run = train_model(
            Path(args.file),
            name="bench",
            fmt=args.format,
            home=Path(home),
            folds=args.folds,
            test_split=args.test_split,
        )
    manifest = run.manifest
    out = {
        "rows": manifest["data"]["rows_used"],
        "refused": manifest["refused"],
        "seconds": round(time.perf_counter() - started, 1),
        "thresholds": manifest["thresholds"],
        "candidates": manifest["cv"]["candidates"],
        "cv": {part: summary(manifest["cv"][part]) for part in ("classifier", "rules", "vote")},
        "fold_thresholds": manifest["cv"]["fold_thresholds"],
    }
    if manifest.get("test"):
        out["test"] = {part: summary(manifest["test"][part]) for part in ("classifier", "rules", "vote")}
    print(json.dumps(out))


if __name__ == "__main__":
    main()

"""Merging quality on UCDP GED's own grouping of reports into events (pair precision, recall, F1).

Every report GED lists for an event (outlet, date, headline) becomes an input document
(`score.py merge-docs`); sitrep ingests them, exports canonical events as JSON lines, and
`score.py merge` asks whether reports of one GED event share one canonical event. The naive
baseline (`bench/merge_baseline.py`: same day ±1 and a fuzzy headline match) is printed beside it.

    python bench/merge_quality.py                      # ../shared next to the repository
    python bench/merge_quality.py --db postgresql://…  # the same through PostgreSQL
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "bench"))

from merge_baseline import best_baseline  # noqa: E402


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"error: {' '.join(command[:4])} … failed: {result.stderr.strip().splitlines()[-1:]}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (data/, tools/score.py)")
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    gold = args.shared / "data" / "ged-syria-2016-2018.csv"
    scorer = args.shared / "tools" / "score.py"
    if not gold.is_file() or not scorer.is_file():
        sys.exit(f"error: {gold} or {scorer} is missing (give --shared FOLDER)")
    work = Path(tempfile.mkdtemp(prefix="sitrep-merge-quality-"))
    docs, events = work / "docs.jsonl", work / "events.jsonl"
    docs.write_text(run([sys.executable, str(scorer), "merge-docs", str(gold)]).stdout)
    db = args.db or f"sqlite:///{work / 'merge.db'}"
    sitrep = [sys.executable, "-m", "sitrep"]
    began = time.perf_counter()
    run([*sitrep, "ingest", str(docs), "--db", db])
    ingest_s = time.perf_counter() - began
    run([*sitrep, "export", "--format", "jsonl", "-o", str(events), "--db", db])
    scores = json.loads(run([sys.executable, str(scorer), "merge", str(gold), str(events)]).stdout)
    coded = {
        json.loads(line)["document_id"]
        for line in run([*sitrep, "events", "--reports", "--db", db, "-f", "jsonl"]).stdout.splitlines()
    }
    scores.update(documents_with_events=len(coded), ingest_s=round(ingest_s, 1))
    sys.path.insert(0, str(args.shared / "tools"))
    import score  # the shared scorer: its own reading of GED's source lists

    truth = {doc: ged for doc, ged, *_ in score.ged_reports(str(gold))}
    documents = [json.loads(line) for line in docs.read_text().splitlines()]
    scores["baseline"] = best_baseline(truth, documents)  # the naive reference, not the product
    print(json.dumps(scores))


if __name__ == "__main__":
    main()

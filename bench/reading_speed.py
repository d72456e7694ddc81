"""CPU seconds the coder spends reading figures and claims, dates and moods, over one first extraction pass.

    python bench/reading_speed.py [DOCS.jsonl]

Warms the caches on one document, then times each call into `find_claims`/`claimant_in` (claims, with the
amounts they read), `resolve_date`/`is_background`/`names_day`/`campaign_days` (dates) and
`mood_of`/`war_toll_start` (moods) by process CPU time, the outermost call only, over one pass of every
document. Reports those seconds, the whole pass's and its articles per CPU second. Pin it to one core
(`taskset -c 1`) and take the median of several runs. Default corpus: ../shared/data/fa-kes-documents.jsonl.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from sitrep.extract import claims, dates, episodes, modality, reading
from sitrep.ingest import iter_documents
from sitrep.pipeline import extract_document
from sitrep.settings import Options

TIMED = {
    "claims": [(claims, "find_claims"), (claims, "claimant_in")],
    "dates": [(dates, "resolve_date"), (dates, "is_background"), (dates, "names_day"), (dates, "campaign_days")],
    "moods": [(modality, "mood_of"), (modality, "war_toll_start")],
}
CALLERS = (claims, dates, modality, episodes, reading)  # the modules that call them by name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", nargs="?", default="../shared/data/fa-kes-documents.jsonl")
    args = parser.parse_args()
    if not Path(args.docs).is_file():
        print(f"reading_speed: no corpus at {args.docs}; give a JSON-lines file of articles", file=sys.stderr)
        return 2
    options = Options()
    documents = list(iter_documents(args.docs, options, lambda error: None))
    extract_document(documents[0], options)  # warm-up: index, automaton, resources
    spent = {family: 0.0 for family in TIMED}
    for family, functions in TIMED.items():
        for module, name in functions:
            _time_calls(module, name, family, spent)
    started = time.process_time()
    for document in documents:
        extract_document(document, options)
    whole = time.process_time() - started
    print(
        json.dumps(
            {
                "documents": len(documents),
                **{f"{family}_cpu_s": round(seconds, 3) for family, seconds in spent.items()},
                "reading_cpu_s": round(sum(spent.values()), 3),
                "pass_cpu_s": round(whole, 3),
                "articles_per_cpu_s": round(len(documents) / whole, 1),
            }
        )
    )
    return 0


_depth = [0]  # calls under a timed call are its own time


def _time_calls(module: ModuleType, name: str, family: str, spent: dict[str, float]) -> None:
    original: Callable = getattr(module, name)

    def timed(*args, **kwargs):
        if _depth[0]:
            return original(*args, **kwargs)
        _depth[0] += 1
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[family] += time.process_time() - started
            _depth[0] -= 1

    for caller in CALLERS:
        if getattr(caller, name, None) is original:
            setattr(caller, name, timed)


if __name__ == "__main__":
    sys.exit(main())

"""Extraction speed with a trained model's coder against the rules alone, over a JSON-lines corpus.

    python bench/learn_speed.py [DOCS.jsonl] [--train FILE] [--runs 5]

Trains a model on FILE (default ../shared/data/case2021-task2-dev.tsv, CASE format) into a temporary
SITREP_HOME that shares your gazetteer index, then codes the corpus (default FA-KES) in one process,
alternating runs of the rules, the model as trained, and the model with the classifier asked about every
event and every candidate sentence (the slowest the vote can be). Reports articles/s (median of the
runs; by wall clock and by this process's CPU time, which a busy machine disturbs less), the model's
load time and size on disk.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from sitrep.errors import InputError
from sitrep.ingest import iter_documents
from sitrep.learn.coder import LearnedCoder
from sitrep.learn.model_files import load_model
from sitrep.learn.train import save_run, train_model
from sitrep.learn.vote import Thresholds
from sitrep.pipeline import extract_document, find_places
from sitrep.settings import Options, sitrep_home


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", nargs="?", default="../shared/data/fa-kes-documents.jsonl")
    parser.add_argument("--train", default="../shared/data/case2021-task2-dev.tsv")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    options = Options()
    errors: list[InputError] = []
    documents = list(iter_documents(args.docs, options, errors.append))
    extract_document(documents[0], options)  # warm-up: gazetteer, automaton, resources
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        (home / "gazetteer.sqlite").symlink_to(sitrep_home() / "gazetteer.sqlite")
        save_run(train_model(Path(args.train), name="bench", home=home), resources=False)
        directory = home / "models" / "bench"
        loads = []
        for _ in range(args.runs):
            started = time.perf_counter()
            model = load_model(directory)
            loads.append(time.perf_counter() - started)
        size = sum(p.stat().st_size for p in directory.iterdir())
    always = replace(model, thresholds=Thresholds(math.inf, 0.0, 0.0))
    coders = {
        "rules": None,
        "as_trained": LearnedCoder(options, model),
        "classifier_always_asked": LearnedCoder(options, always),
    }
    rates: dict[str, list[float]] = {name: [] for name in coders}
    cpu_rates: dict[str, list[float]] = {name: [] for name in coders}
    for _ in range(args.runs):
        for name, coder in coders.items():
            started, cpu_started = time.perf_counter(), time.process_time()
            for document in documents:
                if coder is None:
                    extract_document(document, options)  # places, then the rules
                else:
                    coder.code(document, find_places(document, options))
            rates[name].append(len(documents) / (time.perf_counter() - started))
            cpu_rates[name].append(len(documents) / (time.process_time() - cpu_started))
    print(
        json.dumps(
            {
                "documents": len(documents),
                "thresholds": model.thresholds.to_dict(),
                "articles_per_s_median": {name: round(statistics.median(r), 1) for name, r in rates.items()},
                "articles_per_cpu_s_median": {name: round(statistics.median(r), 1) for name, r in cpu_rates.items()},
                "runs": {name: [round(x, 1) for x in r] for name, r in rates.items()},
                "model_load_s_median": round(statistics.median(loads), 3),
                "model_mib": round(size / 2**20, 2),
            }
        )
    )


if __name__ == "__main__":
    main()

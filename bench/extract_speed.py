"""Extraction throughput and peak memory over a JSON-lines corpus, in one process.

    python bench/extract_speed.py [DOCS.jsonl] [--runs 5] [--profile]

Reads the documents once, warms the caches (gazetteer, automaton, resources) on one document,
then reports articles/s per run (wall and CPU time), the median, the share of time spent finding
places, and the peak resident memory. The first pass is also reported alone: later passes over the
same texts find their sentences in per-sentence caches, so the first is the fair figure for a corpus
read once. Default corpus: ../shared/data/fa-kes-documents.jsonl.

If spaCy and its small English model are installed (bench/requirements-spacy.txt), it also times a
NER-only spaCy pass over the same texts (after sitrep's peak memory is taken) and reports how many
times faster than it sitrep's whole extraction is.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

from throughput import spacy_rate  # bench/ is on the path when a bench script runs

from sitrep.errors import InputError
from sitrep.geo import Gazetteer, find_toponyms
from sitrep.ingest import iter_documents
from sitrep.pipeline import extract_document
from sitrep.settings import Options


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", nargs="?", default="../shared/data/fa-kes-documents.jsonl")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one run instead")
    args = parser.parse_args()
    if not Path(args.docs).is_file():
        print(f"extract_speed: no corpus at {args.docs}; give a JSON-lines file of articles", file=sys.stderr)
        return 2
    options = Options()
    errors: list[InputError] = []
    documents = list(iter_documents(args.docs, options, errors.append))
    extract_document(documents[0], options)  # warm-up: index, automaton, resources
    if args.profile:
        import cProfile
        import pstats

        cProfile.runctx("for d in documents: extract_document(d, options)", globals(), locals(), "scratch/extract.prof")
        pstats.Stats("scratch/extract.prof").sort_stats("cumulative").print_stats(30)
        return 0
    rates, cpu_rates = [], []
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        events = sum(len(extract_document(d, options)) for d in documents)
        rates.append(len(documents) / (time.perf_counter() - started))
        cpu_rates.append(len(documents) / (time.process_time() - started_cpu))
    gazetteer = Gazetteer.open(options.home)
    started = time.perf_counter()
    for document in documents:
        find_toponyms(document.text, gazetteer)
    places_seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "documents": len(documents),
                "events": events,
                "runs": [round(r, 1) for r in rates],
                "articles_per_s_median": round(statistics.median(rates), 1),
                "first_pass_articles_per_s": round(rates[0], 1),
                "articles_per_cpu_s": [round(r, 1) for r in cpu_rates],
                "first_pass_articles_per_cpu_s": round(cpu_rates[0], 1),
                "place_finding_share": round(places_seconds / (len(documents) / statistics.median(rates)), 3),
                "peak_rss_mib": round(peak_mib),
                "input_errors": len(errors),
                **_spacy_comparison([d.text for d in documents], args.runs, statistics.median(rates)),
            }
        )
    )
    return 0


def _spacy_comparison(texts: list[str], runs: int, sitrep_rate: float) -> dict:
    measured = spacy_rate(texts, runs)  # the same NER-only pass as the whole-process benchmark
    if "spacy_ner_articles_per_s" not in measured:
        return measured
    rate = measured["spacy_ner_articles_per_s"]
    return {
        "spacy_model": measured["spacy_model"],
        "spacy_ner_articles_per_s_median": round(rate, 1),
        "sitrep_vs_spacy_ner_speed": round(sitrep_rate / rate, 2),
    }


if __name__ == "__main__":
    sys.exit(main())

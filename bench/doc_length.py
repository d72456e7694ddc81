"""Extraction time against document length: does one long document cost in proportion to its length?

    python bench/doc_length.py [DOCS.jsonl] [--sizes 10k,100k,1M,5M] [--runs 3] [--no-windows]

Builds single documents of each size from the articles of a JSON-lines corpus (joined as paragraphs,
repeated when the corpus is shorter), warms the caches, then times `extract_document` on each, several
runs, and prints one JSON line per size: the median wall-clock and CPU seconds, characters per CPU
second, the CPU time per character relative to the smallest size (1.0 = linear; CPU time, since on a
shared machine the wall clock measures the neighbours too), events found and the process's peak memory
so far. `--no-windows` codes each document whole (no windows), to show what the windows are for.
Default corpus: ../shared/data/fa-kes-documents.jsonl.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

from sitrep import pipeline
from sitrep.errors import InputError
from sitrep.ingest import iter_documents
from sitrep.model import Document
from sitrep.settings import Options

DEFAULT_CORPUS = "../shared/data/fa-kes-documents.jsonl"
UNITS = {"k": 1_000, "m": 1_000_000}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="10k,50k,200k,1M,5M", help="document lengths in characters")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-windows", action="store_true", help="code every document whole")
    args = parser.parse_args()
    if not Path(args.docs).is_file():
        print(f"doc_length: no corpus at {args.docs}; give a JSON-lines file of articles", file=sys.stderr)
        return 2
    sizes = [_size(s) for s in args.sizes.split(",")]
    options = Options()
    errors: list[InputError] = []
    articles = [d.text for d in iter_documents(args.docs, options, errors.append) if d.text.strip()]
    if not articles:
        print(f"doc_length: no readable article in {args.docs}", file=sys.stderr)
        return 2
    if args.no_windows:
        pipeline.WINDOW_CHARS = max(sizes) + 1
    pipeline.extract_document(Document(id="warm-up", text=articles[0]), options)
    baseline = None
    for size in sizes:
        document = Document(id=f"bench-{size}", text=_text_of_length(articles, size))
        wall, cpu = [], []
        for _ in range(args.runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            events = pipeline.extract_document(document, options)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        median = statistics.median(cpu)
        per_char = median / len(document.text)
        baseline = baseline or per_char
        print(
            json.dumps(
                {
                    "chars": len(document.text),
                    "cpu_runs_s": [round(s, 3) for s in cpu],
                    "cpu_median_s": round(median, 3),
                    "wall_median_s": round(statistics.median(wall), 3),
                    "chars_per_cpu_s": round(len(document.text) / median),
                    "time_per_char_vs_smallest": round(per_char / baseline, 2),
                    "events": len(events),
                    "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                    "windows": not args.no_windows,
                }
            ),
            flush=True,
        )
    return 0


def _size(text: str) -> int:
    text = text.strip().lower()
    return int(float(text[:-1]) * UNITS[text[-1]]) if text[-1:] in UNITS else int(text)


def _text_of_length(articles: list[str], size: int) -> str:
    """Articles joined as paragraphs until the text is `size` characters, cut at the last paragraph break."""
    parts: list[str] = []
    length = 0
    while length < size:
        for article in articles:
            parts.append(article)
            length += len(article) + 2
            if length >= size:
                break
    text = "\n\n".join(parts)
    cut = text.rfind("\n\n", 0, size)
    return text[:cut] if cut > 0 else text[:size]


if __name__ == "__main__":
    sys.exit(main())

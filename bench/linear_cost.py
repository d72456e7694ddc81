"""Cost against document length: CPU seconds to find places in, and to extract events from, one invented
report repeated 1, 4 and 16 times, with the default gazetteer.

    python bench/linear_cost.py [--runs 3] [--paragraphs 8]

Every per-document step should be linear: 16 times the text should cost about 16 times the CPU time
(a step comparing each sentence or name with all the others would make it 256 times). Prints, per
size, the median CPU seconds of the runs and the ratio to the smallest size, and the machine's load,
as one JSON line. tests/geo/test_linear_cost.py checks the same by counting work, not time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from sitrep.geo import Gazetteer, find_toponyms
from sitrep.model import Document
from sitrep.pipeline import extract_document

PARAGRAPH = (
    "Jets struck Saraqib on Monday, killing {n} civilians, activists said. Shelling killed two children in "
    "Ras al-Ain in Hasakeh province. Clashes went on near al-Bab, 20 km north of Aleppo, where rebels said "
    "they killed {m} soldiers. Troops entered the eastern Homs desert and the Midan neighbourhood of Damascus."
)
SIZES = (1, 4, 16)


def report(paragraphs: int) -> str:
    """Paragraphs that differ in their figures, so none is a word-for-word repeat of another."""
    return "\n\n".join(PARAGRAPH.format(n=i + 3, m=i + 11) for i in range(paragraphs))


def cpu_seconds(work, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.process_time()
        work()
        timings.append(time.process_time() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--paragraphs", type=int, default=8, help="paragraphs of the smallest report")
    args = parser.parse_args()
    gazetteer = Gazetteer.open()
    extract_document(Document(id="warm-up", text=report(1)))  # tables, patterns and resources loaded first
    result: dict[str, object] = {}
    for stage in ("find_toponyms", "extract_document"):
        seconds = {}
        for size in SIZES:
            text = report(args.paragraphs * size)
            if stage == "find_toponyms":
                seconds[size] = cpu_seconds(lambda text=text: find_toponyms(text, gazetteer), args.runs)
            else:
                document = Document(id=f"size-{size}", text=text)
                seconds[size] = cpu_seconds(lambda document=document: extract_document(document), args.runs)
        result[stage] = {
            f"x{size}": {"cpu_s": round(s, 4), "ratio": round(s / seconds[SIZES[0]], 1)} for size, s in seconds.items()
        }
    result["characters_x1"] = len(report(args.paragraphs))
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result))


if __name__ == "__main__":
    main()

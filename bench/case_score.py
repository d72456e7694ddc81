"""Run the pipeline over a CASE 2021 task-2 TSV and write events for `score.py case`.

python bench/case_score.py case2021-task2-dev.tsv scratch/case.jsonl
"""

from __future__ import annotations

import csv
import sys

from sitrep.export.jsonl import write_jsonl
from sitrep.model import Document
from sitrep.pipeline import extract_documents


def main(gold: str, out: str) -> None:
    with open(gold, newline="", encoding="utf-8") as fp:
        documents = [Document(id=row["id"], text=row["EventSnippet"]) for row in csv.DictReader(fp, delimiter="\t")]
    with open(out, "w", encoding="utf-8") as fp:
        for _document, events in extract_documents(documents):
            write_jsonl(events, fp)


if __name__ == "__main__":
    main(*sys.argv[1:3])

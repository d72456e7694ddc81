"""Size on disk and training time of a model trained on 10,000 rows.

    python bench/learn_size.py [DOCS.jsonl] [--rows 10000] [--more GED.csv]

Makes a temporary training CSV of the first ROWS sentences of at least three words of the corpus
(default FA-KES; topped up with the `source_headline`s of a UCDP GED file, default the shared one), each
labelled with the sub-event type the rules give it (or "(no event)"), so the
labels are learnable; trains on it with `sitrep train`'s defaults into a temporary SITREP_HOME and
reports the model's files and total size, the number of terms and labels, and the training time, and
the most any model can weigh with these settings (every term cap filled, all 26 labels).
Nothing is kept: the file and the model are deleted afterwards.
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sitrep.extract.event_types import classify_event
from sitrep.extract.sentences import split_sentences
from sitrep.ingest import iter_documents
from sitrep.learn.fitting import FeatureSettings
from sitrep.learn.train import save_run, train_model
from sitrep.learn.training_files import NO_EVENT
from sitrep.settings import Options


def texts(docs: str, more: str) -> Iterator[str]:
    for document in iter_documents(docs, Options(), lambda error: None):
        yield from (s.text for s in split_sentences(document.text) if len(s.text.split()) >= 3)
    with open(more, encoding="utf-8", newline="") as fp:
        yield from (row["source_headline"] for row in csv.DictReader(fp) if row["source_headline"])


def labelled(docs: str, more: str, rows: int) -> list[tuple[str, str]]:
    found = []
    for text in texts(docs, more):
        typing = classify_event(text)
        found.append((text, typing.sub_event_type if typing else NO_EVENT))
        if len(found) == rows:
            break
    return found


def _weights_cap() -> int:
    """The weights file at its largest: every term cap filled, float32 weights for 25 types and no event."""
    settings = FeatureSettings()
    return (settings.max_word_terms + settings.max_char_terms) * 26 * 4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", nargs="?", default="../shared/data/fa-kes-documents.jsonl")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--more", default="../shared/data/ged-syria-2016-2018.csv")
    args = parser.parse_args()
    rows = labelled(args.docs, args.more, args.rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.csv"
        with path.open("w", encoding="utf-8", newline="") as fp:
            writer = csv.writer(fp)
            writer.writerow(["text", "label"])
            writer.writerows(rows)
        started, cpu_started = time.perf_counter(), time.process_time()
        run = train_model(path, name="size", fmt="csv", home=Path(folder))
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        save_run(run, resources=False)
        files = {p.name: p.stat().st_size for p in sorted(run.model_directory.iterdir())}
    print(
        json.dumps(
            {
                "rows": len(rows),
                "labels": len(run.classifier.labels),
                "terms": {space.analyzer: len(space.vocabulary) for space in run.classifier.spaces},
                "train_seconds": round(seconds, 1),
                "train_cpu_seconds": round(cpu_seconds, 1),
                "model_mib": round(sum(files.values()) / 2**20, 2),
                "weights_cap_mib": round(_weights_cap() / 2**20, 2),
                "files_kib": {name: round(size / 1024) for name, size in files.items()},
                "cv_accuracy": {part: run.manifest["cv"][part]["accuracy"] for part in ("classifier", "rules", "vote")},
            }
        )
    )


if __name__ == "__main__":
    main()

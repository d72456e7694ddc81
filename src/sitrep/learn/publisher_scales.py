"""The publishers of a training file's `source` column, each with the ACLED `source_scale` it is coded with.

A publisher's scale is read from the rows it is the only source of (a row with several sources has one
scale for all of them); a publisher never alone takes the one scale every row of its rows shares, if any.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..output_files import open_output
from .training_files import CodedRow


@dataclass(frozen=True, slots=True)
class LearnedPublisher:
    name: str
    rows: int
    scale: str | None
    scale_rows: tuple[tuple[str, int], ...]  # the scales of the rows it was the only source of, most common first


def learn_publishers(rows: Sequence[CodedRow]) -> list[LearnedPublisher]:
    counts: Counter[str] = Counter()
    alone: dict[str, Counter] = defaultdict(Counter)
    shared: dict[str, list[set[str]]] = defaultdict(list)
    for row in rows:
        counts.update(set(row.sources))
        scale = row.source_scale.strip()
        if not scale:
            continue
        if len(set(row.sources)) == 1:
            alone[row.sources[0]][scale] += 1
        for source in set(row.sources):
            shared[source].append({part.strip() for part in scale.split("-") if part.strip()})
    learned = []
    for name in sorted(counts, key=lambda n: (-counts[n], n)):
        votes = sorted(alone[name].items(), key=lambda item: (-item[1], item[0]))
        common = set.intersection(*shared[name]) if shared[name] else set()
        chosen = votes[0][0] if votes else (next(iter(common)) if len(common) == 1 else None)
        learned.append(LearnedPublisher(name, counts[name], chosen, tuple(votes)))
    return learned


def write_publisher_file(path: Path, publishers: Sequence[LearnedPublisher], *, origin: str) -> None:
    """The learned publishers as publisher profiles (docs/resources.md): each a `name` and, where it is
    known, its `source_scale`, with the counts behind it in a comment. Only those two fields are given, so
    that the profile sitrep ships for a known outlet keeps all its other fields."""
    lines = [
        f"# Publishers learned by `sitrep train` from {origin}.",
        "# Read as publisher profiles after sitrep's own and before $SITREP_HOME/publishers.yaml (docs/resources.md):",
        "# correct a source_scale, add aliases, delete entries. Above each: the rows naming the publisher and",
        "# the source_scale of the rows it was the only source of.",
    ]
    for publisher in publishers:
        alone = ", ".join(f"{scale} ({count})" for scale, count in publisher.scale_rows) or "never the only source"
        entry = {"name": publisher.name} | ({"source_scale": publisher.scale} if publisher.scale else {})
        lines.append(f"# {publisher.rows} rows; alone: {alone}")
        lines.append(yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=110).rstrip())
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_output(path) as fp:  # whole or not at all: the user may have edited the earlier file
        fp.write("\n".join(lines) + "\n")

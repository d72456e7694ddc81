"""File new gold items into their half: each goes to `<half>/<kind>s.yaml`, its half fixed by its id's hash.

    .venv/bin/python -m tests.gold.add_items NEW.yaml [MORE.yaml ...]

NEW.yaml is a YAML list of items in the format of README.md. Each item is checked first; nothing is
written unless all of them are well-formed and new. The text of each item is appended as written, so
comments and layout survive.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from .gold import GOLD, GoldItem, half_of, item_from_raw, load_items, problems

ITEM_START = re.compile(r"^- id:", re.M)


def item_blocks(text: str) -> list[str]:
    """The raw text of each top-level item of a YAML list written one '- id:' per item."""
    starts = [m.start() for m in ITEM_START.finditer(text)]
    return [text[a:b].rstrip() + "\n" for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def main(paths: list[str]) -> int:
    known = {item.id for item in load_items()}
    pending: list[tuple[GoldItem, str]] = []
    errors = []
    for path in paths:
        for block in item_blocks(Path(path).read_text(encoding="utf-8")):
            (raw,) = yaml.safe_load(block)
            half = half_of(str(raw.get("id")))
            item = item_from_raw(raw, half, GOLD / half / f"{raw.get('kind')}s.yaml")
            found = problems(item) + (["id already in the gold set"] if item.id in known else [])
            known.add(item.id)
            errors += [f"{path}: {item.id}: {p}" for p in found]
            pending.append((item, block))
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    for item, block in pending:
        item.path.parent.mkdir(exist_ok=True)
        with item.path.open("a", encoding="utf-8") as fp:
            fp.write(("\n" if item.path.stat().st_size else "") + block)
    print(f"filed {len(pending)} items: {sum(i.half == 'tuning' for i, _ in pending)} tuning, "
          f"{sum(i.half == 'test' for i, _ in pending)} test")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

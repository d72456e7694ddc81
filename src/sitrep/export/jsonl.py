"""Events as JSON lines: one Event contract object per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from ..model import Event


def write_jsonl(events: Iterable[Event], fp: TextIO) -> int:
    count = 0
    for event in events:
        fp.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count

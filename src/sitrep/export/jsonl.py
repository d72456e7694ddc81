"""Events as JSON lines: one Event (or Canonical event) contract object per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import BinaryIO

from ..model import Event
from .context import ExportContext
from .rows import text_stream

_ENCODER = json.JSONEncoder(ensure_ascii=False)  # json.dumps(…, ensure_ascii=False) makes one per call


def write_jsonl(events: Iterable[Event], fp: BinaryIO, context: ExportContext | None = None) -> int:
    count = 0
    with text_stream(fp) as text:
        for event in events:
            text.write(_ENCODER.encode(event.to_dict()) + "\n")
            count += 1
    return count

"""Events as a flat CSV of the contract fields; claims and sources as JSON columns."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields
from typing import BinaryIO

from ..model import Event
from .context import ExportContext
from .rows import write_csv_rows

COLUMNS = [f.name for f in fields(Event)]


def write_csv(events: Iterable[Event], fp: BinaryIO, context: ExportContext | None = None) -> int:
    return write_csv_rows((_flat(event) for event in events), COLUMNS, fp)


def _flat(event: Event) -> dict:
    full = event.to_dict()
    row = {name: full[name] for name in COLUMNS}  # a canonical event's own fields are for JSON formats
    row["claims"] = json.dumps(row["claims"], ensure_ascii=False)
    row["sources"] = json.dumps(row["sources"], ensure_ascii=False)
    return row

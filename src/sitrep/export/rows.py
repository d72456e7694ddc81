"""What the tabular writers share: rows out as CSV, and an event's sources as one cell."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from ..model import Event


def write_csv_rows(rows: Iterable[dict], columns: list[str], fp: TextIO) -> int:
    writer = csv.DictWriter(fp, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def sources_cell(event: Event) -> str:
    return "; ".join(event.sources or ([event.source] if event.source else []))

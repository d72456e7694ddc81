"""What the tabular writers share: rows out as CSV, and an event's sources as one cell."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import TextIO

from ..model import Event

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def write_csv_rows(rows: Iterable[dict], columns: list[str], fp: TextIO) -> int:
    writer = csv.DictWriter(fp, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
        count += 1
    return count


def spreadsheet_safe(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula ("=HYPERLINK(…)", "@SUM(…)", "-2+3") gets a
    leading apostrophe, which spreadsheets show as text; numbers, negative ones included, stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def sources_cell(event: Event) -> str:
    return "; ".join(event.sources or ([event.source] if event.source else []))

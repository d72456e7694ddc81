"""What the writers share: text over the binary stream every exporter is given, rows out as CSV, and an
event's sources as one cell."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import BinaryIO, TextIO, cast

from ..model import Event

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


@contextmanager
def text_stream(fp: BinaryIO | TextIO) -> Iterator[TextIO]:
    """UTF-8 text over an exporter's binary stream, left open for the caller (detached, never closed);
    a text stream (stdout, the API's StringIO, anything with an encoding) is used as it is."""
    if is_text(fp):
        yield fp  # type: ignore[misc]
        return
    wrapper = io.TextIOWrapper(cast(BinaryIO, fp), encoding="utf-8", newline="", write_through=True)
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()


def is_text(fp: object) -> bool:
    return isinstance(fp, io.TextIOBase) or hasattr(fp, "encoding")


def write_csv_rows(rows: Iterable[dict], columns: list[str], fp: BinaryIO | TextIO) -> int:
    with text_stream(fp) as text:
        writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
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

"""What the writers share: text over the binary stream every exporter is given, rows out as CSV, and an
event's sources as one cell."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import BinaryIO, TextIO, cast

from ..model import Event


@contextmanager
def text_stream(fp: BinaryIO | TextIO) -> Iterator[TextIO]:
    """UTF-8 text over an exporter's binary stream, left open for the caller (detached, never closed);
    a text stream (the API's StringIO) is used as it is."""
    if isinstance(fp, io.TextIOBase):
        yield fp  # type: ignore[misc]
        return
    wrapper = io.TextIOWrapper(cast(BinaryIO, fp), encoding="utf-8", newline="", write_through=True)
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()


def write_csv_rows(rows: Iterable[dict], columns: list[str], fp: BinaryIO | TextIO) -> int:
    with text_stream(fp) as text:
        writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def sources_cell(event: Event) -> str:
    return "; ".join(event.sources or ([event.source] if event.source else []))

"""Input as read, before cleaning: one JSON line, or one file's whole text with its sniffed format.

Reading (files, folders, stdin, size limits) happens where the input is; cleaning (trafilatura, the
boilerplate filter, header detection) can then run elsewhere, on a Dask worker. Both kinds are small
frozen dataclasses, so they pickle cheaply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RawLine:
    """One non-blank line of a JSON-lines input, not parsed yet."""

    source: str
    line: int
    text: str

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    def declared_id(self) -> str | None:
        """The record's own `id`, read cheaply for bookkeeping; None when absent or the line is broken."""
        try:
            record = json.loads(self.text)
        except (ValueError, RecursionError):
            return None
        value = record.get("id") if isinstance(record, dict) else None
        if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
            return None
        return str(value)


@dataclass(frozen=True, slots=True)
class RawText:
    """A whole file's (or stdin's) decoded text in a format other than JSON lines."""

    source: str
    text: str
    fmt: str  # feed | html | markdown | text

    @property
    def where(self) -> str:
        return self.source

    def declared_id(self) -> str | None:
        return None


RawItem = RawLine | RawText


def item_size(item: RawItem) -> int:
    """Characters of text the item carries (for sizing batches)."""
    return len(item.text)

"""Partitioning on the client: raw items into numbered batches of bounded count and size."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..ingest.items import RawItem, item_size

DEFAULT_BATCH_ITEMS = 32  # at ~10-30 ms a document, a batch is a fraction of a second of work (fewer, larger
# tasks and results cost the client less; a larger batch makes more speculative merges stale)
DEFAULT_BATCH_CHARS = 4_000_000  # and a few megabytes on the wire at most


@dataclass(slots=True)
class Batch:
    index: int
    items: list[RawItem]

    def declared_ids(self) -> list[str]:
        return [i for i in (item.declared_id() for item in self.items) if i is not None]


def make_batches(
    items: Iterable[RawItem], max_items: int = DEFAULT_BATCH_ITEMS, max_chars: int = DEFAULT_BATCH_CHARS
) -> Iterator[Batch]:
    """Consecutive items in batches of at most max_items and about max_chars (an item larger than
    that is a batch alone), numbered from 0 in input order."""
    batch: list[RawItem] = []
    chars = 0
    index = 0
    for item in items:
        size = item_size(item)
        if batch and (len(batch) >= max_items or chars + size > max_chars):
            yield Batch(index, batch)
            index += 1
            batch, chars = [], 0
        batch.append(item)
        chars += size
    if batch:
        yield Batch(index, batch)

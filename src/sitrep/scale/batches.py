"""Partitioning on the client: raw items into numbered batches of bounded count and size."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..ingest.items import RawItem, item_size

DEFAULT_BATCH_ITEMS = 16  # at ~10-50 ms a document, a batch is a fraction of a second of work. Fewer, larger
# tasks and results cost the client less, but a larger batch makes more speculative merges stale, and on
# a redundant corpus each costs the client a merge of 25-80 ms: on FA-KES x10 with 2 workers, 32 failed
# 3.2 % of the checks and 16 1.6 %, for ~0.4 ms more of the client a document (docs/scale.md)
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

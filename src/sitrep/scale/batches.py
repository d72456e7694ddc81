"""Partitioning on the client: raw items into numbered batches of bounded count and size, and the
order back: what finished batches hold, released in input order.

With speculative merging (SQLite on a local cluster) a batch is merged against a snapshot that
misses the batches still in flight, and a document of one of those that its merge would have linked
to makes the check fail. Reports of one event are mostly published the same day, so the batches of
a group of consecutive items are cut from the group sorted by published day: such reports land in
one batch and are merged in order there. A batch still holds its items in input order, and the
client writes in input order, so only which documents share a snapshot changes, never the store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..ingest.items import RawItem, RawLine, item_size

DEFAULT_BATCH_ITEMS = 16  # at ~10-50 ms a document, a batch is a fraction of a second of work. Fewer, larger
# tasks and results cost the client less, but a larger batch makes more speculative merges stale, and on
# a redundant corpus each costs the client a merge of 25-80 ms: on FA-KES x10 with 2 workers, 32 failed
# 3.2 % of the checks and 16 1.6 %, for ~0.4 ms more of the client a document (docs/scale.md)
DEFAULT_BATCH_CHARS = 4_000_000  # and a few megabytes on the wire at most
DEFAULT_GROUP_BATCHES = 4  # batches cut from one group sorted by day (docs/scale.md: failed checks)

T = TypeVar("T")


@dataclass(slots=True)
class Batch:
    index: int
    items: list[RawItem]
    positions: list[int]  # each item's place in the input (from 0), increasing

    def declared_ids(self) -> list[str]:
        return [i for i in (item.declared_id() for item in self.items) if i is not None]


def make_batches(
    items: Iterable[RawItem],
    max_items: int = DEFAULT_BATCH_ITEMS,
    max_chars: int = DEFAULT_BATCH_CHARS,
    group_batches: int = 1,
) -> Iterator[Batch]:
    """Batches of at most max_items and about max_chars (an item larger than that is a batch alone),
    numbered from 0; with group_batches > 1, cut from groups of that many batches' worth of items
    sorted by published day, else of consecutive items."""
    cut = grouped_batches(items, published_day, item_size, max_items, max_chars, group_batches)
    for index, batch in enumerate(cut):
        yield Batch(index, [item for _, item in batch], [position for position, _ in batch])


def grouped_batches(
    entries: Iterable[T],
    day_of: Callable[[T], str],
    size_of: Callable[[T], int],
    max_items: int,
    max_chars: int,
    group_batches: int,
) -> Iterator[list[tuple[int, T]]]:
    """Each batch as (input position, entry) pairs in input order (see make_batches)."""
    group: list[tuple[int, T]] = []
    for position, entry in enumerate(entries):
        group.append((position, entry))
        if len(group) >= max_items * group_batches:
            yield from _cut(group, day_of, size_of, max_items, max_chars, group_batches)
            group = []
    if group:
        yield from _cut(group, day_of, size_of, max_items, max_chars, group_batches)


def _cut(
    group: list[tuple[int, T]],
    day_of: Callable[[T], str],
    size_of: Callable[[T], int],
    max_items: int,
    max_chars: int,
    group_batches: int,
) -> Iterator[list[tuple[int, T]]]:
    ordered = sorted(group, key=lambda pair: day_of(pair[1])) if group_batches > 1 else group
    batch: list[tuple[int, T]] = []
    chars = 0
    for pair in ordered:
        size = size_of(pair[1])
        if batch and (len(batch) >= max_items or chars + size > max_chars):
            yield sorted(batch, key=lambda p: p[0])
            batch, chars = [], 0
        batch.append(pair)
        chars += size
    if batch:
        yield sorted(batch, key=lambda p: p[0])


def published_day(item: RawItem) -> str:
    """A JSON line's `published` day as written (YYYY-MM-DD sorts as dates), or "" (unknown: first)."""
    if not isinstance(item, RawLine):
        return ""
    try:
        record = json.loads(item.text)
    except (ValueError, RecursionError):
        return ""
    value = record.get("published") if isinstance(record, dict) else None
    return value[:10] if isinstance(value, str) else ""


class InputOrder(Generic[T]):
    """What finished batches hold, by input position; `release` gives the entries of every position
    up to the first not finished yet, in input order."""

    def __init__(self) -> None:
        self._next = 0
        self._ready: dict[int, tuple[int, list[T]]] = {}  # position → (its batch, its entries)
        self._left: dict[int, int] = {}  # batch → its positions not released yet

    def add(self, batch: int, by_position: dict[int, list[T]]) -> None:
        """A finished batch: the entries of each of its positions (an empty list for one without)."""
        self._left[batch] = len(by_position)
        self._ready.update((position, (batch, entries)) for position, entries in by_position.items())

    def release(self) -> tuple[list[T], list[int]]:
        """The entries now in order, and the batches all of whose positions that released."""
        released: list[T] = []
        done: list[int] = []
        while self._next in self._ready:
            batch, entries = self._ready.pop(self._next)
            self._next += 1
            released.extend(entries)
            self._left[batch] -= 1
            if not self._left[batch]:
                del self._left[batch]
                done.append(batch)
        return released, done

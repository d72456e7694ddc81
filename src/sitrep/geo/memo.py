"""Verdicts remembered on a gazetteer, within a bound: a long ingest meets new words without end."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedMemo(dict[Hashable, V], Generic[V]):
    """key → a value that is a pure function of the key, holding at most `limit` entries: once full it
    starts afresh, so it follows what the texts read now are made of. A value is never changed."""

    __slots__ = ("limit",)

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def remember(self, key: Hashable, value: V) -> V:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value

"""Verdicts remembered on a gazetteer, within a bound: a long ingest meets new words without end."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

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


MAX_ANSWERS = 50_000  # answers remembered per question kind and gazetteer


def answer_once(gazetteer: Any, kind: Hashable, question: Hashable, answer: Callable[[], V]) -> V:
    """answer(), remembered on the gazetteer under `kind` for `question`: for a pure function of the
    question and the gazetteer (the gazetteer's `derived` holds the memo)."""
    memo: BoundedMemo[tuple[V]] = gazetteer.derived(kind, lambda g: BoundedMemo(MAX_ANSWERS))
    found = memo.get(question)
    if found is None:
        found = memo.remember(question, (answer(),))  # in a tuple: None is an answer too
    return found[0]

"""Whether any of several case-insensitive patterns matches a short text, at case-sensitive speed.

`re.IGNORECASE` compares every letter both ways and keeps the engine from skipping, in one test, the
alternatives of `(?:near|nearby|outside|…)` whose first letter is not the text's. For ASCII text a pattern
written in lower case finds, without the flag, in the lowered text, what it finds with the flag in the text
itself: ASCII letters are equal under the flag exactly when their lower cases are, and lowering ASCII keeps
every character where it was. A pattern qualifies when it is ASCII (no letter that the flag equates with an
ASCII one, such as the Kelvin sign), holds no upper-case letter (`[A-Z]`, `\\S` and `(?-i:Abd)` mean what
they say only in the original text), no character given by its code (`\\x41`) and sets no flag of its own;
the others are searched as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .pattern_store import regex

INLINE_FLAGS = re.compile(r"\(\?[-a-zA-Z]")
CODED_CHARACTER = re.compile(r"\\[xu0-9]")  # \x41 is "A"; a back-reference is left out too
NOTHING = re.compile(r"(?!)")  # the alternation of no pattern: it matches nowhere


def lowerable(source: str) -> bool:
    """Whether the case-insensitive pattern matches lowered ASCII text without the flag as it matches the
    text with it."""
    return (
        source.isascii()
        and not any("A" <= c <= "Z" for c in source)
        and not INLINE_FLAGS.search(source)
        and not CODED_CHARACTER.search(source)
    )


class CaselessAny:
    """`search` and `match` of the alternation of `sources` (compiled with re.IGNORECASE and `flags`), told
    only as whether they find something, and where its first match starts."""

    __slots__ = ("_whole", "_lowered", "_cased")

    def __init__(self, sources: list[str], flags: int = 0) -> None:
        flags = int(flags) | re.IGNORECASE
        lowered = [s for s in sources if lowerable(s)]
        cased = [s for s in sources if not lowerable(s)]
        self._whole = regex(_union(sources), flags) if sources else NOTHING
        self._lowered = regex(_union(lowered), flags & ~re.IGNORECASE) if lowered else None
        self._cased = regex(_union(cased), flags) if cased else None

    def search(self, text: str) -> bool:
        return self._finds(text, re.Pattern.search)

    def start(self, text: str) -> int | None:
        """Where the first match begins (None: nowhere)."""
        if not text.isascii():
            found = self._whole.search(text)
            return found.start() if found else None
        starts = [
            found.start()
            for pattern, searched in ((self._lowered, text.lower()), (self._cased, text))
            if pattern is not None and (found := pattern.search(searched)) is not None
        ]
        return min(starts, default=None)

    def match(self, text: str) -> bool:
        return self._finds(text, re.Pattern.match)

    def _finds(self, text: str, how: Callable[[re.Pattern, str], re.Match | None]) -> bool:
        """Whether `how` (re.Pattern.search or .match) of the whole alternation finds something in the text."""
        if not text.isascii():
            return how(self._whole, text) is not None
        if self._lowered is not None and how(self._lowered, text.lower()) is not None:
            return True
        return self._cased is not None and how(self._cased, text) is not None


def _union(sources: list[str]) -> str:
    return "|".join(f"(?:{source})" for source in sources)

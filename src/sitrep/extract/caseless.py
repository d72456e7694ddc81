"""Case-insensitive patterns that search ASCII text at the speed of case-sensitive ones.

`re.IGNORECASE` makes the engine compare every letter both ways and gives up its quick scan for a
pattern's first characters, so a caseless search costs two to four times a case-sensitive one. Almost
all news text is ASCII; there, lower-casing the text and searching it with the same pattern without
the flag finds exactly the same spans. `Caseless` does that, and hands back the original pattern's match
at each span found, so groups read the original text. Text outside ASCII is searched as before.

Before that, lowered text is checked for the pattern's required words: strings one of which every match
contains (read from the pattern's parse tree: "day" for "days? later"). A sentence without any of them
cannot match, and one search for a few literals costs far less than trying the pattern at every position.

The twin is only built for a pattern where the two searches provably agree on ASCII text: no upper-case
ASCII letter in it (a case-sensitive search of lowered text could not find one), none of the four
characters outside ASCII that `re.IGNORECASE` equates with an ASCII letter, and no group that turns the
flag off or on.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]  # the opcodes of the tree below
import re._parser as sre_parse  # type: ignore[import-not-found]  # re's own parser (no stubs)
import sys
from collections.abc import Iterator

# what re.IGNORECASE matches to an ASCII letter from outside ASCII: İ ı ſ and the Kelvin sign
_ASCII_TWINS = frozenset({0x130, 0x131, 0x17F, 0x212A})
_END = sys.maxsize


class Caseless:
    """A `re.IGNORECASE` pattern with `search`, `match`, `fullmatch` and `finditer` as `re.Pattern` has them
    (same arguments, same matches)."""

    __slots__ = ("pattern", "_lowered", "_gate")

    def __init__(self, pattern: re.Pattern) -> None:
        if not pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
            raise ValueError(f"not a case-insensitive text pattern: {pattern.pattern!r}")
        self.pattern = pattern
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
        self._lowered = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE) if _lowerable(tree) else None
        required = _required(list(tree)) if self._lowered is not None else None
        self._gate = re.compile("|".join(map(re.escape, sorted(required)))) if required else None

    def _lower(self, text: str, pos: int, endpos: int) -> str | None:
        """The text lowered, or None where it must be searched as it is; "" where no match can be (a match's
        required words lie inside it, so between `pos` and `endpos`)."""
        if self._lowered is None or not text.isascii():
            return None
        lowered = text.lower()
        return "" if self._gate is not None and self._gate.search(lowered, pos, endpos) is None else lowered

    def may_match(self, text: str) -> bool:
        """False only where the pattern cannot match: ASCII text without any of its required words."""
        return self._lower(text, 0, len(text)) != ""

    def search(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match | None:
        lowered = self._lower(text, pos, endpos)
        if lowered is None:
            return self.pattern.search(text, pos, endpos)
        found = self._lowered.search(lowered, pos, endpos) if lowered else None  # type: ignore[union-attr]
        return self.pattern.match(text, found.start(), endpos) if found else None

    def match(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match | None:
        lowered = self._lower(text, pos, endpos)
        if lowered is None:
            return self.pattern.match(text, pos, endpos)
        found = self._lowered.match(lowered, pos, endpos) if lowered else None  # type: ignore[union-attr]
        return self.pattern.match(text, pos, endpos) if found else None

    def fullmatch(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match | None:
        lowered = self._lower(text, pos, endpos)
        if lowered is None:
            return self.pattern.fullmatch(text, pos, endpos)
        found = self._lowered.fullmatch(lowered, pos, endpos) if lowered else None  # type: ignore[union-attr]
        return self.pattern.fullmatch(text, pos, endpos) if found else None

    def finditer(self, text: str, pos: int = 0, endpos: int = _END) -> Iterator[re.Match]:
        lowered = self._lower(text, pos, endpos)
        if lowered is None:
            yield from self.pattern.finditer(text, pos, endpos)
        elif lowered:
            for found in self._lowered.finditer(lowered, pos, endpos):  # type: ignore[union-attr]
                yield self.pattern.match(text, found.start(), endpos)  # type: ignore[misc]  # the same span


def _lowerable(items) -> bool:
    """Whether a parsed pattern matches lowered ASCII text without the flag exactly as it matches the
    text with it."""
    for op, av in items:
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            if not _caseless_safe(av, av):
                return False
        elif op is sre.RANGE:
            if not _caseless_safe(*av):
                return False
        elif op is sre.IN:
            if not _lowerable(av):
                return False
        elif op is sre.SUBPATTERN:
            _group, add_flags, del_flags, body = av
            if (add_flags | del_flags) & re.IGNORECASE or not _lowerable(body):
                return False
        elif op is sre.BRANCH:
            if not all(_lowerable(branch) for branch in av[1]):
                return False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            if not _lowerable(av[2]):
                return False
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if not _lowerable(av[1]):
                return False
        elif op is sre.ATOMIC_GROUP:
            if not _lowerable(av):
                return False
        elif op is sre.GROUPREF_EXISTS:
            if not all(_lowerable(branch) for branch in av[1:] if branch is not None):
                return False
    return True


def _caseless_safe(low: int, high: int) -> bool:
    """No upper-case ASCII letter and no ASCII letter's twin among the code points low…high."""
    return (high < ord("A") or low > ord("Z")) and not any(low <= twin <= high for twin in _ASCII_TWINS)


def caseless(source: str) -> Caseless:
    """`Caseless` of the source compiled with `re.IGNORECASE`."""
    return Caseless(re.compile(source, re.IGNORECASE))


_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _required(items: list) -> frozenset[str] | None:
    """Strings one of which every match of a parsed (lowerable) sequence contains, lowered; None when none
    can be told. Of the sequence's runs of literals and its required parts, the likeliest to be missing:
    the one whose shortest word is longest (spaces aside: "the " is everywhere), then the fewest strings."""
    best: frozenset[str] | None = None

    def consider(candidate: frozenset[str] | None) -> None:
        nonlocal best
        if candidate and all(candidate) and (best is None or _rarity(candidate) > _rarity(best)):
            best = candidate

    run = ""
    for op, av in items:
        if op is sre.LITERAL:
            run += chr(av)
            continue
        consider(frozenset({run}) if run else None)
        run = ""
        if op is sre.SUBPATTERN:
            consider(_required(list(av[-1])))
        elif op is sre.ATOMIC_GROUP:
            consider(_required(list(av)))
        elif op is sre.BRANCH:
            branches = [_required(list(branch)) for branch in av[1]]
            consider(None if None in branches else frozenset().union(*branches))  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            consider(_required(list(av[2])))
        # anything else (a class, a category, an assertion, an optional part) requires no literal
    consider(frozenset({run}) if run else None)
    return best


def _rarity(strings: frozenset[str]) -> tuple[int, int]:
    return min(len(s.strip()) for s in strings), -len(strings)

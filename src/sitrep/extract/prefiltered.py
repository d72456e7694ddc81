"""Patterns searched only where they can match, and case-insensitive ones at case-sensitive speed.

Two costs dominate searching a sentence with a pattern that opens with `\\b` or a lookbehind: the engine
tries it at every position, and `re.IGNORECASE` makes it compare every letter both ways (and gives up its
quick scan for a pattern's first characters). `Prefiltered` avoids both, finding exactly the matches the
pattern finds:

- Its required words, read from the pattern's parse tree, are strings one of which every match contains
  ("day" for "days? later"). Text without any of them (one search of a trie of literals) cannot match.
- Almost all news text is ASCII. There, a case-insensitive pattern's spans are those the same pattern
  without the flag finds in the lowered text; at each, the original pattern's match is handed back, so
  groups read the original text. Text outside ASCII is searched as before.

The case-sensitive twin is only built where the two searches provably agree on ASCII text: no upper-case
ASCII letter in the pattern (a search of lowered text could not find one), none of the four characters
outside ASCII that `re.IGNORECASE` equates with an ASCII letter, and no group that turns the flag off or on.
The required words of such a pattern are lower-case, and a match's lowered text holds one of them.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]  # the opcodes of the tree below
import re._parser as sre_parse  # type: ignore[import-not-found]  # re's own parser (no stubs)
import sys
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

from ..alternation import TRIE_READERS, longest_of
from ..pattern_store import code_fingerprint, kept_reading, regex
from .prefixes import matches_at
from .required_words import DIGIT, REQUIRED_READERS, rarity, required_sets

# what re.IGNORECASE matches to an ASCII letter from outside ASCII: İ ı ſ and the Kelvin sign
_ASCII_TWINS = frozenset({0x130, 0x131, 0x17F, 0x212A})
_END = sys.maxsize
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


class Prefiltered:
    """A compiled pattern with `search`, `match`, `fullmatch` and `finditer` as `re.Pattern` has them (same
    arguments, same matches); `may_match` tells cheaply whether a text can hold a match at all."""

    __slots__ = ("pattern", "required", "_caseless", "_lowered", "_gate")

    def __init__(self, pattern: re.Pattern) -> None:
        if not isinstance(pattern.pattern, str):
            raise ValueError(f"not a text pattern: {pattern.pattern!r}")
        self.pattern = pattern
        self._caseless = bool(pattern.flags & re.IGNORECASE)
        key = (pattern.pattern, pattern.flags)  # read from its parse tree once, then kept under SITREP_HOME
        lowerable, self.required, gate = kept_reading("prefiltered", _fingerprint(), key, lambda: _reading(pattern))
        self._lowered = regex(pattern.pattern, pattern.flags & ~re.IGNORECASE) if lowerable else None
        self._gate = regex(gate) if gate is not None else None

    def _text(self, text: str, pos: int, endpos: int) -> str | None:
        """The text to search (lowered for the twin), None where no match can be (a match's required words
        lie inside it, so between `pos` and `endpos`)."""
        if self._caseless:
            if self._lowered is None or not text.isascii():
                return text
            text = lowered(text)
        return None if self._gate is not None and self._gate.search(text, pos, endpos) is None else text

    def may_match(self, text: str) -> bool:
        return self._text(text, 0, len(text)) is not None

    def search(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match | None:
        searched = self._text(text, pos, endpos)
        if searched is None:
            return None
        if searched is text:
            return self.pattern.search(text, pos, endpos)
        found = self._lowered.search(searched, pos, endpos)  # type: ignore[union-attr]
        return self.pattern.match(text, found.start(), endpos) if found else None

    # At one position a try costs less than the search for required words over the rest of the text: it is
    # tried at once, by the twin where there is one (most tries fail; a match is then read again, for its groups).
    def match(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match | None:
        if self._lowered is None or not text.isascii():
            return self.pattern.match(text, pos, endpos)
        return self.pattern.match(text, pos, endpos) if self._lowered.match(lowered(text), pos, endpos) else None

    def fullmatch(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match | None:
        if self._lowered is None or not text.isascii():
            return self.pattern.fullmatch(text, pos, endpos)
        return (
            self.pattern.fullmatch(text, pos, endpos) if self._lowered.fullmatch(lowered(text), pos, endpos) else None
        )

    def finditer(self, text: str, pos: int = 0, endpos: int = _END) -> Iterator[re.Match]:
        searched = self._text(text, pos, endpos)
        if searched is None:
            return
        if searched is text:
            yield from self.pattern.finditer(text, pos, endpos)
            return
        for found in self._lowered.finditer(searched, pos, endpos):  # type: ignore[union-attr]
            yield self.pattern.match(text, found.start(), endpos)  # type: ignore[misc]  # the same span

    def finditer_at(self, text: str, starts: list[int] | None, lowered_text: str | None = None) -> list[re.Match]:
        """What `finditer(text)` yields, given, in order, every position where a match can begin (and maybe
        others), as a `PrefixScan` tells them; None: anywhere. `lowered_text` is `text.lower()` where the caller
        has it already. Without a search for the required words: the starts have told where they are."""
        if starts is None:
            return list(self.finditer(text))
        if self._lowered is None or not text.isascii():
            return matches_at(self.pattern, text, starts)
        found = matches_at(self._lowered, text.lower() if lowered_text is None else lowered_text, starts)
        return [self.pattern.match(text, match.start()) for match in found]  # type: ignore[misc]  # the same span

    def spans_at(self, text: str, starts: list[int] | None, lowered_text: str | None = None) -> list[re.Match]:
        """The matches of `finditer_at`, where the twin searched the lowered text as its matches there: the same
        spans, but their groups read the lowered text (for a caller that reads no more than spans)."""
        if starts is None or self._lowered is None or not text.isascii():
            return self.finditer_at(text, starts, lowered_text)
        return matches_at(self._lowered, text.lower() if lowered_text is None else lowered_text, starts)


def caseless(source: str) -> Prefiltered:
    """`Prefiltered` of the source compiled with `re.IGNORECASE`."""
    return Prefiltered(regex(source, re.IGNORECASE))


class AnyOf:
    """Whether a text may hold a match of any of several caseless patterns: one search for all their
    required words, where each pattern's own check would search the text again."""

    __slots__ = ("_gate",)

    def __init__(self, patterns: Iterable[Prefiltered]) -> None:
        words: set[str] = set()
        for prefiltered in patterns:
            if not prefiltered._caseless or prefiltered.required is None:
                words = set()  # a pattern with no required words may match anywhere
                break
            words |= prefiltered.required
        self._gate = _gate(words)

    def may_match(self, text: str, pos: int = 0, endpos: int = _END) -> bool:
        """False only where no match can lie between `pos` and `endpos`."""
        if self._gate is None or not text.isascii():
            return True
        return self._gate.search(lowered(text), pos, endpos) is not None


@lru_cache(maxsize=64)  # a sentence, and the clause that is all of it, is read by many patterns in turn
def lowered(text: str) -> str:
    """`text.lower()`, kept for the few texts read last."""
    return text.lower()


def _gate(required: frozenset[str] | set[str] | None) -> re.Pattern | None:
    """A search for any of the required words: a trie of them (one test per letter), and a digit."""
    source = _gate_source(required)
    return regex(source) if source is not None else None


def _gate_source(required: frozenset[str] | set[str] | None) -> str | None:
    if not required:
        return None
    words = longest_of(set(required) - {DIGIT})
    return f"{words}|\\d" if DIGIT in required else words


def _reading(pattern: re.Pattern) -> tuple[bool, frozenset[str] | None, str | None]:
    """Whether the caseless pattern's twin can be built, its required words and their gate's source."""
    tree = list(sre_parse.parse(pattern.pattern, pattern.flags))
    caseless = bool(pattern.flags & re.IGNORECASE)
    lowerable = caseless and _lowerable(tree)
    # a caseless pattern's required words hold in lowered text only where its twin is built
    required = _likeliest_missing(tree) if lowerable or not caseless else None
    return lowerable, required, _gate_source(required)


@cache
def _fingerprint() -> bytes:
    """What a kept reading depends on (see pattern_store.kept_reading): the code that makes it."""
    readers = (_reading, _lowerable, _caseless_safe, _likeliest_missing, _as_written, _gate_source, *TRIE_READERS)
    return code_fingerprint((*readers, *REQUIRED_READERS), (sorted(_ASCII_TWINS), DIGIT, _REPEATS))


def _likeliest_missing(tree: list) -> frozenset[str] | None:
    """The set of strings, one of which every match holds, likeliest to be missing from a text (None where
    no literal is required): the strings as written, the text searched being as the pattern sees it."""
    sets = required_sets(tree, _as_written)
    if not sets:
        return None
    likeliest: tuple[str, ...] = max(sets, key=rarity)
    return frozenset(likeliest)


def _as_written(run: str) -> str:
    return run


def _lowerable(items) -> bool:
    """Whether a parsed caseless pattern matches lowered ASCII text without the flag exactly as it matches
    the text with it."""
    for op, av in items:
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            if not _caseless_safe(av, av):
                return False
        elif op is sre.RANGE:
            if not _caseless_safe(*av):
                return False
        elif op is sre.IN or op is sre.ATOMIC_GROUP:
            if not _lowerable(av):
                return False
        elif op is sre.SUBPATTERN:
            _group, add_flags, del_flags, body = av
            if (add_flags | del_flags) & re.IGNORECASE or not _lowerable(body):
                return False
        elif op is sre.BRANCH:
            if not all(_lowerable(branch) for branch in av[1]):
                return False
        elif op in _REPEATS:
            if not _lowerable(av[2]):
                return False
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if not _lowerable(av[1]):
                return False
        elif op is sre.GROUPREF_EXISTS:
            if not all(_lowerable(branch) for branch in av[1:] if branch is not None):
                return False
    return True


def _caseless_safe(low: int, high: int) -> bool:
    """No upper-case ASCII letter and no ASCII letter's twin among the code points low…high."""
    return (high < ord("A") or low > ord("Z")) and not any(low <= twin <= high for twin in _ASCII_TWINS)

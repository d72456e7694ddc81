"""The words a cue or mood pattern's every match contains anywhere, read from its parse tree, so that a pattern
that spans words is not tried in a sentence that lacks them.

A pattern's literal prefixes (`prefixes`) say where a match can begin. A pattern that opens with a word and
then spans others ("killed (?:[\\w,-]+ ){0,5}?soldiers", "army\\b[^.]{0,80}?\\bretook") costs most where it
fails: the engine walks the span at every candidate start, though the word the span leads to is nowhere in the
sentence. `required_words` reads the pattern's top-level sequence (its groups opened up: a chain of items every
match passes through in order) and what each item requires: a run of literals; for a branch, one string of
each alternative's likeliest-missing set (their union); for a body repeated at least once, what the body
requires. Every match holds one string of each set. `RequiredWords` keeps, for each pattern that spans words,
the set likeliest to be missing that its prefixes do not already promise: one look for each of its few
strings (`str.__contains__`, in C) is far cheaper than the failed tries it spares.

The strings are `fold`ed and looked for in the folded sentence: a literal ASCII character matches, under
`re.IGNORECASE`, only characters that fold to its own fold (`prefixes` tests the twins), so a match's folded
text holds the folded literal. A run outside ASCII (whose case `fold` keeps) and runs shorter than MIN_WORD
(in every sentence) are not asked for: asking for fewer only lets more sentences through. `required_sets` is
the one reader of what a parse tree requires: `prefiltered` reads its gates with it too, the strings as written.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]  # the opcodes of the tree below
import re._parser as sre_parse  # type: ignore[import-not-found]  # re's own parser (no stubs)
from collections.abc import Callable, Sequence
from functools import cache

from ..pattern_store import code_fingerprint, kept_reading
from .prefixes import TEXT_START, WORD_START, Candidates, fold, reader_fingerprint

MIN_WORD = 3  # a shorter string (spaces aside: "a ", "of") is in every sentence: it is not asked for
DIGIT = "\x00"  # among required strings: any digit (`\\d`); a literal NUL is never taken for a required string
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
Words = tuple[str, ...]  # a match holds one of them


def required_words(source: str, flags: int = re.IGNORECASE) -> tuple[Words, ...]:
    """Sets of `fold`ed strings, the likeliest to be missing first: every match of the pattern holds one string
    of each set."""
    return _by_rarity(_parsed(source, flags))


def _parsed(source: str, flags: int) -> list:
    return list(sre_parse.parse(source, flags & ~re.UNICODE))


def _by_rarity(tree: list) -> tuple[Words, ...]:
    return tuple(sorted(set(required_sets(tree, _folded_word)), key=rarity, reverse=True))


def _folded_word(run: str) -> str | None:
    """A run of literals as looked for in a folded sentence: none too short to be missing from one (a
    DIGIT among them), none outside ASCII (whose case `fold` keeps)."""
    return fold(run) if len(run.strip()) >= MIN_WORD and run.isascii() else None


def required_sets(items: list, keep: Callable[[str], str | None]) -> list[Words]:
    """What a parsed sequence requires, each set a string of which every match holds: its runs of literals
    (DIGIT for a `\\d`), one string of each branch's alternatives, what the bodies it repeats at least once
    require. `keep` says how a run is looked for, or None where it is not worth asking for."""
    found: list[Words] = []
    run = ""
    for op, av in [*_opened(items), (None, None)]:
        if op is sre.LITERAL and av != 0:  # a literal NUL would read as DIGIT
            run += chr(av)
            continue
        if run and (kept := keep(run)):
            found.append((kept,))
        run = ""
        if op is sre.IN and av == [(sre.CATEGORY, sre.CATEGORY_DIGIT)]:
            if kept := keep(DIGIT):
                found.append((kept,))
        elif op is sre.BRANCH:
            alternatives = [required_sets(list(branch), keep) for branch in av[1]]
            if all(alternatives):  # an alternative that requires nothing: the branch requires nothing
                found.append(tuple(sorted({s for sets in alternatives for s in max(sets, key=rarity)})))
        elif op in _REPEATS and av[0] >= 1:
            found.extend(required_sets(list(av[2]), keep))
        # anything else (a class, an assertion, a part that may be missing) requires no literal
    return found


def _opened(items: list) -> list:
    """The sequence with each group's body put in its place: the items every match passes through in order."""
    opened: list = []
    for op, av in items:
        if op is sre.SUBPATTERN:
            opened.extend(_opened(list(av[-1])))
        elif op is sre.ATOMIC_GROUP:
            opened.extend(_opened(list(av)))
        else:
            opened.append((op, av))
    return opened


def rarity(words: Words) -> tuple[int, int]:
    """The likelier a set is to be missing from a text: its shortest string longer (spaces aside: "the " is
    everywhere), then fewer strings."""
    return min(len(s.strip()) for s in words), -len(words)


def spans_words(source: str, flags: int = re.IGNORECASE) -> bool:
    """Whether the pattern repeats anything more than once (`\\w+`, `(?:\\w+ ){0,3}`, `[^.]{0,80}?`): only
    there can a failed try cost more than a look for a few words."""
    return _spans(_parsed(source, flags))


def _spans(items: list) -> bool:
    for op, av in items:
        if op in _REPEATS and (av[1] > 1 or _spans(list(av[2]))):
            return True
        if op is sre.SUBPATTERN and _spans(list(av[-1])):
            return True
        if op is sre.ATOMIC_GROUP and _spans(list(av)):
            return True
        if op is sre.BRANCH and any(_spans(list(branch)) for branch in av[1]):
            return True
    return False


def gate_words(source: str, prefixes: frozenset[str], flags: int = re.IGNORECASE) -> Words:
    """The strings one of which a sentence must hold before the pattern is tried in it: its likeliest-missing
    required set that its prefixes (`prefixes.necessary_prefixes`) do not promise; () for none (always tried).
    Read from the parse tree once, then kept under SITREP_HOME: a process reads most of a table's gates."""
    key = (source, tuple(sorted(prefixes)), flags)
    return kept_reading("gate-words", _fingerprint(), key, lambda: _gate_words(source, prefixes, flags))


def _gate_words(source: str, prefixes: frozenset[str], flags: int) -> Words:
    tree = _parsed(source, flags)
    if not _spans(tree):
        return ()
    starts = [p.removeprefix(TEXT_START).removeprefix(WORD_START) for p in prefixes]
    for words in _by_rarity(tree):
        if not all(any(start.startswith(word) for word in words) for start in starts):
            return words
    return ()


REQUIRED_READERS = (required_sets, _opened, rarity)  # the code a reading of required strings depends on


@cache
def _fingerprint() -> bytes:
    """What a kept gate depends on: this module's readers, and `fold` (in the prefix readers' fingerprint)."""
    readers = (_gate_words, _parsed, _spans, _by_rarity, _folded_word, *REQUIRED_READERS)
    constants = (MIN_WORD, DIGIT, _REPEATS, TEXT_START, WORD_START)
    return code_fingerprint(readers, constants) + reader_fingerprint()


class RequiredWords:
    """The gate words (`gate_words`) of a table of patterns, each pattern's read the first time it is asked
    for (most of a table's patterns are never a sentence's candidate in a short run)."""

    __slots__ = ("_sources", "_prefixes", "_flags", "_words")

    def __init__(self, sources: Sequence[str], prefixes: Sequence[frozenset[str]], flags: int = re.IGNORECASE) -> None:
        self._sources = tuple(sources)
        self._prefixes = tuple(prefixes)
        self._flags = flags
        self._words: list[Words | None] = [None] * len(self._sources)

    def of(self, index: int) -> Words:
        words = self._words[index]
        if words is None:  # read again by a racing thread at worst: the same words
            words = self._words[index] = gate_words(self._sources[index], self._prefixes[index], self._flags)
        return words

    def admitted(self, candidates: Candidates, folded: str) -> Candidates:
        """The candidates (pattern, starts) whose pattern can match somewhere in the `fold`ed sentence (those
        left out cannot)."""
        gates, contains = self._words, folded.__contains__
        kept = []
        for candidate in candidates:
            words = gates[candidate[0]]
            if words is None:
                words = self.of(candidate[0])
            if not words or any(map(contains, words)):
                kept.append(candidate)
        return kept

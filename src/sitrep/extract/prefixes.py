"""The literal beginnings a regular expression's matches must have, read from its parse tree, so that a
sentence is searched only with the cue patterns that can match in it and only where they can begin.

`necessary_prefixes(pattern)` is a set of short lower-case strings: every match of the pattern, folded with
`fold`, starts with one of them. An empty string among them means the pattern can begin with anything (a
class such as `\\w`), and the pattern must then be tried everywhere. Case is folded on both sides, so a
case-sensitive part (`(?-i:IS)`) only makes the filter looser, never wrong.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]  # the opcodes of the tree below
import re._parser as sre_parse  # type: ignore[import-not-found]  # re's own parser (no stubs)
from collections.abc import Iterator, Sequence

PREFIX_LENGTH = 4  # letters enough to tell "shell" from "she" yet few strings per pattern
MAX_CLASS = 32  # a character class wider than this ([a-z]) tells nothing worth a lookup
# The characters outside ASCII that `re.IGNORECASE` matches to an ASCII letter (a test checks the list
# against `re` over every code point): folded to that letter, so a filtered search misses no match.
_IGNORECASE_TWINS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
# Every white space `\s` matches (the last is U+3000) folds to " ", so `\s` in a pattern is one prefix character.
_SPACES = {chr(c): " " for c in range(0x3001) if chr(c).isspace()}
_FOLD = str.maketrans({**{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}, **_IGNORECASE_TWINS, **_SPACES})

_Prefix = tuple[str, bool]  # the literal text so far, and whether what follows may still extend it
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_UNKNOWN: frozenset[_Prefix] = frozenset({("", False)})


def fold(text: str) -> str:
    """The text with ASCII capitals (and the letters `re` treats as their twins) in lower case and every white
    space a plain space; same length."""
    return text.translate(_FOLD)


def necessary_prefixes(pattern: str | re.Pattern) -> frozenset[str]:
    """Strings one of which every match of `pattern` (folded) starts with; {""} when that cannot be told."""
    source, flags = (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) else (pattern, 0)
    tree = sre_parse.parse(source, flags & ~re.UNICODE)
    return frozenset(text for text, _ in _sequence(list(tree), PREFIX_LENGTH))


def _sequence(items: list, room: int) -> frozenset[_Prefix]:
    prefixes: set[_Prefix] = {("", True)}
    for op, av in items:
        grown: set[_Prefix] = set()
        for text, open_ in prefixes:
            if not open_ or len(text) >= room:
                grown.add((text, False))
                continue
            grown.update((text + more, more_open) for more, more_open in _item(op, av, room - len(text)))
        prefixes = grown
        if not any(open_ for _, open_ in prefixes):
            break
    return frozenset((text[:room], open_ and len(text) < room) for text, open_ in prefixes)


def _item(op, av, room: int) -> frozenset[_Prefix]:
    if op is sre.LITERAL:
        return _characters([av])
    if op is sre.IN:
        return _characters(_class_members(av))
    if op in _ZERO_WIDTH:
        return frozenset({("", True)})
    if op is sre.SUBPATTERN:
        return _sequence(list(av[-1]), room)
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(av), room)
    if op is sre.BRANCH:
        return frozenset().union(*(_sequence(list(branch), room) for branch in av[1]))
    if op in _REPEATS:
        return _repeat(av, room)
    return _UNKNOWN  # any character, a back-reference, a conditional: it may begin with anything


def _repeat(av, room: int) -> frozenset[_Prefix]:
    low, high, body = av
    if high == 0:
        return frozenset({("", True)})
    once = _sequence(list(body), room)
    if high == 1:  # once or not at all: either way what follows comes right after
        return once | {("", True)} if low == 0 else once
    # after one repetition another may follow: what comes next is not known, so the text stops there
    stopped = frozenset((text, False) for text, _ in once)
    return stopped | {("", True)} if low == 0 else stopped


def _characters(codes: list[int] | None) -> frozenset[_Prefix]:
    if codes is None or any(code > 127 for code in codes):
        return _UNKNOWN
    return frozenset((fold(chr(code)), True) for code in codes)


def _class_members(items) -> list[int] | None:
    """The code points of a character class, or None for a negated, category or wide one."""
    codes: list[int] = []
    for op, av in items:
        if op is sre.LITERAL:
            codes.append(av)
        elif op is sre.CATEGORY and av is sre.CATEGORY_SPACE:
            codes.append(ord(" "))  # every white space folds to it
        elif op is sre.RANGE and av[1] - av[0] < MAX_CLASS:
            codes.extend(range(av[0], av[1] + 1))
        else:
            return None
    return codes if len(codes) <= MAX_CLASS else None


class PrefixScan:
    """Where each of many patterns can begin in a text: at the positions where one of its necessary prefixes
    occurs (found in one pass of a trie regex over the folded text), so that each pattern is tried only there
    (`matches_at`) and not at all in a text that holds none of them.

    `boundary` is a lookbehind every pattern opens with (the cue table's, a word's start): it narrows the pass."""

    def __init__(self, prefix_sets: Sequence[frozenset[str]], boundary: str = "") -> None:
        self._count = len(prefix_sets)
        self._anywhere = tuple(i for i, prefixes in enumerate(prefix_sets) if "" in prefixes)
        self._by_prefix: dict[str, tuple[int, ...]] = {}
        for index, prefixes in enumerate(prefix_sets):
            if index not in self._anywhere:
                for prefix in prefixes:
                    self._by_prefix[prefix] = (*self._by_prefix.get(prefix, ()), index)
        self._lengths = sorted({len(prefix) for prefix in self._by_prefix})
        self._starts = re.compile(f"{boundary}(?={any_of(set(self._by_prefix))})")

    def starts(self, folded: str) -> list[list[int] | None]:
        """Per pattern, the positions of the text (`fold`ed) it can begin at, in order; None for a pattern
        that may begin anywhere."""
        starts: list[list[int] | None] = [[] for _ in range(self._count)]
        by_prefix, lengths = self._by_prefix, self._lengths
        for match in self._starts.finditer(folded):
            position = match.start()
            for length in lengths:
                for index in by_prefix.get(folded[position : position + length], ()):
                    found = starts[index]
                    if not found or found[-1] != position:  # type: ignore[index]
                        found.append(position)  # type: ignore[union-attr]
        for index in self._anywhere:
            starts[index] = None
        return starts


def matches_at(pattern: re.Pattern, text: str, starts: list[int] | None) -> Iterator[re.Match]:
    """What `pattern.finditer(text)` yields, trying the pattern only at the candidate starts (in order, and
    every position where it can match among them; None: everywhere)."""
    if starts is None:
        yield from pattern.finditer(text)
        return
    resume = 0
    for start in starts:
        if start < resume:
            continue
        match = pattern.match(text, start)
        if match:
            resume = max(match.end(), start + 1)
            yield match


def any_of(prefixes: set[str] | frozenset[str]) -> str:
    """A case-sensitive regex for "one of these strings starts here", as a trie: at each character the
    engine tests one literal per branch instead of trying every string (for use on folded text)."""
    trie: dict = {}
    for prefix in sorted(prefixes, key=len):
        node = trie
        for character in prefix:
            if node.get("") is True:
                break  # a shorter string already admits every position this one would
            node = node.setdefault(character, {})
        else:
            node.clear()
            node[""] = True
    return _trie_regex(trie) if trie else "(?!)"


def _trie_regex(node: dict) -> str:
    branches = [re.escape(character) + _trie_regex(child) for character, child in node.items() if character]
    if not branches:
        return ""
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

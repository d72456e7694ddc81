"""The literal beginnings a regular expression's matches must have, read from its parse tree, so that a
sentence is searched only with the cue patterns that can match in it and only where they can begin.

`necessary_prefixes(pattern)` is a set of short lower-case strings: every match of the pattern, folded with
`fold`, starts with one of them. An empty string among them means the pattern can begin with anything (a
class such as `\\w`), and the pattern must then be tried everywhere. A prefix that opens with `TEXT_START`
is one the text itself must open with (the pattern is anchored by `^` or `\\A`): it is tried at 0 only.
Case is folded on both sides, so a case-sensitive part (`(?-i:IS)`) only makes the filter looser, never wrong.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]  # the opcodes of the tree below
import re._parser as sre_parse  # type: ignore[import-not-found]  # re's own parser (no stubs)
import threading
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from types import CodeType

from ..pattern_store import regex

PREFIX_LENGTH = 4  # letters enough to tell "shell" from "she" yet few strings per pattern
MAX_CLASS = 32  # a character class wider than this ([a-z]) tells nothing worth a lookup
# The characters outside ASCII that `re.IGNORECASE` matches to an ASCII letter (a test checks the list
# against `re` over every code point): folded to that letter, so a filtered search misses no match.
_IGNORECASE_TWINS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
# Every white space `\s` matches (the last is U+3000) folds to " ", so `\s` in a pattern is one prefix character.
_SPACES = {chr(c): " " for c in range(0x3001) if chr(c).isspace()}
_FOLD = str.maketrans({**{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}, **_IGNORECASE_TWINS, **_SPACES})

_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a digit `\d` matches outside ASCII ("٣") folds to "0"
TEXT_START = "\x02"  # in a prefix, the start of the text (`^`, `\\A`): the character is ASCII's "start of text"
_ASCII_FOLD = bytes(
    ord(" ") if chr(b).isspace() else b + 32 if ord("A") <= b <= ord("Z") else b for b in range(256)
)  # `fold` of ASCII text as a byte table: bytes.translate is several times faster than str.translate

_Prefix = tuple[str, bool]  # the literal text so far, and whether what follows may still extend it
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_UNKNOWN: frozenset[_Prefix] = frozenset({("", False)})


def fold(text: str) -> str:
    """The text with ASCII capitals (and the letters `re` treats as their twins) in lower case, every white
    space a plain space and every digit outside ASCII a "0"; same length."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_FOLD).decode("ascii")
    return _OTHER_DIGIT.sub("0", text.translate(_FOLD))


def necessary_prefixes(pattern: str | re.Pattern) -> frozenset[str]:
    """Strings one of which every match of `pattern` (folded) starts with; {""} when that cannot be told."""
    source, flags = (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) else (pattern, 0)
    tree = sre_parse.parse(source, flags & ~re.UNICODE)
    multiline = bool(tree.state.flags & re.MULTILINE)
    return frozenset(text for text, _ in _sequence(list(tree), PREFIX_LENGTH, multiline))


def reader_fingerprint() -> bytes:
    """What the prefixes read from a pattern depend on in this module: a stored set read by other code is stale."""
    readers = (necessary_prefixes, _sequence, _item, _repeat, _characters, _punctuation, _class_members, fold)
    twins, spaces = sorted(_IGNORECASE_TWINS.items()), sorted(_SPACES)
    constants = (PREFIX_LENGTH, MAX_CLASS, TEXT_START, twins, spaces, _OTHER_DIGIT.pattern, unicodedata.unidata_version)
    return b"\0".join([*(_code_bytes(f.__code__) for f in readers), repr(constants).encode()])


def _code_bytes(code: CodeType) -> bytes:
    """A function's byte code and constants, its inner functions' too (their repr would hold an address)."""
    parts = [code.co_code, repr(code.co_names).encode()]
    for constant in code.co_consts:
        parts.append(_code_bytes(constant) if isinstance(constant, CodeType) else repr(constant).encode())
    return b"\1".join(parts)


def _sequence(items: list, room: int, multiline: bool) -> frozenset[_Prefix]:
    prefixes: set[_Prefix] = {("", True)}
    for op, av in items:
        grown: set[_Prefix] = set()
        for text, open_ in prefixes:
            if not open_ or len(text) >= room:
                grown.add((text, False))
                continue
            grown.update((text + more, more_open) for more, more_open in _item(op, av, room - len(text), multiline))
        prefixes = grown
        if not any(open_ for _, open_ in prefixes):
            break
    return frozenset((text[:room], open_ and len(text) < room) for text, open_ in prefixes)


def _item(op, av, room: int, multiline: bool) -> frozenset[_Prefix]:
    if op is sre.LITERAL:
        return _characters([av])
    if op is sre.IN:
        return _characters(_class_members(av))
    if op is sre.AT and (av is sre.AT_BEGINNING_STRING or (av is sre.AT_BEGINNING and not multiline)):
        return frozenset({(TEXT_START, True)})
    if op in _ZERO_WIDTH:
        return frozenset({("", True)})
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, body = av
        inner = (multiline or bool(add_flags & re.MULTILINE)) and not del_flags & re.MULTILINE
        return _sequence(list(body), room, inner)
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(av), room, multiline)
    if op is sre.BRANCH:
        return frozenset().union(*(_sequence(list(branch), room, multiline) for branch in av[1]))
    if op in _REPEATS:
        return _repeat(av, room, multiline)
    return _UNKNOWN  # any character, a back-reference, a conditional: it may begin with anything


def _repeat(av, room: int, multiline: bool) -> frozenset[_Prefix]:
    low, high, body = av
    if high == 0:
        return frozenset({("", True)})
    once = _sequence(list(body), room, multiline)
    if high == 1:  # once or not at all: either way what follows comes right after
        return once | {("", True)} if low == 0 else once
    # after one repetition another may follow: what comes next is not known, so the text stops there
    stopped = frozenset((text, False) for text, _ in once)
    return stopped | {("", True)} if low == 0 else stopped


def _characters(codes: list[int] | None) -> frozenset[_Prefix]:
    if codes is None or any(code > 127 and not _punctuation(code) for code in codes):
        return _UNKNOWN
    return frozenset((fold(chr(code)), True) for code in codes)


def _punctuation(code: int) -> bool:
    """Punctuation has no case: `re.IGNORECASE` matches it to itself alone, and `fold` keeps it."""
    return unicodedata.category(chr(code)).startswith("P")


def _class_members(items) -> list[int] | None:
    """The code points of a character class, or None for a negated, category or wide one."""
    codes: list[int] = []
    for op, av in items:
        if op is sre.LITERAL:
            codes.append(av)
        elif op is sre.CATEGORY and av is sre.CATEGORY_SPACE:
            codes.append(ord(" "))  # every white space folds to it
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            codes.extend(range(ord("0"), ord("9") + 1))  # every digit folds to one of these
        elif op is sre.RANGE and av[1] - av[0] < MAX_CLASS:
            codes.extend(range(av[0], av[1] + 1))
        else:
            return None
    return codes if len(codes) <= MAX_CLASS else None


Candidates = list[tuple[int, list[int] | None]]  # (pattern, its candidate starts or None: everywhere), in order


class PrefixScan:
    """Where each of many patterns can begin in a text: at the positions where one of its necessary prefixes
    occurs (found in one pass of a trie regex over the folded text), so that each pattern is tried only there
    (`matches_at`) and not at all in a text that holds none of them.

    `boundary` is a lookbehind every pattern opens with (the cue table's, a word's start): it narrows the pass."""

    def __init__(self, prefix_sets: Sequence[frozenset[str]], boundary: str = "") -> None:
        self._count = len(prefix_sets)
        self._anywhere = tuple(i for i, prefixes in enumerate(prefix_sets) if "" in prefixes)
        by_prefix: dict[str, set[int]] = {}
        openings: dict[int, set[str]] = {}
        for index, prefixes in enumerate(prefix_sets):
            if index in self._anywhere:
                continue
            for prefix in prefixes:
                if prefix.startswith(TEXT_START):
                    openings.setdefault(index, set()).add(prefix[1:])
                else:
                    by_prefix.setdefault(prefix, set()).add(index)
        # the scan captures the longest prefix found at a position: it stands for every shorter one it begins with
        self._by_longest = {
            found: tuple(sorted({i for end in range(len(found) + 1) for i in by_prefix.get(found[:end], ())}))
            for found in by_prefix
        }
        self._openings = tuple((index, tuple(sorted(texts))) for index, texts in sorted(openings.items()))
        self._starts = regex(f"{boundary}(?=({longest_of(set(by_prefix))}))")

    def candidates(self, folded: str, begin: int = 0, end: int | None = None) -> Candidates:
        """The patterns that can match in the text (`fold`ed), each with the positions it can begin at, in
        order (None for a pattern that may begin anywhere); the others are left out. With `begin` and `end`,
        only for matches that a search from `begin` with that `endpos` can find."""
        found: dict[int, list[int] | None] = dict.fromkeys(self._anywhere)
        by_longest = self._by_longest
        for match in self._starts.finditer(folded, begin, len(folded) if end is None else end):
            position = match.start()
            for index in by_longest[match.group(1)]:
                positions = found.get(index)
                if positions is None:
                    found[index] = [position]
                else:
                    positions.append(position)  # each position is visited once: never twice in a list
        for index, texts in self._openings:
            if begin == 0 and folded.startswith(texts, 0, end):
                positions = found.get(index, [])
                if positions is not None and positions[:1] != [0]:
                    found[index] = [0, *positions]
        return sorted(found.items())

    def starts(self, folded: str) -> list[list[int] | None]:
        """Per pattern, the positions of the text (`fold`ed) it can begin at, in order; None for a pattern
        that may begin anywhere."""
        starts: list[list[int] | None] = [[] for _ in range(self._count)]
        for index, positions in self.candidates(folded):
            starts[index] = positions
        return starts


class OnDemand:
    """Patterns (with the same flags) each compiled the first time it is asked for: a short run compiles only
    the few whose prefixes its text holds. Thread-safe; a pattern once compiled is kept."""

    __slots__ = ("sources", "flags", "compiled", "_lock")

    def __init__(self, sources: Sequence[str], flags: int = 0) -> None:
        self.sources = tuple(sources)
        self.flags = flags
        self.compiled: list[re.Pattern | None] = [None] * len(self.sources)  # so far: read it, `[i]` fills it
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.sources)

    def __getitem__(self, index: int) -> re.Pattern:
        compiled = self.compiled[index]
        if compiled is None:
            with self._lock:
                compiled = self.compiled[index]
                if compiled is None:
                    compiled = self.compiled[index] = regex(self.sources[index], self.flags)
        return compiled


def matches_at(pattern: re.Pattern, text: str, starts: list[int] | None) -> list[re.Match]:
    """What `pattern.finditer(text)` yields, trying the pattern only at the candidate starts (in order, and
    every position where it can match among them; None: everywhere)."""
    if starts is None:
        return list(pattern.finditer(text))
    if len(starts) == 1:
        match = pattern.match(text, starts[0])
        return [match] if match else []
    found = []
    resume = 0
    for start in starts:
        if start < resume:
            continue
        match = pattern.match(text, start)
        if match:
            resume = max(match.end(), start + 1)
            found.append(match)
    return found


def prefix_starts(prefixes: frozenset[str], folded: str) -> list[int] | None:
    """Where a pattern whose necessary prefixes these are can begin in a `fold`ed text, in order, for
    `matches_at` (None: anywhere). One pass of a trie regex, whatever the number of prefixes."""
    found = _scan_of(prefixes).candidates(folded)
    return found[0][1] if found else []


@lru_cache(maxsize=64)
def _scan_of(prefixes: frozenset[str]) -> PrefixScan:
    return PrefixScan([prefixes])


def longest_of(prefixes: set[str] | frozenset[str]) -> str:
    """A case-sensitive regex that matches the longest of these strings that starts here, as a trie: at each
    character the engine tests one literal per branch instead of trying every string (for use on folded text)."""
    trie: dict = {}
    for prefix in prefixes:
        node = trie
        for character in prefix:
            node = node.setdefault(character, {})
        node[""] = True
    return _trie_regex(trie) if trie else "(?!)"


def _trie_regex(node: dict) -> str:
    branches = [re.escape(character) + _trie_regex(child) for character, child in sorted(node.items()) if character]
    if not branches:
        return ""
    longer = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{longer})?" if "" in node else longer  # a string ends here: a longer one is tried first

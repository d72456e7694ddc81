"""The literal beginnings a regular expression's matches must have, read from its parse tree, so that a
sentence is searched only with the cue patterns that can match in it and only where they can begin.

`necessary_prefixes(pattern)` is a set of short lower-case strings: every match of the pattern, folded with
`fold`, starts with one of them. An empty string among them means the pattern can begin with anything (a
class such as `\\w`), and the pattern must then be tried everywhere. A prefix that opens with `TEXT_START`
is one the text itself must open with (the pattern is anchored by `^` or `\\A`): it is tried at 0 only. A
prefix that opens with `WORD_START` begins a word (the pattern opens with `\\b` or a lookbehind such as
`(?<![\\w-])` before a letter): it is looked for only after a character that is no `\\w`, a scan the regex
engine runs far faster than a look at every position.
Case is folded on both sides, so a case-sensitive part (`(?-i:IS)`) only makes the filter looser, never wrong.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]  # the opcodes of the tree below
import re._parser as sre_parse  # type: ignore[import-not-found]  # re's own parser (no stubs)
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from ..alternation import longest_of
from ..pattern_store import code_fingerprint, kept_reading, regex

PREFIX_LENGTH = 4  # letters enough to tell "shell" from "she" yet few strings per pattern
# for the tables whose prefixes are read once and stored (`prefix_cache`): a longer prefix costs only that first
# reading, and tells "killed two" from "killed by", so that far fewer of a sentence's cues are tried in vain
STORED_PREFIX_LENGTH = 8
MAX_CLASS = 32  # a character class wider than this ([a-z]) tells nothing worth a lookup
# The characters outside ASCII that `re.IGNORECASE` matches to an ASCII letter (a test checks the list
# against `re` over every code point): folded to that letter, so a filtered search misses no match.
_IGNORECASE_TWINS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
# Every white space `\s` matches (the last is U+3000) folds to " ", so `\s` in a pattern is one prefix character.
_SPACES = {chr(c): " " for c in range(0x3001) if chr(c).isspace()}
_FOLD = str.maketrans({**{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}, **_IGNORECASE_TWINS, **_SPACES})

_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a digit `\d` matches outside ASCII ("٣") folds to "0"
TEXT_START = "\x02"  # in a prefix, the start of the text (`^`, `\\A`): the character is ASCII's "start of text"
WORD_START = "\x03"  # in a prefix, the start of a word: the character before is none of `\\w` (or there is none)
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


def necessary_prefixes(pattern: str | re.Pattern, length: int = PREFIX_LENGTH) -> frozenset[str]:
    """Strings of at most `length` characters one of which every match of `pattern` (folded) starts with; {""}
    when that cannot be told."""
    source, flags = (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) else (pattern, 0)
    # read from the parse tree once, then kept under SITREP_HOME (a pattern that does not parse raises each time)
    return kept_reading("prefixes", _fingerprint(), (source, flags, length), lambda: _read(source, flags, length))


def _read(source: str, flags: int, length: int) -> frozenset[str]:
    tree = sre_parse.parse(source, flags & ~re.UNICODE)
    return frozenset(_word_start_kept(text) for text, _ in _sequence(list(tree), length, tree.state.flags))


@cache
def _fingerprint() -> bytes:
    return reader_fingerprint()


def _word_start_kept(text: str) -> str:
    """The prefix, without its WORD_START unless a word character follows it (`\\b` before "(" says the
    character before is one, and before an unknown character it says nothing the scan could use)."""
    if text.startswith(WORD_START) and not _is_word_character(text[1:2]):
        return text[1:]
    return text


def _is_word_character(character: str) -> bool:
    # a prefix holds ASCII or punctuation only (`_characters`): ASCII letters, digits and "_" are its `\\w`
    return character.isascii() and (character.isalnum() or character == "_")


def reader_fingerprint() -> bytes:
    """What the prefixes read from a pattern depend on in this module: a stored set read by other code is stale."""
    readers = (
        necessary_prefixes,
        _read,
        _word_start_kept,
        _is_word_character,
        _sequence,
        _joined,
        _length,
        _item,
        _no_word_before,
        _repeat,
        _characters,
        _punctuation,
        _class_members,
        fold,
    )
    twins, spaces = sorted(_IGNORECASE_TWINS.items()), sorted(_SPACES)
    constants = (
        PREFIX_LENGTH,
        STORED_PREFIX_LENGTH,
        MAX_CLASS,
        TEXT_START,
        WORD_START,
        twins,
        spaces,
        _OTHER_DIGIT.pattern,
        unicodedata.unidata_version,
    )
    return code_fingerprint(readers, constants)


def _sequence(items: list, room: int, flags: int) -> frozenset[_Prefix]:
    prefixes: set[_Prefix] = {("", True)}
    for op, av in items:
        grown: set[_Prefix] = set()
        for text, open_ in prefixes:
            if not open_ or _length(text) >= room:
                grown.add((text, False))
                continue
            more = _item(op, av, room - _length(text), flags)
            grown.update((_joined(text, next_text), more_open) for next_text, more_open in more)
        prefixes = grown
        if not any(open_ for _, open_ in prefixes):
            break
    return frozenset(
        (text[: room + len(text) - _length(text)], open_ and _length(text) < room) for text, open_ in prefixes
    )


def _joined(text: str, more: str) -> str:
    """The literal text and what comes after it: a word's start after some text tells nothing more (it is not
    where the match begins), so it is dropped."""
    return text + more[1:] if text and more.startswith(WORD_START) else text + more


def _length(text: str) -> int:
    """The characters of a prefix, not counting a WORD_START: it takes no room of the text's."""
    return len(text) - text.startswith(WORD_START)


def _item(op, av, room: int, flags: int) -> frozenset[_Prefix]:
    if op is sre.LITERAL:
        return _characters([av])
    if op is sre.IN:
        return _characters(_class_members(av))
    multiline = bool(flags & re.MULTILINE)
    if op is sre.AT and (av is sre.AT_BEGINNING_STRING or (av is sre.AT_BEGINNING and not multiline)):
        return frozenset({(TEXT_START, True)})
    unicode_words = not flags & (re.ASCII | re.LOCALE)  # the scan's `\w` is Unicode's
    if unicode_words and ((op is sre.AT and av is sre.AT_BOUNDARY) or (op is sre.ASSERT_NOT and _no_word_before(av))):
        return frozenset({(WORD_START, True)})
    if op in _ZERO_WIDTH:
        return frozenset({("", True)})
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, body = av
        return _sequence(list(body), room, (flags | add_flags) & ~del_flags)
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(av), room, flags)
    if op is sre.BRANCH:
        return frozenset().union(*(_sequence(list(branch), room, flags) for branch in av[1]))
    if op in _REPEATS:
        return _repeat(av, room, flags)
    return _UNKNOWN  # any character, a back-reference, a conditional: it may begin with anything


def _no_word_before(av) -> bool:
    """Whether a negative lookaround is a lookbehind of one character that excludes every `\\w` (`(?<!\\w)`,
    `(?<![\\w-])`): where it holds, the character before is no word character."""
    direction, body = av
    items = list(body)
    if direction != -1 or len(items) != 1 or items[0][0] is not sre.IN:
        return False
    members = items[0][1]
    return (sre.CATEGORY, sre.CATEGORY_WORD) in members and all(op is not sre.NEGATE for op, _ in members)


def _repeat(av, room: int, flags: int) -> frozenset[_Prefix]:
    low, high, body = av
    if high == 0:
        return frozenset({("", True)})
    once = _sequence(list(body), room, flags)
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
    occurs (found in one pass of a trie regex over the folded text, and one over the starts of its words for
    the patterns that begin a word), so that each pattern is tried only there (`matches_at`) and not at all in
    a text that holds none of them.

    `boundary` is a lookbehind every pattern opens with (a word's start): it narrows the passes."""

    def __init__(self, prefix_sets: Sequence[frozenset[str]], boundary: str = "") -> None:
        self._count = len(prefix_sets)
        self._anywhere = tuple(i for i, prefixes in enumerate(prefix_sets) if "" in prefixes)
        inside: dict[str, set[int]] = {}  # prefixes that may begin anywhere in a word
        word_starts: dict[str, set[int]] = {}  # prefixes that begin a word, without their WORD_START
        openings: dict[int, set[str]] = {}
        for index, prefixes in enumerate(prefix_sets):
            if index in self._anywhere:
                continue
            for prefix in prefixes:
                if prefix.startswith(TEXT_START):
                    openings.setdefault(index, set()).add(prefix[1:])
                elif prefix.startswith(WORD_START):
                    word_starts.setdefault(prefix[1:], set()).add(index)
                else:
                    inside.setdefault(prefix, set()).add(index)
        self._openings = tuple((index, tuple(sorted(texts))) for index, texts in sorted(openings.items()))
        # a pattern with prefixes of both kinds ("\\bnot " and "n't ") has positions from both scans: merged
        self._in_both = frozenset().union(*inside.values()) & frozenset().union(*word_starts.values())
        self._inside = _Scan(inside, boundary) if inside else None
        self._word_starts = _Scan(word_starts, boundary, r"[^\w]") if word_starts else None

    def candidates(self, folded: str, begin: int = 0, end: int | None = None) -> Candidates:
        """The patterns that can match in the text (`fold`ed), each with the positions it can begin at, in
        order (None for a pattern that may begin anywhere); the others are left out. With `begin` and `end`,
        only for matches that a search from `begin` with that `endpos` can find."""
        found: dict[int, list[int] | None] = dict.fromkeys(self._anywhere)
        end = len(folded) if end is None else end
        if self._inside is not None:
            self._inside.collect(found, self._inside.scan.finditer(folded, begin, end))
        if self._word_starts is not None:
            scan = self._word_starts
            if begin == 0 or not _WORD_CHARACTER.match(folded, begin - 1):  # the pass finds a word after a character
                opening = scan.here.match(folded, begin, end)
                if opening is not None:
                    scan.collect(found, (opening,))
            scan.collect(found, scan.scan.finditer(folded, begin, end))
        if self._in_both:
            for index in self._in_both.intersection(found):
                found[index] = sorted(set(found[index]))  # type: ignore[arg-type]  # never None: not `_anywhere`
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


_WORD_CHARACTER = re.compile(r"\w")


class _Scan:
    """One pass of a trie regex over a folded text: where `before` (a character that must come first, or
    nothing) ends and `boundary` holds, the longest prefix there, which stands for every shorter one it begins
    with. Group 1 of a match is that prefix, where it lies in the text."""

    __slots__ = ("by_longest", "scan", "here")

    def __init__(self, by_prefix: dict[str, set[int]], boundary: str, before: str = "") -> None:
        self.by_longest = {
            found: tuple(sorted({i for end in range(len(found) + 1) for i in by_prefix.get(found[:end], ())}))
            for found in by_prefix
        }
        trie = longest_of(set(by_prefix))
        self.here = regex(f"{boundary}(?=({trie}))")
        if before:
            self.scan = regex(f"{before}{boundary}(?=({trie}))")
        else:
            # led by a class of the prefixes' first characters, that the engine looks for in one fast pass,
            # where a lookahead first would be tried at every position; the lookbehind reads the prefix that
            # the class's character begins (the match is one character: the next search starts after it)
            first = f"[{''.join(sorted(re.escape(prefix[0]) for prefix in {p[:1] for p in by_prefix}))}]"
            self.scan = regex(f"{first}(?<=(?={boundary}({trie})){first})")

    def collect(self, found: dict[int, list[int] | None], matches: Iterable[re.Match]) -> None:
        by_longest = self.by_longest
        for match in matches:
            position = match.start(1)
            for index in by_longest[match.group(1)]:
                positions = found.get(index)
                if positions is None:
                    found[index] = [position]
                else:
                    positions.append(position)  # each position is visited once: never twice in a list


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

"""Fast scanning for many names at once.

Python's `re` tries every alternative of `(?:a|b|…)` at each position of the text, and compiling an
alternation of thousands of names costs a second of every start. `PhraseMatcher` finds what such an
alternation finds without building it: every name begins with a word, so a name can match only where the
text's word (lower-cased) is the name's first word; the few names listed under that word are tried one by
one, in the order given, each with its own small regex compiled the first time it is needed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from .pattern_store import regex

WORD = re.compile(r"\w+")


def leading_words(name: str) -> tuple[str, str]:
    """The first two words of a name, lower-cased, a word being a run of letters and digits ("Hay'at Tahrir
    al-Sham" → hay, at; "U.S. forces" → u, s); "" for the second of a one-word name."""
    words = WORD.findall(name.lower())
    if not words or WORD.match(name) is None:
        raise ValueError(f"a phrase must begin with a letter or digit: {name!r}")
    return words[0], words[1] if len(words) > 1 else ""


def _runs_on(text: str, start: int) -> bool:
    """Whether a word at `start` continues a word or hyphenation before it (as `(?<![\\w-])` would say)."""
    before = text[start - 1 : start]
    return bool(before) and (before.isalnum() or before in "_-")


class PhraseMatcher:
    """Leftmost, non-overlapping matches of many phrases, the same as
    `re.finditer(r"(?<![\\w-])(?:ARTICLE\\s+)?(?:r1|r2|…)(?![\\w-])", text)` over the phrases' regexes in
    the order given (at a position the first that matches wins, so list longer names first), but with no
    alternation to compile: building one costs nothing and a scan a dictionary look-up per word.

    `regex_of(name)` is the regex of a name as the text may write it (in any case, with any spacing): it
    must match nothing whose first two words, lower-cased, differ from the name's. `article` is a word a
    mention may begin with ("the"), as written. A name is tried only where the text's first two words are
    the name's, so names that share a first word ("Turkish troops", "Turkish jets", …) cost nothing where
    the second differs; its regex is made and compiled the first time it is tried."""

    def __init__(self, names: Iterable[str], regex_of: Callable[[str], str], *, article: str | None = None) -> None:
        by_words: dict[str, dict[str, list[tuple[int, str]]]] = {}
        for order, name in enumerate(names):
            first, second = leading_words(name)
            by_words.setdefault(first, {}).setdefault(second, []).append((order, name))
        # under each second word, the one-word names too, all in the order given
        self._by_words = {
            first: {
                second: [r for _, r in sorted(names + by_second.get("", []))] for second, names in by_second.items()
            }
            for first, by_second in by_words.items()
        }
        self._regex_of = regex_of
        self._article = article
        self._after_article = re.compile(r"\s+(\w+)")
        self._compiled: dict[str, re.Pattern] = {}
        self._starts = {*self._by_words, *([article.lower()] if article else [])}
        self._opening: re.Pattern | None = None  # the words in `_starts`, compiled when first needed

    def __len__(self) -> int:
        return sum(len(names) for by_second in self._by_words.values() for names in by_second.values())

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of every match, in order."""
        position = 0
        by_words, article = self._by_words, self._article
        for start, written in self._opening_words(text):
            if start < position:
                continue
            end = None
            word_end = start + len(written)
            if written == article and (named := self._after_article.match(text, word_end)):
                end = self._first_match(text, named.start(1), named.group(1).lower(), named.end(1))
            lowered = written.lower()
            if end is None and lowered in by_words:
                end = self._first_match(text, start, lowered, word_end)
            if end is not None:
                yield start, end
                position = end

    def _opening_words(self, text: str) -> Iterator[tuple[int, str]]:
        """(start, word as written) of the text's words that a phrase (or the article) begins with, in order,
        none right after a hyphen or inside a word. In ASCII text (lower-casing keeps every offset) one regex
        of those words finds them; in other text every word is looked up."""
        if text.isascii():
            if self._opening is None:
                self._opening = regex(rf"(?<![\w-])(?:{longest_of(self._starts)})(?!\w)")
            return ((m.start(), text[m.start() : m.end()]) for m in self._opening.finditer(text.lower()))
        starts = self._starts
        return (
            (word.start(), word.group())
            for word in WORD.finditer(text)
            if word.group().lower() in starts and not _runs_on(text, word.start())
        )

    def _first_match(self, text: str, start: int, first: str, first_end: int) -> int | None:
        """The end of the first phrase that matches at `start`, whose first word (lower-cased) is `first`."""
        by_second = self._by_words.get(first)
        if by_second is None:
            return None
        second = WORD.search(text, first_end)
        candidates = (second and by_second.get(second.group().lower())) or by_second.get("", [])
        compiled = self._compiled
        for name in candidates:
            pattern = compiled.get(name) or self._pattern(name)
            match = pattern.match(text, start)
            if match is not None:
                return match.end()
        return None

    def _pattern(self, name: str) -> re.Pattern:
        pattern = self._compiled.get(name)
        if pattern is None:
            pattern = self._compiled[name] = regex(rf"(?:{self._regex_of(name)})(?![\w-])")
        return pattern


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


TRIE_READERS = (longest_of, _trie_regex)  # the code a regex of `longest_of` depends on: for a fingerprint

"""Sentences a document says twice: a republished lead, a pasted-in repeat, told again word for word."""

from __future__ import annotations

import re
from collections import deque
from itertools import repeat

REPEAT_MIN_WORDS = 6  # shorter sentences ("Clashes went on.") may well be said twice of two events
SEARCH_WHOLE_CHARS = 20_000  # what was told is searched whole up to this length, then indexed
WORD = re.compile(r"\w+")


class RepeatIndex:
    """The sentences a document already said, so that a repeat (alone or inside a longer sentence) is found.
    While what was told is short it is searched whole (a search in C, and nothing to build); past
    SEARCH_WHOLE_CHARS each told sentence is indexed by its runs of REPEAT_MIN_WORDS words, and a repeat is
    looked for only from the first told sentence its opening words ran in: time stays linear in the words."""

    def __init__(self) -> None:
        self._told: list[str] = []  # each told sentence's words, lower-cased, one space apart and around
        self._text = ""  # while short: the told sentences one after another, a line each
        self._first_with: dict[tuple[str, ...], int] | None = None  # a run of words → the first told sentence with it

    def told_before(self, text: str) -> bool:
        """True for a sentence said word for word before (a republished lead, a pasted-in repeat); else it is
        remembered and False."""
        words = WORD.findall(text.lower())
        if len(words) < REPEAT_MIN_WORDS:
            return False
        joined = f" {' '.join(words)} "
        if self._first_with is None:
            if joined in self._text:  # a line holds no "\n": no match runs across two sentences
                return True
            self._told.append(joined)
            self._text += f"{joined}\n"
            if len(self._text) > SEARCH_WHOLE_CHARS:
                self._first_with = {}
                for index, earlier in enumerate(self._told):
                    self._index(earlier.split(), index)
            return False
        told = self._told
        first = self._first_with.get(tuple(words[:REPEAT_MIN_WORDS]))
        if first is not None and any(joined in earlier for earlier in told[first:]):
            return True
        self._index(words, len(told))
        told.append(joined)
        return False

    def _index(self, words: list[str], index: int) -> None:
        runs = zip(*(words[i:] for i in range(REPEAT_MIN_WORDS)), strict=False)  # each run of words
        deque(map(self._first_with.setdefault, runs, repeat(index)), maxlen=0)  # type: ignore[union-attr]  # the loop runs in C

"""The literal-prefix filter: a cue or mood pattern tried only where its prefixes begin finds exactly what a
search of the whole sentence finds."""

import re

import pytest

from sitrep.extract.cues import cue_table
from sitrep.extract.modality import mood_cues
from sitrep.extract.prefixes import PrefixScan, any_of, fold, matches_at, necessary_prefixes


@pytest.mark.parametrize(
    "pattern, prefixes",
    [
        (r"clash(?:es|ed|ing)?", {"clas"}),
        (r"(?:a|an) (?:\w+ )?shell", {"a ", "a sh", "an ", "an s"}),
        (r"(?-i:IS)\b", {"is"}),
        (r"(?<![\w-])rall(?:y|ies)", {"rall"}),
        (r"sit-?ins?", {"sit-", "siti"}),
        (r"[A-C]x", {"ax", "bx", "cx"}),
        (r"x{0}y", {"y"}),
        (r"\w+ed", {""}),  # it may begin with any letter: tried everywhere
        (r"^\s*(?:if|unless)\b", {" ", "if", "unle"}),  # any white space folds to " "
        (r"an?\s+man", {"a ", "an "}),
        (r"ab|", {"", "ab"}),
        (r"é\w+", {""}),
    ],
)
def test_the_prefixes_every_match_begins_with(pattern, prefixes):
    assert necessary_prefixes(pattern) == prefixes


def test_folding_keeps_positions_and_the_letters_ignorecase_treats_as_twins():
    text = "Kurdish \u212aURDS and\t\u017fhelling in\u00a0\u0130DLIB"
    assert len(fold(text)) == len(text)
    assert fold(text) == "kurdish kurds and shelling in idlib"


def test_every_letter_ignorecase_matches_to_an_ascii_one_is_folded_to_it():
    ascii_letter = re.compile("[a-z]", re.I)
    for code in range(128, 0x110000):
        character = chr(code)
        if ascii_letter.fullmatch(character):
            assert re.fullmatch(fold(character), character, re.I), hex(code)


def test_every_white_space_folds_to_a_space():
    space = re.compile(r"\s")
    for code in range(0x110000):
        character = chr(code)
        assert (fold(character) == " ") == bool(space.fullmatch(character)), hex(code)


def test_the_trie_admits_exactly_the_strings_that_begin_with_a_prefix():
    admits = re.compile(any_of({"shel", "she", "bomb", "is"}))
    assert [bool(admits.match(word)) for word in ("shelling", "shed", "bombers", "isis", "sh", "bob", "i")] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    assert re.compile(any_of(set())).match("anything") is None


def _texts() -> list[str]:
    cues, _ = mood_cues()
    examples = [c.example for c in cue_table().cues] + [c.example for c in cues]
    counters = [c.counter_example for c in cue_table().cues] + [c.counter_example for c in cues]
    texts = examples + [c for c in counters if c]
    return texts + [t.upper() for t in texts] + [" ".join(texts[i : i + 3]) for i in range(0, len(texts), 3)]


TEXTS = _texts()


def test_cue_patterns_tried_at_their_starts_find_what_a_full_search_finds():
    table = cue_table()
    for text in TEXTS:
        for pattern, starts in zip(table.patterns, table.starts.starts(fold(text)), strict=True):
            expected = [(m.lastgroup, m.span()) for m in pattern.finditer(text)]
            assert [(m.lastgroup, m.span()) for m in matches_at(pattern, text, starts)] == expected, text


def test_mood_patterns_tried_at_their_starts_find_what_a_full_search_finds():
    cues, _ = mood_cues()
    scan = PrefixScan([c.prefixes for c in cues])
    for text in TEXTS:
        for cue, starts in zip(cues, scan.starts(fold(text)), strict=True):
            expected = [m.span() for m in cue.pattern.finditer(text)]
            assert [m.span() for m in matches_at(cue.pattern, text, starts)] == expected, (cue.id, text)


def test_a_pattern_that_may_begin_anywhere_is_searched_everywhere():
    scan = PrefixScan([frozenset({"kill"}), frozenset({""})])
    assert scan.starts(fold("They killed two, then KILLED more.")) == [[5, 22], None]
    assert scan.starts("nothing here") == [[], None]

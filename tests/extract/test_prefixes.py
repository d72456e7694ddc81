"""The literal-prefix filter: a cue or mood pattern tried only where its prefixes begin finds exactly what a
search of the whole sentence finds."""

import re
import unicodedata

import pytest

from sitrep.extract import modality
from sitrep.extract.cues import CUE_BOUNDARY, cue_table
from sitrep.extract.event_types import _found_before, cue_matches
from sitrep.extract.modality import mood_cues, mood_patterns
from sitrep.extract.prefixes import (
    TEXT_START,
    WORD_START,
    OnDemand,
    PrefixScan,
    fold,
    longest_of,
    matches_at,
    necessary_prefixes,
    prefix_starts,
)
from sitrep.extract.sentence_starts import sentence_starts


@pytest.mark.parametrize(
    "pattern, prefixes",
    [
        (r"clash(?:es|ed|ing)?", {"clas"}),
        (r"(?:a|an) (?:\w+ )?shell", {"a ", "a sh", "an ", "an s"}),
        (r"(?-i:IS)\b", {"is"}),
        (r"(?<![\w-])rall(?:y|ies)", {WORD_START + "rall"}),  # a word's start takes no room of the four
        (r"\bkill(?:ed)?|\b\(ap\)|\b\w+s", {WORD_START + "kill", "(ap)", ""}),  # `\b` before "(": a letter is before
        (r"(?<!\w)x|y\bz|(?<![^\w])w", {WORD_START + "x", "yz", "w"}),  # only a word's first boundary tells
        (r"(?a)\bfoo|(?a:\bbar)", {"foo", "bar"}),  # the scan's `\w` is Unicode's, not ASCII's
        (r"sit-?ins?", {"sit-", "siti"}),
        (r"[A-C]x", {"ax", "bx", "cx"}),
        (r"x{0}y", {"y"}),
        (r"\w+ed", {""}),  # it may begin with any letter: tried everywhere
        (r"^\s*(?:if|unless)\b", {"\x02 ", "\x02if", "\x02unl"}),  # at the text's start; white space folds to " "
        (r"\Afoo|bar", {"\x02foo", "bar"}),
        (r"(?m)^foo", {"foo"}),  # after any line break too: no anchor
        (r"(?m:^foo)|^bar", {"foo", "\x02bar"}),
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
    admits = re.compile(longest_of({"shel", "she", "bomb", "is"}))
    assert [bool(admits.match(word)) for word in ("shelling", "shed", "bombers", "isis", "sh", "bob", "i")] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    assert re.compile(longest_of(set())).match("anything") is None


def _texts() -> list[str]:
    cues, _ = mood_cues()
    examples = [c.example for c in cue_table().cues] + [c.example for c in cues]
    counters = [c.counter_example for c in cue_table().cues] + [c.counter_example for c in cues]
    texts = examples + [c for c in counters if c]
    return texts + [t.upper() for t in texts] + [" ".join(texts[i : i + 3]) for i in range(0, len(texts), 3)]


TEXTS = _texts()


def _sub_type_searches() -> list[re.Pattern]:
    """Per sub-type, the alternation of all its cues, each in a group named by its index: searched over a whole
    sentence, what the cue table must find."""
    table = cue_table()
    alternatives: dict[int, list[str]] = {}
    for index, (cue, group) in enumerate(zip(table.cues, table.groups, strict=True)):
        alternatives.setdefault(group, []).append(f"(?P<g{index}>{cue.pattern})")
    return [re.compile(rf"{CUE_BOUNDARY}(?:{'|'.join(alternatives[g])})(?![\w-])", re.I) for g in sorted(alternatives)]


def test_cues_tried_at_their_starts_find_what_a_full_search_of_each_sub_type_finds():
    searches = _sub_type_searches()
    for text in TEXTS:
        expected = [(int(m.lastgroup[1:]), m.span()) for search in searches for m in search.finditer(text)]
        assert [(index, m.span()) for index, m in cue_matches(text)] == expected, text


def test_mood_patterns_tried_at_their_starts_find_what_a_full_search_finds():
    cues, _ = mood_cues()
    patterns = mood_patterns()
    for text in TEXTS:
        candidates = dict(modality._cue_candidates(text))  # with the prefixes as stored, and the gate words
        for index, cue in enumerate(cues):
            expected = [m.span() for m in patterns[index].finditer(text)]
            starts = candidates.get(index, [])
            assert [m.span() for m in matches_at(patterns[index], text, starts)] == expected, (cue.id, text)


def test_a_pattern_that_may_begin_anywhere_is_searched_everywhere():
    scan = PrefixScan([frozenset({"kill"}), frozenset({""})])
    assert scan.starts(fold("They killed two, then KILLED more.")) == [[5, 22], None]
    assert scan.starts("nothing here") == [[], None]


def test_every_digit_folds_to_an_ascii_digit():
    digit = re.compile(r"\d")
    for code in range(0x110000):
        character = chr(code)
        if digit.fullmatch(character):
            assert fold(character) in "0123456789", hex(code)
    assert fold("killed ٣ people") == "killed 0 people"


def test_punctuation_in_a_prefix_has_no_case_and_is_kept_by_folding():
    # `re` compiles a character without case to a plain literal even under IGNORECASE: it matches itself only
    for code in range(0x110000):
        character = chr(code)
        if unicodedata.category(character).startswith("P"):
            assert character.lower() == character == character.upper() == fold(character), hex(code)
    assert necessary_prefixes(re.compile(r"n[\'’]t\b|—\s", re.I)) == {"n't", "n’t", "— "}
    assert necessary_prefixes(r"\d+ ?%") == set("0123456789")


def test_the_longest_prefix_found_stands_for_every_shorter_one_it_begins_with():
    scan = PrefixScan([frozenset({"kill"}), frozenset({"ki"}), frozenset({"kid"})])
    assert scan.candidates(fold("Kids were KILLED")) == [(0, [10]), (1, [0, 10]), (2, [0])]
    assert scan.candidates(fold("nothing here")) == []


def test_a_prefix_at_the_text_start_is_tried_only_there():
    scan = PrefixScan([frozenset({TEXT_START + "if", "unle"}), frozenset({TEXT_START}), frozenset({"if"})])
    assert scan.candidates(fold("If they come, unless asked")) == [(0, [0, 14]), (1, [0]), (2, [0])]
    assert scan.candidates(fold("And if they come")) == [(1, [0]), (2, [4])]
    anchored = re.compile(r"^\s*(?:if|unless)\b", re.I)
    text = "If they come, unless asked"
    starts = dict(PrefixScan([necessary_prefixes(anchored)]).candidates(fold(text)))[0]
    assert starts == [0] and matches_at(anchored, text, starts)[0].span() == (0, 2)


def test_a_pattern_is_compiled_when_first_asked_for_and_kept():
    patterns = OnDemand(["kill(?:ed|ing)", "shell"], re.I)
    assert patterns.compiled == [None, None]
    assert patterns[0].match("KILLED") and patterns[0] is patterns[0]
    assert patterns.compiled[1] is None and len(patterns) == 2


def test_prefix_starts_are_every_offset_a_prefix_begins_at_once_in_order():
    assert prefix_starts(frozenset({"an", "a", "na"}), "banana") == [1, 2, 3, 4, 5]
    assert prefix_starts(frozenset({"zz"}), "banana") == []
    assert prefix_starts(frozenset({"", "zz"}), "banana") is None  # a pattern that may begin anywhere
    assert prefix_starts(frozenset({TEXT_START + "ba", "na"}), "banana") == [0, 2, 4]
    assert prefix_starts(frozenset({TEXT_START + "na"}), "banana") == []


def test_prefix_starts_let_a_pattern_find_what_finditer_finds():
    pattern = re.compile(r"(?<!\w)(?:shell(?:ed|ing)|air ?strikes?|\d+ (?:killed|dead))", re.I)
    text = "Shelling hit Tall Rifaat; an AIR STRIKE followed, 3 killed and airstrikes went on. Unshelled."
    starts = prefix_starts(necessary_prefixes(pattern), fold(text))
    found = [m.span() for m in matches_at(pattern, text, starts)]
    assert found == [m.span() for m in pattern.finditer(text)] and len(found) == 4


def test_a_prefix_that_begins_a_word_is_looked_for_only_at_the_starts_of_words():
    scan = PrefixScan([frozenset({WORD_START + "kill"}), frozenset({"ill"}), frozenset({WORD_START + "ki", "sk"})])
    text = fold("Skilled men KILLED, (killing) Ékill")
    # each prefix as it is written, though the pattern's other one is looked for anywhere: "sk" inside a word
    # too, "ki" not inside "Skilled" nor "Ékill"; the positions from both passes in order, each once
    assert scan.candidates(text) == [(0, [12, 21]), (1, [2, 13, 22, 32]), (2, [0, 12, 21])]
    assert PrefixScan([frozenset({WORD_START + "kil", "kil"})]).candidates(text) == [(0, [1, 12, 21, 31])]
    # a window that opens at a word's start, inside a word, or right after one
    assert scan.candidates(text, 12, 30) == [(0, [12, 21]), (1, [13, 22]), (2, [12, 21])]
    assert scan.candidates(text, 13, 30) == [(0, [21]), (1, [13, 22]), (2, [21])]
    assert scan.candidates(text, 21, 24) == [(2, [21])]  # "kill" and "ill" would end past the window
    assert PrefixScan([frozenset({WORD_START + "is"})]).candidates(fold("this is İS,is")) == [(0, [5, 8, 11])]


@pytest.mark.parametrize("which", ["aside", "negation", "attempt"])
def test_the_guards_before_a_cue_are_found_in_any_window_as_a_search_finds_them(which):
    table = cue_table()
    pattern = getattr(table, which)
    index = ("aside", "negation", "attempt").index(which)
    for text in TEXTS[::3]:
        starts = sentence_starts(text).before.get(index, [])  # over the whole sentence
        for begin in range(0, len(text), 5):
            for end in (len(text), begin + 40, begin + 90):
                window = [s for s in starts if begin <= s < end]
                found = [m.span() for m in matches_at(pattern, text[:end], window)]
                assert found[:1] == [m.span() for m in pattern.finditer(text, begin, end)][:1], (text, begin, end)
                assert _found_before(pattern, text, starts, begin, end) == bool(found), (text, begin, end)


def test_prefixes_read_by_an_earlier_process_are_kept_and_a_bad_pattern_still_fails(tmp_path, monkeypatch):
    from sitrep import home_cache, pattern_store
    from sitrep.extract import prefixes

    monkeypatch.setenv("SITREP_HOME", str(tmp_path))
    monkeypatch.setattr(home_cache, "_caches", {})
    monkeypatch.setattr(pattern_store, "_readings", {})
    source = r"\b(?:shell(?:ed|ing)|air ?strikes?)\b"
    made = prefixes.necessary_prefixes(re.compile(source, re.I), 4)
    for cache in home_cache._caches.values():
        cache.save()
    monkeypatch.setattr(home_cache, "_caches", {})
    monkeypatch.setattr(pattern_store, "_readings", {})
    monkeypatch.setattr(prefixes, "_sequence", lambda *args: pytest.fail("read from its parse tree again"))
    assert prefixes.necessary_prefixes(re.compile(source, re.I), 4) == made
    with pytest.raises(re.error):
        prefixes.necessary_prefixes("(unclosed")

"""The words a cue or mood pattern needs anywhere in a sentence: read from its parse tree, every match holds
them, so a sentence without them is never tried and nothing it would have found is lost."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.extract.cues import cue_table
from sitrep.extract.mood_table import mood_cues, mood_patterns
from sitrep.extract.prefixes import WORD_START, fold, necessary_prefixes
from sitrep.extract.required_words import RequiredWords, gate_words, required_words, spans_words


@pytest.mark.parametrize(
    "pattern, words",
    [
        (r"(?:killed|shot) (?:\w+ ){0,3}?(?:civilians?|people)", {("civilian", "people"), ("killed", "shot")}),
        (r"sit-?ins?", {("sit",)}),  # "-" may be missing: "sit" and "in" are apart, and "in" is too short
        (r"(?-i:IS) fighters", {("is fighters",)}),  # a case-sensitive part is folded like the rest
        (r"a(?:bc)+de", set()),  # runs shorter than three letters are in every sentence
        (r"x(?:yyy)?zzz", {("zzz",)}),  # an optional part is not needed
        (r"(?<=before )after", {("after",)}),  # nor what a lookbehind looks at
        (r"é\w+ killed", {(" killed",)}),  # a run outside ASCII is not asked for
        (r"\d+ killed", {(" killed",)}),
        (r"(?:shelling|air ?strikes?)", {("shelling", "strike")}),  # a branch: one string of each alternative
        (r"shell|\w+ed", set()),  # an alternative that needs nothing: the branch needs nothing
        (r"(?:heavy ){1,2}shelling", {("heavy ",), ("shelling",)}),  # a body repeated at least once
        (r"[Kk]illed", {("illed",)}),
        (r"KILLED\s+TWO", {("killed",), ("two",)}),  # folded: any case of the text
    ],
)
def test_required_words_are_what_every_match_holds(pattern, words):
    assert set(required_words(pattern)) == words


def test_the_likeliest_missing_words_come_first():
    assert required_words(r"(?:the|a)\s+(?:\w+ )?(?:shelled|bombarded) (?:\w+ )?hospital")[0] == ("hospital",)


def test_a_pattern_is_gated_only_where_it_spans_words_and_by_words_its_prefixes_do_not_promise():
    spanning = r"(?<![\w-])(?:killed (?:[\w,-]+ ){0,5}?(?:soldiers?|troops))(?![\w-])"
    assert spans_words(spanning) and not spans_words(r"(?<![\w-])(?:air ?strikes?|clash(?:es)?)(?![\w-])")
    assert gate_words(spanning, necessary_prefixes(spanning, 8)) == ("soldier", "troops")
    assert gate_words(r"killed (?:\w+ )?by", frozenset({WORD_START + "killed "})) == ()  # "by" is too short
    assert gate_words(r"clash(?:es)? \w+", necessary_prefixes(r"clash(?:es)? \w+", 8)) == ()  # promised: "clash"


def test_a_sentence_without_a_needed_word_is_not_admitted():
    sources = [r"killed (?:\w+ ){0,3}?(?:civilians?|people)", r"shell(?:ing|ed)"]
    table = RequiredWords(sources, [necessary_prefixes(s, 8) for s in sources])
    candidates = [(0, [9]), (1, [0])]
    assert table.admitted(candidates, fold("Shelling KILLED three PEOPLE")) == candidates
    # the second spans no words: it is tried wherever its prefix begins
    assert table.admitted(candidates, fold("Shelling killed three")) == [(1, [0])]
    assert table.of(0) == ("civilian", "people")


def _tables() -> list[tuple[str, str, RequiredWords, int]]:
    """(where, pattern as searched, its table's gate, its index) of every cue and mood pattern in resources/."""
    table = cue_table()
    cues = [(f"cue {c.id}", table.patterns.sources[i], table.required, i) for i, c in enumerate(table.cues)]
    moods = mood_patterns()
    from sitrep.extract.mood_table import mood_required_words

    gate = mood_required_words()
    return cues + [(f"mood {c.id}", moods.sources[i], gate, i) for i, c in enumerate(mood_cues()[0])]


TABLES = _tables()


def _examples() -> list[str]:
    cues = list(cue_table().cues) + list(mood_cues()[0])
    texts = [c.example for c in cues] + [c.counter_example for c in cues if c.counter_example]
    return texts + [t.upper() for t in texts]


def test_no_example_sentence_a_pattern_matches_is_kept_from_it():
    for text in _examples():
        folded = fold(text)
        for where, source, gate, index in TABLES:
            if re.search(source, text, re.I):
                assert gate.admitted([(index, None)], folded), (where, text)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.data())
def test_every_string_a_resource_pattern_matches_holds_its_required_words(data):
    where, source, _, _ = data.draw(st.sampled_from(TABLES))
    pattern = re.compile(source, re.I)
    match = data.draw(st.from_regex(pattern).map(pattern.search).filter(bool))
    folded = fold(match.string[match.start() : match.end()])  # the match alone: the words lie inside it
    for words in required_words(source):
        assert any(word in folded for word in words), (where, match.group(), words)

import re

import pytest

from sitrep.alternation import PhraseMatcher, leading_words


def _names(matcher: PhraseMatcher, text: str) -> list[str]:
    return [text[start:end] for start, end in matcher.spans(text)]


def _loose(name: str) -> str:
    body = re.escape(name).replace(r"\ ", r"\s+")
    return body if name.isupper() else f"(?i:{body})"


def test_the_first_listed_phrase_that_matches_at_a_position_wins():
    matcher = PhraseMatcher(["Free Syrian Army", "FSA", "Free"], _loose)
    assert _names(matcher, "the free Syrian army and the FSA; Free men") == ["free Syrian army", "FSA", "Free"]


def test_a_phrase_matches_whole_words_only():
    matcher = PhraseMatcher(["IS", "Homs"], _loose)
    text = "ISIS fighters left Homsi villages; IS-held areas; IS fighters reached Homs."
    assert _names(matcher, text) == ["IS", "Homs"]


def test_acronyms_keep_their_case():
    matcher = PhraseMatcher(["IS"], _loose)
    assert _names(matcher, "it is what IS did") == ["IS"]


def test_the_article_joins_a_mention_only_when_a_phrase_follows_it():
    matcher = PhraseMatcher(["regime forces", "the Levant Front"], _loose, article="the")
    text = "the regime forces met the Levant Front; The regime forces"
    assert _names(matcher, text) == ["the regime forces", "the Levant Front", "regime forces"]


def test_phrases_sharing_their_first_words_are_told_apart_by_what_follows():
    names = ["Turkish armed forces", "Turkish forces", "Turkish jets", "Turkish"]
    matcher = PhraseMatcher(names, _loose)
    text = "Turkish  jets and Turkish\nforces, Turkish armed forces and a Turkish convoy"
    assert _names(matcher, text) == ["Turkish  jets", "Turkish\nforces", "Turkish armed forces", "Turkish"]


def test_it_finds_what_the_alternation_of_its_phrases_finds():
    names = ["Syrian Arab Army", "Syrian army", "Syrian", "SAA", "U.S. forces", "US", "Hay'at Tahrir al-Sham", "HTS"]
    names.sort(key=len, reverse=True)
    alternation = re.compile(rf"(?<![\w-])(?:the\s+)?(?:{'|'.join(_loose(n) for n in names)})(?![\w-])")
    matcher = PhraseMatcher(names, _loose, article="the")
    text = (
        "The Syrian army and the SAA, backed by U.S. forces and US-made arms, fought Hay'at Tahrir al-Sham (HTS); "
        "the Syrians and the syrian arab army; pro-Syrian units, HTS's men, US. the U.S. forces-led push."
    )
    assert list(matcher.spans(text)) == [m.span() for m in alternation.finditer(text)]


def test_a_phrase_must_begin_with_a_word():
    assert leading_words("Hay'at Tahrir al-Sham") == ("hay", "at")
    assert leading_words("Hezbollah") == ("hezbollah", "")
    with pytest.raises(ValueError):
        PhraseMatcher(["(unnamed)"], _loose)


def test_ascii_text_finds_what_the_word_by_word_look_up_finds():
    # one regex of the opening words serves ASCII text; any other text is read word by word: the same spans
    names = ["regime forces", "the Levant Front", "Free Syrian Army", "FSA", "IS", "Homs"]
    matcher = PhraseMatcher(names, _loose, article="the")
    text = "The regime forces, the Levant Front and the FSA met; anti-IS ISIS men left the free syrian army in Homs."
    ascii_spans = list(matcher.spans(text))
    assert list(matcher.spans(text + " ü")) == ascii_spans
    assert [text[a:b] for a, b in ascii_spans] == [
        "regime forces",
        "the Levant Front",
        "the FSA",
        "the free syrian army",
        "Homs",
    ]

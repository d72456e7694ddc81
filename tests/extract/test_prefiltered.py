"""Prefiltered patterns: checked for their required words first and, when case-insensitive, searched in
lowered ASCII text without the flag; every method finds exactly what the plain pattern finds."""

import random
import re

import pytest

from sitrep.extract import claims, dates, quantities
from sitrep.extract.prefiltered import DIGIT, AnyOf, Prefiltered, caseless
from sitrep.extract.single_victims import single_victim_pattern


def _required_words(source: str, flags: int = re.I) -> frozenset[str] | None:
    return Prefiltered(re.compile(source, flags)).required


@pytest.mark.parametrize(
    "source, words",
    [
        (r"\b(?:two|three|a)\s+days?\s+(?:later|earlier)\b", {"later", "earlier"}),
        (r"\bthe (?:next|following) day\b", {"next", "following"}),  # rarer than "the " or " day"
        (r"(?<![\w-])(?:killed|shot\s+dead)(?![\w-])", {"killed", "shot"}),  # of equals, the first
        (r"\d+\s+killed", {"killed"}),
        (r"\d+", {DIGIT}),
        (r"(?:19|20)\d\d", {"19", "20"}),
        (r"(?:at least\s+)?(?P<n>\d+)", {DIGIT}),
        (r"x(?:abc)?", {"x"}),
        (r"(?:abc)?", None),  # nothing is required: it matches everywhere
        (r"\w+ed|dead", {"ed", "dead"}),
        (r"\w+|dead", None),  # one branch requires no literal
        (r"(?:abc){2,3}", {"abc"}),
    ],
)
def test_required_words_are_what_every_match_contains(source, words):
    assert _required_words(source) == (frozenset(words) if words is not None else None)


def test_no_twin_is_built_where_lowering_the_text_could_change_a_match():
    for source in (r"IS\b", r"(?-i:is)\b", "\u212aurds", r"[A-Z]+s", r"[^A]x"):
        assert Prefiltered(re.compile(source, re.I))._lowered is None, source
    assert Prefiltered(re.compile(r"[a-z]+s\b", re.I))._lowered is not None


def test_a_case_sensitive_part_still_matches_as_the_plain_pattern_does():
    pattern = re.compile(r"\b(?-i:IS)\b|\bkilled\b", re.I)
    prefiltered = Prefiltered(pattern)
    text = "IS said is Killed and KILLED"
    assert [m.span() for m in prefiltered.finditer(text)] == [m.span() for m in pattern.finditer(text)]
    assert [m.group(0) for m in prefiltered.finditer(text)] == ["IS", "Killed", "KILLED"]


def test_groups_read_the_original_text():
    found = caseless(r"according to (?P<who>\w+ \w+)").search("Fighting, According To The Observatory")
    assert found is not None and found["who"] == "The Observatory" and found.string.startswith("Fighting")


def test_a_text_without_the_required_words_cannot_match_and_one_outside_ascii_is_searched_as_it_is():
    killed = caseless(r"\bkilled\b")
    assert not killed.may_match("Two soldiers were wounded")
    assert killed.may_match("Two soldiers were KILLED")
    assert killed.may_match("Deux soldats tu\u00e9s")  # not ASCII: no shortcut is taken
    # the Kelvin sign and the long s match k and s under IGNORECASE: outside ASCII, found as before
    assert caseless(r"\bkurds\b").search("\u212aurd\u017f") is not None


def test_the_required_words_lie_between_pos_and_endpos():
    total = caseless(r"\btoll\b[^.;]{0,40}?\brose to\s*$")
    text = "The toll rose to 40, the ministry said"
    assert total.search(text, 0, 17) is not None
    assert total.search(text, 5, 17) is None  # "toll" is cut off: no search needed


def test_any_of_several_patterns():
    gate = AnyOf([caseless(r"\bago\b"), caseless(r"\byesterday\b")])
    assert gate.may_match("Three days AGO") and gate.may_match("Yesterday, a shell fell")
    assert not gate.may_match("On Monday a shell fell")
    assert AnyOf([caseless(r"\bago\b"), caseless(r"\w+")]).may_match("nothing")  # no words: may match anywhere


def _project_patterns() -> list[re.Pattern]:
    patterns = [quantities.grammar().pattern.pattern, single_victim_pattern()]
    g = claims.grammar()
    patterns += [p.pattern for _, p in (*g.kinds, *g.totals)]
    patterns += [g.material.pattern, g.not_victims.pattern, g.reporting_verb.pattern, g.according_to.pattern]
    patterns += [claims.SUBJECT.pattern, claims.ACTIVE_OBJECT.pattern, claims.NEGATED.pattern]
    patterns += [v.pattern for v in vars(dates).values() if isinstance(v, Prefiltered)]
    patterns += [p.pattern for p, _, _ in dates.RELATIVE_DAYS]
    return patterns


WORDS = (
    "at least 12 two-three between 5 and 9 dozens of some a few several hundred killed killing shot dead wounded "
    "injuring a civilian the guard was killed another was hurt a detainee died under torture the toll rose to "
    "according to the Observatory monitor said that on Monday last week 3 days ago yesterday since July 4 "
    "in May 2014 of 2015 the next day two days later tonight this month over the past two weeks"
).split()
ODD = ["\t", "\u00a0", "\u212a", "\u017f", "\u0130", "\u0131", "\u2013", "\u2019", ",", ".", ";", "-", "  "]


def _sentences(count: int) -> list[str]:
    """Sentences of the patterns' own words, in any case, with odd white space and the letters that
    IGNORECASE takes for ASCII ones now and then."""
    rng = random.Random(14)
    out = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 12))]
        words = [w.upper() if rng.random() < 0.2 else w.title() if rng.random() < 0.2 else w for w in words]
        text = " ".join(words)
        if rng.random() < 0.2:
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(ODD) + text[at:]
        out.append(text)
    return out


def test_every_method_finds_what_the_plain_pattern_finds():
    texts = _sentences(400)
    for pattern in _project_patterns():
        prefiltered = Prefiltered(pattern)
        for text in texts:
            assert [(m.span(), m.groups()) for m in prefiltered.finditer(text)] == [
                (m.span(), m.groups()) for m in pattern.finditer(text)
            ], (pattern.pattern, text)
            everywhere = list(range(len(text) + 1))  # every position a match may begin at, and more
            assert [(m.span(), m.groups()) for m in prefiltered.finditer_at(text, everywhere)] == [
                (m.span(), m.groups()) for m in pattern.finditer(text)
            ], (pattern.pattern, text)
            # the twin's matches of the lowered text: the same spans, the groups lowered where it searched
            assert [
                (m.span(), [g and g.lower() for g in m.groups()]) for m in prefiltered.spans_at(text, everywhere)
            ] == [(m.span(), [g and g.lower() for g in m.groups()]) for m in pattern.finditer(text)], (
                pattern.pattern,
                text,
            )
            middle = len(text) // 2
            for method in ("search", "match", "fullmatch"):
                for pos, endpos in ((0, len(text)), (middle, len(text)), (0, middle)):
                    got = getattr(prefiltered, method)(text, pos, endpos)
                    want = getattr(pattern, method)(text, pos, endpos)
                    assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))
            if prefiltered.required is not None and not prefiltered.may_match(text):
                assert pattern.search(text) is None

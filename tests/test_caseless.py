"""CaselessAny tells what the case-insensitive alternation of its patterns tells, in any text."""

import random
import re

import pytest

from sitrep.caseless import CaselessAny, lowerable
from sitrep.geo.matcher import metonymy_patterns
from sitrep.geo.regions import near_patterns
from sitrep.ingest.boilerplate import _link_list, _patterns
from sitrep.resource_files import load_yaml


@pytest.mark.parametrize(
    "source, expected",
    [
        (r"\bnear\s+(?:the\s+)?$", True),
        (r"[a-z]+ed\b", True),
        (r"[^a-z]x", True),
        (r"\bTV\b", False),  # an upper-case letter: lowered text holds none
        (r"\S+", False),  # \S is no lower-case \s
        (r"(?-i:abd)", False),  # its own flags
        (r"\x41", False),  # "A" given by its code
        (r"(\w)\1", False),  # a back-reference
        ("\u212aurds", False),  # the Kelvin sign is a k under re.IGNORECASE
        ("(©|copyright)", False),
    ],
)
def test_only_patterns_that_match_lowered_ascii_alike_are_lowered(source, expected):
    assert lowerable(source) is expected


SOURCES = [
    r"\bnear\s+(?:the\s+)?$",
    r"\baccording to\s+$",
    r"(?:pro|anti)[- ]$",
    r"(?-i:\b(?:Abu|Abd)\s+$)",
    r"\b(?:General|Colonel)\s+(?-i:[A-Z][a-z]+\s+)?$",
    r"^\s+(?:said|says)\b",
    r"^\s*\((?:AFP|Reuters)\)",
    r"\bshare this (?:article|post)\b",
    r"^\s*(©|\(c\)|copyright)\b",
    r"[^a-z]km\b",
]
WORDS = "near the according to pro- anti Abu abd General colonel Ali said says (AFP) (reuters) share this post © (c) copyright km".split()
ODD = ["", " ", "\t", "\n", "-", ".", "\u212a", "\u017f", "\u0130", "\u0131", "\u2019", "é"]


def _texts(count: int) -> list[str]:
    rng = random.Random(7)
    texts = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(0, 6))]
        words = [w.upper() if rng.random() < 0.2 else w.title() if rng.random() < 0.2 else w for w in words]
        text = rng.choice(ODD).join(words) + rng.choice(["", " ", "  "])
        at = rng.randrange(len(text) + 1)
        texts.append(text[:at] + rng.choice(ODD) + text[at:])
    return texts


def test_search_match_and_start_are_those_of_the_case_insensitive_alternation():
    texts = _texts(3000)
    for count in range(1, len(SOURCES) + 1):
        sources = SOURCES[:count]
        caseless = CaselessAny(sources, re.M)
        plain = re.compile("|".join(sources), re.I | re.M)
        for text in texts:
            found = plain.search(text)
            assert caseless.search(text) is (found is not None), (sources, text)
            assert caseless.start(text) == (found.start() if found else None), (sources, text)
            assert caseless.match(text) is (plain.match(text) is not None), (sources, text)
    assert sum(CaselessAny(SOURCES).search(t) for t in texts) > len(texts) // 10  # the texts do hold matches


def test_no_pattern_matches_nowhere():
    nothing = CaselessAny([])
    assert not nothing.search("Please support us") and not nothing.match("") and nothing.start("é") is None


def _resource_texts(words: list[str], count: int) -> list[str]:
    rng = random.Random(11)
    out = []
    for _ in range(count):
        picked = [rng.choice(words) for _ in range(rng.randint(1, 5))]
        picked = [w.upper() if rng.random() < 0.3 else w.title() if rng.random() < 0.3 else w for w in picked]
        out.append(" ".join(picked) + rng.choice(["", " ", "  ", "-"]) + rng.choice(["", "\u212a", "\u2019"]))
    return out


def test_the_resources_cues_are_found_as_their_case_insensitive_patterns_find_them():
    spec = load_yaml("place_metonymy.yaml")
    near_before = near_patterns()[0]
    boilerplate = load_yaml("boilerplate.yaml")
    checks = [
        (metonymy_patterns()[0], spec["before"], 0),
        (metonymy_patterns()[1], spec["after"], 0),
        (_patterns()[0], boilerplate["strong"], re.M),
        (_patterns()[1], boilerplate["short"], re.M),
        (_link_list(), [boilerplate["link_list"]], 0),
    ]
    words = re.findall(r"[A-Za-z]+|[-:|(),.]", " ".join(str(v) for v in [*spec.values(), *boilerplate.values()]))
    texts = _resource_texts(words, 4000)
    for caseless, sources, flags in checks:
        plain = re.compile("|".join(sources), re.I | flags)
        for text in texts:
            assert caseless.search(text) is (plain.search(text) is not None), (sources[0], text)
            assert caseless.match(text) is (plain.match(text) is not None), (sources[0], text)
    assert any(near_before.search(f"{t} ") for t in ("shelling near", "2 km north of the"))

"""Regional expressions ("eastern Homs", "Idlib countryside", "the eastern bank of the Euphrates")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..alternation import longest_of
from ..caseless import CaselessAny
from ..pattern_store import regex
from ..resource_files import load_yaml
from .gazetteer import admin1_rows


@dataclass(frozen=True, slots=True)
class RegionMention:
    start: int
    end: int
    country: str
    admin1: str
    seat: str
    also_in: tuple[str, ...] = ()  # other admin1s a vague region spans ("northern Syria")


@cache
def _spec() -> dict:
    return load_yaml("regions.yaml")


def _alternation(words) -> str:
    separator = "\x00"  # spaces and hyphens are interchangeable in these names ("Deir ez-Zor", "Deir ez Zor")
    spellings = (
        re.escape(w)
        .replace(r"\ ", separator)
        .replace(" ", separator)
        .replace(r"\-", separator)
        .replace(separator, "[- ]?")
        for w in words
    )
    return "|".join(sorted(spellings, key=len, reverse=True))


def _spelling_key(name: str) -> str:
    return re.sub(r"[- ]+", " ", name.lower())


WINDOW = 40  # characters around an admin1 name where a regional expression can start or end


def _scanned(text: str, countries: tuple[str, ...]) -> tuple[str, bool]:
    """The text the region patterns scan and whether it is the lowered one: ASCII text lowered, read by
    lower-case patterns without re.I (twice as fast, the same matches: ASCII letters are equal under re.I
    exactly when their lower cases are, and every word of the patterns is ASCII), else the text itself."""
    if text.isascii() and _ascii_words(countries):
        return text.lower(), True
    return text, False


@cache
def _ascii_words(countries: tuple[str, ...]) -> bool:
    """Whether every word the region patterns of these countries are made of is ASCII (then their lowered
    form is exact)."""
    spec = _spec()
    words = [*spec["directions"], *spec["admin_suffixes"], *spec["admin_prefixes"]]
    words += [name for region in spec["named"] for name in region["names"]]
    words += [spelling for country in countries for spelling in _admin_spellings(country)]
    return all(word.isascii() for word in words)


def _cased(words, lowered: bool) -> list[str]:
    return [w.lower() for w in words] if lowered else list(words)


@cache
def _admin_spellings(country: str) -> dict[str, dict[str, str]]:
    """Every spelling of a country's admin1s (its spelling key) → the admin1's row."""
    by_spelling: dict[str, dict[str, str]] = {}
    for row in admin1_rows(country):
        for spelling in [row["name"], *row["aliases"].split("|")]:
            by_spelling.setdefault(_spelling_key(spelling), row)
    return by_spelling


@cache
def _admin_name_pattern(country: str, lowered: bool = False) -> re.Pattern:
    """The bare admin1 spellings: cheap to scan, and every regional expression contains one."""
    _, by_spelling = _admin_pattern(country, lowered)
    gate = _prefix_gate(by_spelling)
    return regex(rf"\b(?={gate})(?:{_alternation(by_spelling)})(?=s?\b)", 0 if lowered else re.I)


def _prefix_gate(words) -> str:
    """A regex, for a lookahead, that matches where one of `words` may begin: their leading letters and
    digits (up to the first space, hyphen or other sign, which the spellings may write otherwise) as a
    trie, so that a position is ruled out in a few steps instead of one per word. A start that extends a
    shorter one admits nothing more, so only the shortest are kept."""
    shortest: list[str] = []
    for start in sorted({NOT_ALNUM.split(word, maxsplit=1)[0] for word in words}):
        if not shortest or not start.startswith(shortest[-1]):
            shortest.append(start)
    return longest_of(set(shortest))


NOT_ALNUM = re.compile(r"[\W_]")


@cache
def _admin_pattern(country: str, lowered: bool = False) -> tuple[re.Pattern, dict[str, dict[str, str]]]:
    """One pattern for every admin1 of a country; the spelling it matched tells which admin1. Lowered: in
    lower case, without re.I, for lowered ASCII text (see _scanned)."""
    spec = _spec()
    directions = _alternation(_cased(spec["directions"], lowered))
    suffixes = _alternation(_cased(spec["admin_suffixes"], lowered))
    prefixes = _alternation(_cased(spec["admin_prefixes"], lowered))
    by_spelling = _admin_spellings(country)
    names = _alternation(by_spelling)  # spelling keys are lower case
    article = r"(?:(?:al|el|ad|as|ar|ash)[- ])?"
    pattern = regex(
        rf"\b(?:(?:{directions})\s+{article}(?P<a>{names})(?:['’]?s)?\b(?!\s+city)(?P<s>\s+(?:{suffixes})\b)?"
        rf"|{article}(?P<b>{names})(?:['’]?s)?\s+(?:(?:{directions})\s+)?(?:{suffixes})\b"
        rf"|(?:(?:{directions})\s+)?(?:{suffixes})\s+of\s+{article}(?P<c>{names})\b"  # "western countryside of Raqqa"
        rf"|\bthe\s+(?:{directions})\s+of\s+{article}(?P<e>{names})\b"  # "in the north of Aleppo"
        rf"|(?:{prefixes})\s+{article}(?P<f>{names})\b(?!\s+city)"  # "rural Homs"
        rf"|(?<=\()\s*(?P<d>{names})\s*(?=\)))",  # ACLED notes: "Ash Shuhayl (Deir-ez-Zor)"
        0 if lowered else re.I,
    )
    return pattern, by_spelling


def _countryside_row(country: str, row: dict[str, str], by_spelling: dict[str, dict[str, str]]) -> dict[str, str]:
    """The admin1 a governorate's countryside lies in: a capital's own governorate is only its city
    ("the countryside of Damascus" is Rural Damascus)."""
    other = _spec()["countryside_of"].get(country, {}).get(row["name"])
    return by_spelling[_spelling_key(other)] if other else row


@cache
def _coordinated_pattern(country: str, lowered: bool = False) -> re.Pattern:
    """What follows the first admin1 of a list that shares one suffix: "… and Aleppo provinces"."""
    spec = _spec()
    _, by_spelling = _admin_pattern(country, lowered)
    names, suffixes = _alternation(by_spelling), _alternation(_cased(spec["admin_suffixes"], lowered))
    name = rf"(?:(?:al|el|ad|as|ar|ash)[- ])?(?:{names})(?:['’]?s)?"
    joint = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
    flags = 0 if lowered else re.I
    return regex(rf"{joint}(?:{name}{joint}){{0,20}}{name}\s+(?:{suffixes})\b", flags)  # bounded: linear


@cache
def _named_pattern(lowered: bool = False) -> re.Pattern:
    """One pattern for all named regions; group n<i> is the i-th region of regions.yaml."""
    named = _spec()["named"]
    groups = (f"(?P<n{i}>{_alternation(_cased(r['names'], lowered))})" for i, r in enumerate(named))
    gate = _prefix_gate(_cased((n for r in named for n in r["names"]), lowered))
    return regex(rf"\b(?=the\s|{gate})(?:the\s+(?={gate}))?(?:{'|'.join(groups)})\b", 0 if lowered else re.I)


WORD_START = re.compile(r"\b\w")


def _expressions_around(pattern: re.Pattern, text: str, at: int, window_end: int) -> Iterator[re.Match]:
    """The regional expressions that hold the admin1 name at `at`: each begins at a word at most WINDOW
    characters before it (trying only there, not at every character of the window)."""
    for word in WORD_START.finditer(text, max(0, at - WINDOW), at + 1):
        match = pattern.match(text, word.start(), window_end)
        if match and match.start() <= at < match.end():
            yield match


def find_regions(text: str, countries: tuple[str, ...] = ("SY",)) -> list[RegionMention]:
    """Region-level mentions in text, longest first where they overlap."""
    found = []
    named = _spec()["named"]
    text, lowered = _scanned(text, countries)
    for match in _named_pattern(lowered).finditer(text):
        region = named[int((match.lastgroup or "n")[1:])]
        if region["country"] in countries:
            found.append(
                RegionMention(
                    match.start(),
                    match.end(),
                    region["country"],
                    region["admin1"],
                    region["seat"],
                    tuple(region.get("also_in", ())),
                )
            )
    for country in countries:
        pattern, by_spelling = _admin_pattern(country, lowered)
        seen: set[int] = set()
        for name in _admin_name_pattern(country, lowered).finditer(text):
            window_end = min(len(text), name.end() + WINDOW)
            for match in _expressions_around(pattern, text, name.start(), window_end):
                if match.start() in seen:
                    continue
                seen.add(match.start())
                spelling = match["a"] or match["b"] or match["c"] or match["d"] or match["e"] or match["f"]
                row = by_spelling[_spelling_key(spelling)]
                if match["s"] or match["b"] or match["c"] or match["f"]:
                    row = _countryside_row(country, row, by_spelling)
                found.append(RegionMention(match.start(), match.end(), country, row["name"], row["seat"]))
            if _coordinated_pattern(country, lowered).match(text, name.end()):  # "the Idlib and Aleppo provinces"
                row = _countryside_row(country, by_spelling[_spelling_key(name.group(0))], by_spelling)
                found.append(RegionMention(name.start(), name.end(), country, row["name"], row["seat"]))
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[RegionMention] = []
    for region in found:
        if not kept or region.start >= kept[-1].end:
            kept.append(region)
    return kept


@cache
def near_patterns() -> tuple[CaselessAny, re.Pattern]:
    """Cues before and after a town that make its mention approximate (ACLED precision 2): the first is
    searched in the text right before the town, the second matched at its end."""
    spec = _spec()
    before = CaselessAny(
        [
            rf"(?:\b(?:{'|'.join(spec['near_before'])}))\s+(?:the\s+)?(?:(?:town|village|city|"
            rf"area|outskirts) of\s+)?$"
        ]
    )
    after = regex(rf"^(?:['’]?s)?\s*(?:{'|'.join(re.escape(w) for w in spec['near_after'])})\b", re.I)
    return before, after

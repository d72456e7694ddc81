"""Counted amounts in text: digits and words, vague amounts, quantifiers and ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..pattern_store import regex
from ..resource_files import load_yaml
from .prefiltered import Prefiltered


@dataclass(frozen=True, slots=True)
class Quantity:
    value: int
    value_high: int | None
    quantifier: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class QuantityGrammar:
    pattern: Prefiltered
    words: dict[str, int]
    vague: dict[str, tuple[int, str]]
    not_counting: Prefiltered
    quantifiers: dict[str, str]


def alternation(phrases) -> str:
    """A regex alternation of phrases, longest first, any white space between their words."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


@cache
def grammar() -> QuantityGrammar:
    spec = load_yaml("quantities.yaml")
    words = {k.lower(): int(v) for k, v in spec["words"].items()}
    vague = {k.lower(): (int(v[0]), v[1]) for k, v in spec["vague"].items()}
    quantifiers = {k.lower(): v for k, v in spec["quantifiers"].items()}
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    number = (
        rf"\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{tens})[- ](?:one|two|three|four|five|six|seven|eight|nine)|"
        rf"{alternation(w for w in words if w not in ('a', 'an'))}"
    )
    pattern = regex(
        rf"(?<![\w-])(?:(?P<quant>{alternation(quantifiers)})\s+)?"
        rf"(?:between\s+(?P<low>{number})\s+and\s+(?P<high2>{number})"
        rf"|(?P<num>{number})(?:\s*(?:-|–|to|or)\s*(?P<high>{number}))?(?:\s+hundred)?"
        rf"|(?P<vague>{alternation(vague)}))(?![\w-])",
        re.I,
    )
    not_counting = regex(rf"\s+(?:{alternation(spec.get('not_counting', ()))})\b", re.I)
    return QuantityGrammar(Prefiltered(pattern), words, vague, Prefiltered(not_counting), quantifiers)


def number_value(text: str) -> int | None:
    text = text.lower().replace(",", "").strip()
    if text.isdigit():
        return int(text) if len(text) <= 100 else None  # a run of a hundred digits is no count (nor int()-able)
    words = grammar().words
    if text in words:
        return words[text]
    parts = NUMBER_PARTS.split(text)
    if len(parts) == 2 and parts[0] in words and parts[1] in words:
        return words[parts[0]] + words[parts[1]]
    return None


def find_quantities(text: str, starts: list[int] | None = None, lowered: str | None = None) -> list[Quantity]:
    """Every amount in a text, in order, with its quantifier ('exact' when none). `starts`: every position
    where an amount can begin, as a scan for the prefixes of `grammar().pattern` tells them (None: anywhere);
    `lowered`: the text lowered, where the caller has it."""
    g = grammar()
    found = []
    value: int | None
    # what is read of a match is its span and its words in lower case: it may be a match of the lowered text
    matches = g.pattern.finditer(text) if starts is None else g.pattern.spans_at(text, starts, lowered)
    for match in matches:
        quantifier = g.quantifiers.get(_norm(match["quant"]), "exact") if match["quant"] else "exact"
        if match["vague"]:
            if g.not_counting.match(text, match.end()):
                continue
            value, vague_kind = g.vague[_norm(match["vague"])]
            found.append(
                Quantity(value, None, vague_kind if quantifier == "exact" else quantifier, match.start(), match.end())
            )
            continue
        low_text = match["low"] or match["num"]
        high_text = match["high2"] or match["high"]
        value = number_value(low_text)
        if value is None or _not_a_count(text, match, value):
            continue
        if match.group(0).lower().endswith("hundred") and value < 100:
            value *= 100
        high = number_value(high_text) if high_text else None
        if high is not None and high > value:
            found.append(
                Quantity(value, high, "range" if quantifier == "exact" else quantifier, match.start(), match.end())
            )
        else:
            found.append(Quantity(value, None, quantifier, match.start(), match.end()))
    return found


def _norm(phrase: str) -> str:
    return SPACES.sub(" ", phrase.lower())


SPACES = re.compile(r"\s+")
NUMBER_PARTS = re.compile(r"[- ]")  # "twenty-one", "twenty one"


MONTHS = Prefiltered(re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$", re.I))
NEXT_NUMBER = re.compile(r"\s+\d")
ORDINAL_OR_MONTH_AFTER = Prefiltered(
    re.compile(r"\s*(?:st|nd|rd|th)\b|\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
)
UNIT_AFTER = Prefiltered(
    re.compile(r"\s*(?:km|kilomet|mile|percent|%|years?|days?|hours?|am|pm|a\.m|p\.m|o.clock|th)\b", re.I)
)


def _not_a_count(text: str, match: re.Match, value: int) -> bool:
    """A year, a date, a distance, an age or a time; or a number right before another one, which is a time
    stamp or a reference ("Sat Feb 28 2015 190703 35 dead": 35 died)."""
    digits = match["num"] is not None and match["num"].isdigit()
    if 1900 <= value <= 2100 and digits:
        return True
    before = text[max(0, match.start() - 12) : match.start()]
    after = text[match.end() : match.end() + 12]
    return (
        (digits and NEXT_NUMBER.match(after) is not None)
        or MONTHS.search(before) is not None
        or ORDINAL_OR_MONTH_AFTER.match(after) is not None
        or UNIT_AFTER.match(after) is not None
    )

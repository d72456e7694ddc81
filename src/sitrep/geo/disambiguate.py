"""Choose one gazetteer entry per mention from the whole document's evidence."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from math import asin, cos, sin, sqrt

from rapidfuzz import fuzz
from unidecode import unidecode

from .gazetteer import GazetteerEntry

DEFAULT_FOCUS_SHARE = 0.4  # the default focus holds unless another country has 2.5 times its votes
MAX_NAMED_VOTES = 3  # "Syria" said ten times is no more a Syrian text than said three times
SAME_PLACE_KM = 10  # candidates this close to the chosen one are the same place in another source
LEARNED_WEIGHT = 0.25  # a place coded events were located at before
LEARNED_SPELLING_SLACK = 0.05  # written this much less like the name than the likest candidate is still as alike
FEATURE_PREFERENCE = {"P": 1.0, "A": 0.6, "L": 0.4, "T": 0.3, "H": 0.2, "S": 0.2}


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the document says about where it is: its country focus, admin1 regions, anchor points."""

    country: str | None
    admin1: Counter
    anchors: tuple[tuple[float, float], ...]
    small_anchors: tuple[tuple[float, float], ...] = ()  # those of places smaller than a city


RADIANS_PER_DEGREE = math.pi / 180
KM_PER_DEGREE_AT_LEAST = 111.0  # a degree of latitude on km()'s sphere is 111.19 km, whatever the longitude


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle distance between two (latitude, longitude) points in km (haversine)."""
    p = RADIANS_PER_DEGREE
    h = sin((b[0] - a[0]) * p / 2) ** 2 + cos(a[0] * p) * cos(b[0] * p) * sin((b[1] - a[1]) * p / 2) ** 2
    return 12742 * asin(sqrt(min(1.0, h)))


def within_km(a: tuple[float, float], b: tuple[float, float], limit: float) -> bool:
    """km(a, b) <= limit, with no trigonometry for points whose latitudes alone lie farther apart."""
    return abs(b[0] - a[0]) * KM_PER_DEGREE_AT_LEAST <= limit and km(a, b) <= limit


def beyond_km(a: tuple[float, float], b: tuple[float, float], limit: float) -> bool:
    """km(a, b) > limit, with no trigonometry for points whose latitudes alone lie farther apart."""
    return abs(b[0] - a[0]) * KM_PER_DEGREE_AT_LEAST > limit or km(a, b) > limit


def nearest_km(point: tuple[float, float], others: Sequence[tuple[float, float]]) -> float:
    """min(km(point, other) for other in others), skipping the others whose latitude alone lies farther
    than the nearest so far (inf for none)."""
    nearest = math.inf
    for other in others:
        if abs(other[0] - point[0]) * KM_PER_DEGREE_AT_LEAST < nearest:
            distance = km(point, other)
            if distance < nearest:
                nearest = distance
    return nearest


def infer_country(
    candidate_lists: Sequence[Sequence[GazetteerEntry]],
    default: str | None = "SY",
    regions: Sequence = (),
    named: Counter | None = None,
) -> str | None:
    """The country most mentions can belong to; the default breaks ties and empty documents.
    A regional expression ("eastern Homs") is strong evidence: it counts twice. `named` counts the
    countries the text names ("Syria", "Syrian"): each mention is a vote, up to MAX_NAMED_VOTES."""
    votes: dict[str, float] = {country: min(count, MAX_NAMED_VOTES) for country, count in (named or {}).items()}
    for region in regions:
        votes[region.country] = votes.get(region.country, 0) + 2
    for candidates in candidate_lists:
        countries = sorted({c.country or "" for c in candidates})
        for country in countries:
            votes[country] = votes.get(country, 0) + 1 / len(countries)
    if not votes:
        return default
    best, score = max(votes.items(), key=lambda kv: (kv[1], kv[0]))  # ties broken by name: reproducible
    return default if default in votes and votes[default] >= score * DEFAULT_FOCUS_SHARE else best


_nearest_anchor_km = lru_cache(maxsize=65_536)(nearest_km)  # a document's names repeat: so do their candidates


def spelling_similarity(surface: str, entry: GazetteerEntry) -> float:
    """0..1: how close the written name is to the entry's own name, before folding."""
    return fuzz.ratio(plain(surface), plain(entry.name)) / 100


GLUED_ARTICLE = re.compile(r"^[ae]l(?=[b-df-hj-np-tv-z][a-z]{3})")  # "Alsheikh" is al-Sheikh (not "Aleppo")


@lru_cache(maxsize=100_000)
def plain(name: str) -> str:
    """The name in lower-case ASCII without its articles, a glued one included, as folding drops them."""
    return " ".join(
        GLUED_ARTICLE.sub("", w) if w[1:2] == "l" else w  # (the pattern asked only where it can match)
        for w in unidecode(name).lower().replace("-", " ").replace("'", "").split()
        if w not in ("al", "el", "ad", "as", "ar", "ash", "at", "az", "an", "ath")
    )


def _as_written(surface: str, entry: GazetteerEntry) -> float:
    """How alike the written name and the entry's name are, articles included: breaks a tie between
    equals ("Al Mansoura" is the learned "Al Mansoura" rather than another learned "Mansoura")."""
    return fuzz.ratio(_ascii_lower(surface), _ascii_lower(entry.name))


@lru_cache(maxsize=100_000)
def _ascii_lower(name: str) -> str:
    return unidecode(name).lower()


def bare_spelling(name: str) -> str:
    """plain() without a final h, which transliterations add or drop at will ("Hama", "Ḩamāh")."""
    return plain(name).rstrip("h")


def score(
    entry: GazetteerEntry,
    evidence: Evidence,
    context_admin1: str | None,
    surface: str = "",
    most_admin1: int | None = None,  # the document's most named admin1's count, when the caller knows it
    best_similarity: float = 0.0,  # how alike the surface and the likest candidate are written
) -> float:
    value = FEATURE_PREFERENCE.get(entry.feature_class or "P", 0.2)
    similarity = spelling_similarity(surface, entry) if surface else 0.0
    value += 2.0 * similarity
    value += math.log10(entry.population + 1) / 3
    if evidence.country and entry.country == evidence.country:
        value += 3.0
    if context_admin1 and entry.admin1 == context_admin1:
        value += 4.0
    if entry.admin1 and evidence.admin1:
        value += 1.5 * evidence.admin1[entry.admin1] / (most_admin1 or max(evidence.admin1.values()))
    if evidence.anchors:
        nearest = _nearest_anchor_km((entry.latitude, entry.longitude), evidence.anchors)
        value += 2.0 * math.exp(-nearest / 60)
    if entry.learned and similarity >= best_similarity - LEARNED_SPELLING_SLACK:
        # events were coded at the place under its own spelling: a namesake written more like the surface
        # is another place, and the learned point's head start is not its to keep
        value += LEARNED_WEIGHT
    return value


def choose(
    candidates: Sequence[GazetteerEntry],
    evidence: Evidence,
    context_admin1: str | None = None,
    surface: str = "",
    activity: Callable[[GazetteerEntry], int] | None = None,
) -> tuple[GazetteerEntry, float]:
    """The best candidate and a confidence in 0..1 (its share of the top two scores). Namesakes that
    score alike and are written alike, none of them learned, go to the one with the most `activity`
    around it (activity.py)."""
    scored = _ranked(candidates, evidence, context_admin1, surface)
    if activity is not None:
        scored = _ties_by_activity(scored, surface, activity)
    best_score, best = scored[0]
    point = (best.latitude, best.longitude)
    # the same place told by another source (a town and its OCHA point) is no rival
    rivals = (value for value, c in scored[1:] if beyond_km((c.latitude, c.longitude), point, SAME_PLACE_KM))
    runner_up = next(rivals, 0.0)
    confidence = best_score / (best_score + runner_up) if best_score + runner_up > 0 else 1.0
    return best, round(confidence, 3)


def _ranked(
    candidates: Sequence[GazetteerEntry], evidence: Evidence, context_admin1: str | None, surface: str
) -> list[tuple[float, GazetteerEntry]]:
    """(score, candidate), best first: by score (to 9 places), then written most like the surface, then id.
    How a candidate is written is asked only where its score is shared (it orders nothing else)."""
    most_admin1 = max(evidence.admin1.values(), default=0)
    best_similarity = max((spelling_similarity(surface, c) for c in candidates), default=0.0) if surface else 0.0
    values = [score(c, evidence, context_admin1, surface, most_admin1, best_similarity) for c in candidates]
    rounded = [round(value, 9) for value in values]
    tied = len(set(rounded)) < len(rounded)
    shared = {value for value, count in Counter(rounded).items() if count > 1} if tied else set()

    def rank(i: int) -> tuple[float, float, int]:
        written = -_as_written(surface, candidates[i]) if rounded[i] in shared else 0.0
        return -rounded[i], written, candidates[i].id

    return [(values[i], candidates[i]) for i in sorted(range(len(candidates)), key=rank)]


def _ties_by_activity(
    scored: list[tuple[float, GazetteerEntry]], surface: str, activity: Callable[[GazetteerEntry], int]
) -> list[tuple[float, GazetteerEntry]]:
    def tie(pair: tuple[float, GazetteerEntry]) -> tuple[float, float]:
        return round(pair[0], 9), _as_written(surface, pair[1])

    first = tie(scored[0])
    tied = 1
    while tied < len(scored) and tie(scored[tied]) == first:
        tied += 1
    if tied == 1 or any(c.learned for _, c in scored[:tied]):
        return scored  # learned namesakes are each a place events were coded at already: their order stands
    leaders = sorted(scored[:tied], key=lambda s: (-activity(s[1]), s[1].id))
    return leaders + scored[tied:]

"""Why two reports tell one event: a similarity per feature, hard limits, and their weighted score."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

from ..model import Event
from .settings import MergeSettings

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
EARTH_RADIUS_KM = 6371.0


@dataclass(slots=True)
class PairScore:
    """The evidence that two reports tell one event; `score` is None when a hard limit rules it out."""

    score: float | None
    features: dict[str, float] = field(default_factory=dict)
    republication: bool = False
    reason: str = ""  # the hard limit that ruled the pair out


def score_pair(a: Event, b: Event, settings: MergeSettings) -> PairScore:
    """Compare two reports' events; the same document's events are never one event (the coder split them)."""
    if a.document_id == b.document_id:
        return PairScore(None, reason="same document")
    days = day_distance(a, b)
    if days is None:
        return PairScore(None, reason="undated")
    window = settings.window(a.time_precision, b.time_precision)
    if days > window:
        return PairScore(None, reason=f"{days} days apart, over {window}")
    place = place_similarity(a, b, settings)
    if place is None:
        return PairScore(None, reason="different places")
    kind = type_similarity(a, b, settings)
    if kind is None:
        return PairScore(None, reason="incompatible types")
    copy = is_republication(a.text, b.text, settings)
    features = {
        "date": round(date_similarity(days, a, b, settings), 3),
        "place": round(place, 3),
        "type": kind,
        "actors": round(actor_similarity(a, b, settings), 3),
        "words": 1.0 if copy else round(word_similarity(a.text, b.text, settings), 3),
        "figures": figure_similarity(a, b, settings),
    }
    precisions = {"date": (a.time_precision, b.time_precision), "place": _place_precisions(a, b)}
    weights = {name: settings.weight(name, *precisions.get(name, (None,))) for name in features}
    score = sum(weights[name] * value for name, value in features.items()) / sum(weights.values())
    return PairScore(round(score, 4), features, republication=copy)


def pair_inputs(event: Event) -> tuple:
    """Everything of an event that score_pair reads: two pairs with equal inputs score the same."""
    return (
        event.document_id,
        event.event_date,
        event.time_precision,
        event.country,
        event.admin1,
        event.latitude,
        event.longitude,
        event.geo_precision,
        event.event_type,
        event.sub_event_type,
        event.actor1,
        event.actor2,
        event.assoc_actor_1,
        event.assoc_actor_2,
        event.fatalities,
        event.text,
    )


def _place_precisions(a: Event, b: Event) -> tuple[int | None, int | None]:
    """Precisions of the two places; an event without coordinates counts as the coarsest."""
    located = a.latitude is not None and b.latitude is not None
    return (a.geo_precision, b.geo_precision) if located else (3, 3)


def date_similarity(days: int, a: Event, b: Event, settings: MergeSettings) -> float:
    """Halves with every half-life of days apart: reports of one event mostly fall on its day or the next."""
    return 0.5 ** (days / settings.half_life(a.time_precision, b.time_precision))


def day_distance(a: Event, b: Event) -> int | None:
    if not a.event_date or not b.event_date:
        return None
    return abs((date.fromisoformat(a.event_date) - date.fromisoformat(b.event_date)).days)


def place_similarity(a: Event, b: Event, settings: MergeSettings) -> float | None:
    """1 for one place, falling with distance within the precision's radius; None when the places differ."""
    if a.country and b.country and a.country != b.country:
        return None
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return None
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return 0.6 if a.admin1 and a.admin1 == b.admin1 else settings.unknown
    distance = distance_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
    radius = settings.radius(a.geo_precision, b.geo_precision)
    if distance > radius:
        return None
    similarity = 1.0 - distance / (radius * 2)
    # a region placed at its main town is weaker evidence than a named town at the same point
    if max(a.geo_precision or 3, b.geo_precision or 3) == 3:
        similarity *= 0.8
    return similarity


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def type_similarity(a: Event, b: Event, settings: MergeSettings) -> float | None:
    sims = settings.type_similarity
    if a.sub_event_type and a.sub_event_type == b.sub_event_type:
        return sims["same_sub_event_type"]
    if a.event_type == b.event_type:
        return sims["same_event_type"]
    if frozenset((a.event_type, b.event_type)) in settings.compatible_types:
        return sims["compatible"]
    return None


def actor_similarity(a: Event, b: Event, settings: MergeSettings) -> float:
    """Share of the specific actors in common (Jaccard); unknown when either side names none."""
    left, right = specific_actors(a, settings), specific_actors(b, settings)
    if not left or not right:
        return settings.unknown
    return len(left & right) / len(left | right)


def specific_actors(event: Event, settings: MergeSettings) -> frozenset[str]:
    names = [event.actor1, event.actor2, *event.assoc_actor_1.split(";"), *event.assoc_actor_2.split(";")]
    return frozenset(n.strip() for n in names if n.strip() and n.strip() not in settings.generic_actors)


def figure_similarity(a: Event, b: Event, settings: MergeSettings) -> float:
    """Killed figures of the same order agree; a toll often rises between reports, so disagreement counts little."""
    if not a.fatalities or not b.fatalities:
        return settings.unknown
    low, high = sorted((a.fatalities, b.fatalities))
    return 1.0 if high <= 2 * low else 0.25


def word_similarity(left: str, right: str, settings: MergeSettings) -> float:
    """Dice overlap of the two texts' content words, spelling variants matched ('Saraqeb', 'Saraqib')."""
    a, b = content_words(left, settings.stop_words), content_words(right, settings.stop_words)
    if not a or not b:
        return settings.unknown
    if len(a) > len(b):
        a, b = b, a
    variants = _by_beginning(b)
    matched = sum(1 for word in a if word in b or _has_variant(word, variants))
    return min(1.0, 2 * matched / (len(a) + len(b)))


def _has_variant(word: str, variants: dict[str, tuple[str, ...]]) -> bool:
    """A spelling variant: both of 4 letters or more, the same first two, and close (ratio 80)."""
    if len(word) < 4:
        return False
    return any(fuzz.ratio(word, other, score_cutoff=80) >= 80 for other in variants.get(word[:2], ()))


@lru_cache(maxsize=65536)
def _by_beginning(words: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """The words that can have variants (4 letters or more), by their first two letters: a word is only
    compared with those that begin as it does, not with every word of the other text."""
    found: dict[str, list[str]] = {}
    for word in sorted(words):
        if len(word) >= 4:
            found.setdefault(word[:2], []).append(word)
    return {beginning: tuple(group) for beginning, group in found.items()}


@lru_cache(maxsize=65536)
def content_words(text: str, stop_words: frozenset[str]) -> frozenset[str]:
    words = (w.lower().replace("’", "'") for w in WORD.findall(text))
    return frozenset(w for w in words if w not in stop_words and not w.isdigit() and len(w) > 1)


def is_republication(left: str, right: str, settings: MergeSettings) -> bool:
    """Near-verbatim texts: one report copied (syndicated, re-posted), not two outlets' own accounts."""
    a, b = _normal(left), _normal(right)
    if min(len(a), len(b)) < 40:
        return False
    return fuzz.ratio(a, b) >= settings.republication


@lru_cache(maxsize=65536)
def _normal(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))

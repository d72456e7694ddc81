"""One place per spelling of it in a text: a name spelled nearly as a place named before it is that place
("Qarmadin" in Idlib, then "Qarmdin": the same village written again, not a namesake elsewhere)."""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz

from ..model import Toponym
from .disambiguate import beyond_km, plain
from .gazetteer import GazetteerEntry
from .landmarks import point

NEAR_SPELLING = 90  # fuzz.ratio of two plain spellings this high: one name written twice
SHORTEST = 5  # shorter names differ by a letter from too many other places
SAME_PLACE_KM = 10  # places this close are one place already


def as_places_spelled_nearly_alike_before(
    resolved: list[tuple[Toponym, list[GazetteerEntry]]],
) -> list[tuple[Toponym, list[GazetteerEntry]]]:
    """Each mention spelled nearly as an earlier one resolved elsewhere (another spelling, so another key)
    goes to the earlier one's place. Regions (no candidates) are neither moved nor followed."""
    earlier: dict[str, Toponym] = {}  # a plain spelling → its first resolved mention
    decided: dict[str, Toponym | None] = {}  # a plain spelling → the earlier mention it follows, if any
    moved = []
    for toponym, candidates in resolved:
        spelling = plain(toponym.text)
        if not candidates or not toponym.place.resolved or len(spelling) < SHORTEST:
            moved.append((toponym, candidates))
            continue
        if spelling not in decided:
            decided[spelling] = _spelled_nearly_alike(spelling, earlier)
            earlier.setdefault(spelling, toponym)
        model = decided[spelling]
        if model is not None and beyond_km(point(toponym.place), point(model.place), SAME_PLACE_KM):
            place = replace(model.place, query=toponym.text, precision=toponym.place.precision)
            toponym = replace(toponym, place=place)
        moved.append((toponym, candidates))
    return moved


def _spelled_nearly_alike(spelling: str, earlier: dict[str, Toponym]) -> Toponym | None:
    for other, toponym in earlier.items():
        if other != spelling and fuzz.ratio(spelling, other) >= NEAR_SPELLING:
            return toponym
    return None

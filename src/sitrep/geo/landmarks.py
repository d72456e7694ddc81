"""Places the text ties to a landmark: "X, 10 km north of Y" and "the X neighbourhood" of a city lie near it,
so a namesake far away is the wrong one."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache

from ..model import Place, Toponym
from ..pattern_store import regex
from ..resource_files import load_yaml
from .disambiguate import km
from .place_types import type_word_alternation

RELATIVE_KM = 60  # how far "north of Y" reaches when the text gives no distance
NEAR_KM = 30  # how far "X near Y" reaches
DISTANCE_SLACK_KM = 25
DISTRICT_KM = 20
CITY_POPULATION = 50_000
CITY_WINDOW = 200  # characters around a district within which its city is named
MILE_KM = 1.609


@cache
def _relative_link() -> re.Pattern:
    """What stands between a place and its landmark: ", some 12 km (7 miles) to the north-west of the city of",
    " oil field east of the central city of", " near"."""
    directions = "|".join(sorted(load_yaml("regions.yaml")["directions"], key=len, reverse=True))
    return regex(
        rf"^(?:\s*(?:,|,?\s+and)\s+{_NAME_WORD}(?:\s+{_NAME_WORD})*)*"  # names of a list the gazetteer lacks
        rf"\s*(?:(?:{type_word_alternation()})s?\b)?\s*,?\s*(?:(?:located|lying|situated)\s+)?"
        rf"(?:(?:some|about|around|nearly)\s+)?"
        rf"(?:(?P<n>\d+)\s*(?P<unit>km|kilomet(?:er|re)s|miles)\s*(?:\([^)]{{0,20}}\)\s*)?)?"
        rf"(?:(?:to the\s+)?(?:{directions})\s+(?:of|from)|(?P<near>near|close to|outside))\s+(?:the\s+)?"
        rf"(?:(?:capital|city|town|village|syria['’]?s|syrian|{directions})\s+(?:of\s+)?)*$",
        re.I,
    )


_NAME_WORD = r"(?-i:(?:al|el|ad|as|ar|ash)-)?(?-i:[A-Z])[\w'’-]*"
DISTRICT_LIST_WINDOW = 80  # characters after a name where a list of districts may end in its district word
SETTLEMENT_AFTER = re.compile(r"\s+(?:town|city|village|hamlet)s?\b", re.I)


@cache
def _district_cues() -> tuple[re.Pattern, re.Pattern]:
    words = "|".join(load_yaml("regions.yaml")["district_words"])
    return (
        regex(rf"(?i:\b(?:{words})s?\s+of)\s+(?:(?:al|el|the|and)\b|[A-Z][\w'’-]*|[\s,-])*$"),
        # "the X neighbourhood", also at the head of a list: "X and Y neighbourhoods", "X, Y and Z districts"
        regex(rf"^(?:(?:\s*,\s*|\s+and\s+|\s+){_NAME_WORD})*\s+(?:{words})s?\b", re.I),
    )


def landmark_of(
    text: str, toponyms: Sequence[Toponym], index: int, cities: Sequence[int]
) -> tuple[Toponym | None, float, int]:
    """The landmark a toponym is tied to, how far from it the place can lie, and the precision of a
    place known only by that landmark (`cities`: the positions of the cities among the toponyms)."""
    toponym = toponyms[index]
    last = _last_of_list(text, toponyms, index)
    following = toponyms[last + 1] if last + 1 < len(toponyms) else None
    if following is not None:
        link = _relative_link().match(text[toponyms[last].end_char : following.start_char])
        if link:
            return following, _radius(link), 2
    before, after = _district_cues()
    if _is_city(toponym.place) or SETTLEMENT_AFTER.match(text, toponym.end_char):
        # "the old quarters of Izraa town": the town whose quarters they are, no district of another city
        return None, 0.0, 0
    if before.search(text[max(0, toponym.start_char - 80) : toponym.start_char]) or after.match(
        text[toponym.end_char : toponym.end_char + DISTRICT_LIST_WINDOW]
    ):
        return _city_of(toponyms, index, cities), DISTRICT_KM, 1
    return None, 0.0, 0


LIST_SEPARATOR = re.compile(r"^\s*(?:,|,?\s+and)\s+$")


def _last_of_list(text: str, toponyms: Sequence[Toponym], index: int) -> int:
    """The last place of the list a toponym opens ("X, Y and Z to the north of W": all three lie near W)."""
    last = index
    while last + 1 < len(toponyms) and LIST_SEPARATOR.match(
        text, toponyms[last].end_char, toponyms[last + 1].start_char
    ):
        last += 1
    return last


def _radius(link: re.Match) -> float:
    if link["near"]:
        return NEAR_KM
    if not link["n"]:
        return RELATIVE_KM
    factor = MILE_KM if link["unit"].lower() == "miles" else 1.0
    return int(link["n"]) * factor + DISTANCE_SLACK_KM


def city_indexes(toponyms: Sequence[Toponym]) -> list[int]:
    return [i for i, t in enumerate(toponyms) if _is_city(t.place)]


def _city_of(toponyms: Sequence[Toponym], index: int, cities: Sequence[int]) -> Toponym | None:
    """The city a district belongs to: the nearest city named around it, else the last one named before."""
    district = toponyms[index].start_char
    position = bisect_left(cities, index)
    around = []  # the cities named within CITY_WINDOW characters, on either side
    for step in (-1, 1):
        i = position if step == 1 else position - 1
        while 0 <= i < len(cities) and abs(toponyms[cities[i]].start_char - district) <= CITY_WINDOW:
            if cities[i] != index:
                around.append(toponyms[cities[i]])
            i += step
    if around:
        return min(sorted(around, key=lambda t: t.start_char), key=lambda t: abs(t.start_char - district))
    return toponyms[cities[position - 1]] if position else None  # cities[:position] all come before index


def _is_city(place: Place) -> bool:
    return place.resolved and (place.feature or "").startswith("PPL") and (place.population or 0) >= CITY_POPULATION


def far_from(place: Place, landmark: Place, radius: float) -> bool:
    return place.resolved and landmark.resolved and km(point(place), point(landmark)) > radius


def point(place: Place) -> tuple[float, float]:
    return (place.latitude or 0.0, place.longitude or 0.0)  # called for resolved places only

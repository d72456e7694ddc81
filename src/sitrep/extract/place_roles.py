"""Which of a sentence's places is where its event happened: not those people or fire came from."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache

from ..model import Toponym
from ..pattern_store import regex
from ..resource_files import load_yaml
from .prefixes import fold, necessary_prefixes, prefix_starts

CUE_WINDOW = 100  # characters before a place where its role's cue may start: "were residents of the villages of …"
LIST_LINK = re.compile(r"^(?:[\s,]|\band\b|\bor\b)*$", re.I)
REGION_LINK = re.compile(r"^[\s,]*(?:in|of)?(?:\s+the)?\s*$", re.I)
# "X, a government-besieged town near Y": where X lies, not another place
APPOSITIVE_LINK = re.compile(
    r"^[\s,]*(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:town|village|city|suburb|district|area|neighbou?rhood)\s+"
    r"(?:near|outside|close to|(?:north|south|east|west)\w*\s+of|in|of)\s+(?:the\s+)?(?:capital\s+)?$",
    re.I,
)


@cache
def _origin_cue() -> re.Pattern:
    spec = load_yaml("place_roles.yaml")
    cues = "|".join(f"(?:{c})" for c in spec["origin_before"] + spec["landmark_before"])
    nouns = "|".join(sorted(spec["place_nouns"], key=len, reverse=True))
    side = r"(?:central|[\w-]+ern)\s+"  # "from the central province of Hama", "from the eastern Ghouta"
    # names the gazetteer does not know still pass the role on down their list, and to the region they
    # lie in: "of X and Y in Z province"
    word = r"(?:(?:al|el|ad|as|ar|ash)-)?(?-i:[A-Z])[\w'-]*"
    join = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
    unknown = rf"(?:{word}(?:\s+{word})*(?:{join}{word}(?:\s+{word})*)*(?:{join}|(?P<inside>\s+in\s+(?:the\s+)?)))?"
    return regex(rf"(?:{cues})\s+(?:the\s+)?(?:(?:[\w'-]+\s+){{0,3}}?(?:{nouns})\s+of\s+{unknown}|{side})?$", re.I)


@cache
def _origin_prefixes() -> frozenset[str]:
    """What an origin or landmark cue begins with in a `fold`ed text ("" among them: it may begin anywhere)."""
    return necessary_prefixes(_origin_cue())


@cache
def _origin_after() -> re.Pattern:
    return regex("|".join(f"(?:{c})" for c in load_yaml("place_roles.yaml")["origin_after"]), re.I)


def event_places(text: str, toponyms: Sequence[Toponym]) -> list[Toponym]:
    """The toponyms (in order, offsets into text) that can locate an event: an origin ("evacuees from X",
    "X evacuees"), a distant landmark ("160 km north of X") and the places listed or set right after them
    ("residents of X and Y in Z province", "out of Madaya, a town near Damascus") cannot."""
    kept, previous_origin = [], None
    starts = _cue_starts(text) if toponyms else []
    for toponym in toponyms:
        window = max(0, toponym.start_char - CUE_WINDOW)
        before = text[window : toponym.start_char]
        listed = previous_origin is not None and _listed_after(
            text[previous_origin.end_char : toponym.start_char], toponym
        )
        origin = _origin_before(before, window, starts)
        if origin and origin["inside"] and toponym.place.feature != "REGION":
            origin = None  # "evacuees from X in Y": a town after "in" is another place
        if listed or origin or _origin_after().match(text, toponym.end_char):
            previous_origin = toponym
        else:
            kept.append(toponym)
            previous_origin = None
    return kept


def _cue_starts(text: str) -> list[int] | None:
    """The offsets in the text where an origin cue can begin (None: anywhere), found in one pass."""
    prefixes = _origin_prefixes()
    return prefix_starts(prefixes, fold(text))


def _origin_before(before: str, offset: int, starts: list[int] | None) -> re.Match | None:
    """What `_origin_cue().search(before)` finds, for the text before a place that begins at `offset` of the
    whole text: the cue is tried only where it can begin (`starts`, offsets into the whole text)."""
    cue = _origin_cue()
    if starts is None:
        return cue.search(before)
    for start in starts[bisect_left(starts, offset) :]:
        if start >= offset + len(before):
            break
        match = cue.match(before, start - offset)
        if match is not None:
            return match
    return None


def _listed_after(between: str, toponym: Toponym) -> bool:
    """ "X and Y", "X, Y", the region X lies in ("X in Idlib province") or the place an appositive puts X
    near ("X, a town near Damascus"); a town after "in" is another place."""
    return bool(
        LIST_LINK.match(between)
        or APPOSITIVE_LINK.match(between)
        or (toponym.place.feature == "REGION" and REGION_LINK.match(between))
    )

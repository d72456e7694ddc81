"""Where an episode happened: one event per listed place, the finest place of the episode, the theatre."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ..countries import acled_region
from ..model import Place, Toponym
from .episodes import Episode
from .fatalities import shared_claims
from .sentences import Sentence

# what may stand between two listed places, once the regions between them are left out:
# "in al-Bab and Jarablus in [Aleppo province] and in Ras al-Ain"
LISTED_AFTER = re.compile(
    r"^\s*(?:in\s*)?(?:,\s*(?:and\s+)?|and\s+)(?:in\s+)?(?:the\s+)?(?:(?:towns?|villages?|city)\s+of\s+)?$"
)
LIST_LEAD = re.compile(
    r"\b(?:in|at|across|on|over)\s+(?:the\s+)?(?:(?:towns?|villages?|cities|areas?|neighbou?rhoods?|districts?)\s+of\s+)?$",
    re.I,
)


def split_by_place(episodes: list[Episode], text: str, country: str) -> list[Episode]:
    """ACLED codes one event per location: "clashes in A, B and C" are three events, alike but for the
    place; the figures, told for all of them at once, stay with the first. An episode whose later sentences
    name places of their own is left whole: its list was a summary those sentences narrow down. A listed
    governorate that a later event of the same kind tells apart is not split off again ("rocket attacks on
    Aleppo and Deir Ezzor … Meanwhile, rockets hit Deir Ezzor")."""
    last_told = {}  # (event type, governorate) → the last episode that places an event of that type there
    for index, episode in enumerate(episodes):
        for toponym in episode.places:
            last_told[(episode.typing.event_type, toponym.place.admin1)] = index
    return [
        part
        for index, episode in enumerate(episodes)
        for part in _split(
            episode, text, country, lambda a, i=index, k=episode.typing.event_type: last_told.get((k, a), -1) > i
        )
    ]


def _split(episode: Episode, text: str, country: str, told_later) -> list[Episode]:
    first = episode.sentences[0]
    if any(t.start_char >= first.end for t in episode.places):
        return [episode]
    in_first = [t for t in episode.places if first.start <= t.start_char < first.end]
    listed = _listed_places(text, in_first, first)
    if len(listed) > 1:
        listed = listed[:1] + [t for t in listed[1:] if not told_later(t.place.admin1)]
    if len(listed) < 2:
        return [episode]
    if best_place(replace(episode, places=in_first), first, None, country) not in listed:
        return [episode]  # the list is an aside to the place the sentence is about
    shares = shared_claims(episode.claims, len(listed))
    return [replace(episode, places=[place], claims=shares[i]) for i, place in enumerate(listed)]


def _listed_places(text: str, places: list[Toponym], sentence: Sentence) -> list[Toponym]:
    """The distinct places a sentence lists as where it happened, finest list first; [] when it lists none.
    Towns are listed across the regions between them; only a sentence listing no towns lists its regions
    ("executed three men in Raqqa and Deir Ezzor provinces")."""
    resolved = [t for t in places if t.place.resolved]
    regions = [t for t in resolved if t.place.feature == "REGION"]
    towns = [t for t in resolved if t not in regions]
    return _place_list(text, towns, regions, sentence) or _place_list(text, regions, [], sentence)


def _place_list(text: str, places: list[Toponym], skipped: list[Toponym], sentence: Sentence) -> list[Toponym]:
    runs: list[list[Toponym]] = []
    run: list[Toponym] = []
    for toponym in sorted(places, key=lambda t: t.start_char):
        if run and LISTED_AFTER.match(_without(text, run[-1].end_char, toponym.start_char, skipped)):
            run.append(toponym)
        else:
            runs.append(run)
            run = [toponym]
    runs.append(run)
    lists = [
        r
        for r in runs
        if len({(t.place.latitude, t.place.longitude) for t in r}) == len(r) > 1
        and LIST_LEAD.search(text[sentence.start : r[0].start_char])
    ]
    return min(lists, key=lambda r: (max(t.place.precision or 3 for t in r), -len(r)), default=[])


def _without(text: str, start: int, end: int, toponyms: list[Toponym]) -> str:
    """text[start:end] with the given toponyms inside it cut out."""
    pieces, position = [], start
    inside = [t for t in toponyms if start <= t.start_char and t.end_char <= end]
    for toponym in sorted(inside, key=lambda t: t.start_char):
        pieces.append(text[position : toponym.start_char])
        position = toponym.end_char
    return "".join(pieces) + text[position:end]


def best_place(episode: Episode, first: Sentence, earlier: Toponym | None, country: str) -> Toponym | None:
    """The finest resolved place of the episode; else `earlier` (the report's lead place, `lead_place`).
    Where the opening sentence names its governorate, a later finer place must lie in it: "a bombing in
    central Damascus … the al-Midan neighbourhood" narrows the place, a namesake elsewhere does not."""
    resolved = [t for t in episode.places if t.place.resolved]
    opening = _opening_admin1s(episode, resolved)
    if opening:
        resolved = [t for t in resolved if t.place.admin1 in opening]
    if resolved:
        return min(resolved, key=lambda t: (t.place.country != country, t.place.precision or 3, t.start_char))
    return earlier


def _opening_admin1s(episode: Episode, resolved: list[Toponym]) -> set[str]:
    """The governorates the episode opens with, in its first sentence that names any; a lead listing several
    ("attacks in Daraa countryside, Aleppo and Damascus") is narrowed by the next sentence that names some
    of them ("Izraa, in Daraa")."""
    named = [admin1s for admin1s in _admin1s_by_sentence(episode.sentences, resolved) if admin1s]
    if not named:
        return set()
    opening = named[0]
    if len(opening) > 1 and len(named) > 1 and named[1] < opening:
        return named[1]
    return opening


def _admin1s_by_sentence(sentences: Sequence[Sentence], toponyms: Sequence[Toponym]) -> list[set[str]]:
    """The governorates each sentence names, in one pass over both (each in document order)."""
    ordered = sorted(toponyms, key=lambda t: t.start_char)
    found, index = [], 0
    for sentence in sentences:
        while index < len(ordered) and ordered[index].start_char < sentence.start:
            index += 1
        admin1s: set[str] = set()
        while index < len(ordered) and ordered[index].start_char < sentence.end:
            admin1 = ordered[index].place.admin1
            if admin1:
                admin1s.add(admin1)
            index += 1
        found.append(admin1s)
    return found


def in_theatre(place: Place, country: str) -> bool:
    """Events happen in the conflict's region: "Washington" or "Moscow" in a Syria report is where
    statements come from, not where fighting is."""
    return not place.country or acled_region(place.country) == acled_region(country)


def dominant_place(toponyms: Sequence[Toponym]) -> Toponym | None:
    """The document's most-mentioned admin1, represented by its first mention."""
    resolved = [t for t in toponyms if t.place.resolved and t.place.admin1]
    if not resolved:
        return None
    top = Counter(t.place.admin1 for t in resolved).most_common(1)[0][0]
    return next(t for t in resolved if t.place.admin1 == top)


def lead_place(toponyms: Sequence[Toponym], country: str) -> Toponym | None:
    """The report's lead place: the first resolved place it names in the coded country (else the first it
    names at all), where its headline or lead sets the story. A later sentence that names no place of its own
    is told of that place, not of the place the paragraph before it turned to; a dateline abroad ("BEIRUT -")
    is no lead of a report on Syria."""
    resolved = [t for t in toponyms if t.place.resolved]
    return next((t for t in resolved if t.place.country == country), resolved[0] if resolved else None)

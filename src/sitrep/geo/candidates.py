"""Which gazetteer entries a mention can be, before they are scored.

A fuller gazetteer holds a village for nearly every name, so what the words around a mention say comes
first: a province is an admin area, never a village ("Hatay province"); a country named before a place
puts it there ("the Iraqi town of Sinjar"); a governorate's name and its capital outrank every village
spelled alike; and a town outranks a hamlet unless the text points at the hamlet (its governorate, "the
village of", a place named nearby).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from ..pattern_store import regex
from ..resource_files import load_yaml
from .disambiguate import spelling_similarity, within_km
from .folding import fold_name, index_keys
from .gazetteer import Gazetteer, GazetteerEntry, admin1_rows
from .matcher import NameMatch
from .place_types import type_word_alternation

TOWN_POPULATION = 10_000  # a town: known to hold this many people, itself or a namesake a few km away
HAMLET_POPULATION = 1_000  # below this (OCHA's and learned points carry none) a place is a hamlet
NEAR_KM = 25  # a place named this close to a hamlet points at it
OTHER_NAME_SIMILARITY = 0.8  # a place written less like the asked name than this bears it as another name
SEAT_KM = 10  # namesakes this close to a governorate's seat are the seat, told by another source
ADMIN_AREA_WORD = re.compile(r"^\s+(?:province|governorate|wilayah?|vilayet)s?\b", re.I)
VILLAGE_BEFORE = re.compile(r"\b(?:village|villages|hamlet|hamlets)\s+of\s+(?:the\s+)?$", re.I)
VILLAGE_AFTER = re.compile(r"^\s+(?:village|hamlet)s?\b", re.I)


def is_admin_area(text: str, name: NameMatch) -> bool:
    """ "Hatay province", "Anbar governorate": the name is an admin area's, whatever villages share it."""
    return bool(ADMIN_AREA_WORD.match(text, name.end))


def admin_areas(candidates: list[GazetteerEntry]) -> list[GazetteerEntry]:
    return [c for c in candidates if c.feature_class == "A"]


@cache
def _country_before() -> tuple[re.Pattern, dict[str, str]]:
    """ "Iraqi Sinjar", "the Turkish border town of Kilis", "Turkey's Hatay", "Turkeys Hatay" (flattened);
    not "Turkish shelling hit X", where the adjective is the actor's."""
    countries = load_yaml("countries.yaml")
    iso_of = {facts["demonym"].lower(): iso2 for iso2, facts in countries.items() if facts.get("demonym")}
    iso_of.update({facts["name"].lower(): iso2 for iso2, facts in countries.items()})
    demonyms = "|".join(sorted((re.escape(f["demonym"]) for f in countries.values() if f.get("demonym")), key=len))
    names = "|".join(sorted((re.escape(f["name"]) for f in countries.values()), key=len))
    directions = "|".join(re.escape(d) for d in load_yaml("regions.yaml")["directions"])
    kinds = rf"(?:\s+(?:{type_word_alternation()}|{directions}|border|frontier|capital|coastal|main))*(?:\s+of)?"
    article = r"(?:(?:al|el|ad|as|ar|ash)[- ])?"
    pattern = regex(rf"\b(?:(?P<d>{demonyms}){kinds}|(?P<c>{names})(?:['’]?s){kinds})\s+{article}$")
    return pattern, iso_of


def country_named_before(text: str, name: NameMatch) -> str | None:
    """The ISO2 code of a country whose people or name stand right before the name, else None."""
    pattern, iso_of = _country_before()
    found = pattern.search(text, max(0, name.start - 60), name.start)
    return iso_of[(found["d"] or found["c"]).lower()] if found else None


@cache
def _country_after() -> tuple[re.Pattern, dict[str, str]]:
    countries = load_yaml("countries.yaml")
    names = "|".join(sorted((re.escape(f["name"]) for f in countries.values()), key=len, reverse=True))
    return regex(rf"\s*(?:,|\bin)\s+(?:neighbou?ring\s+)?(?P<c>{names})\b(?!['’]?s\b)"), {
        f["name"].lower(): iso2 for iso2, f in countries.items()
    }


def country_named_after(text: str, name: NameMatch) -> str | None:
    """ "Akcakale in Turkey", "Sinjar, Iraq": the ISO2 code of the country named right after the place."""
    pattern, iso_of = _country_after()
    found = pattern.match(text, name.end)
    return iso_of[found["c"].lower()] if found else None


@cache
def _seat_rows(country: str) -> dict[str, dict[str, str]]:
    """Folded spelling of a governorate or of its seat's name → the governorate's row."""
    rows: dict[str, dict[str, str]] = {}
    for row in admin1_rows(country):
        for spelling in (row["name"], *row["aliases"].split("|"), row["seat"]):
            rows.setdefault(fold_name(spelling), row)
    return rows


def governorate_seat(
    gazetteer: Gazetteer, focus: str | None, key: str, candidates: list[GazetteerEntry], context: str | None
) -> list[GazetteerEntry]:
    """ "Daraa", "Hama", "Douma": a governorate's name or its seat's is the seat (and its namesakes a few
    km away in other sources), never a village spelled alike, unless the text puts the name in another
    governorate ("Douma in Homs province")."""
    row = _seat_rows(focus).get(key) if focus else None
    if focus is None or row is None or (context and context != row["name"]):
        return candidates
    seat = gazetteer.admin1_seat(focus, row["name"])
    if seat is None:
        return candidates
    at_seat = [c for c in candidates if within_km((c.latitude, c.longitude), (seat.latitude, seat.longitude), SEAT_KM)]
    return at_seat or candidates


def own_names_over_other_names(candidates: list[GazetteerEntry], surface: str) -> list[GazetteerEntry]:
    """A name that places bear as their own outranks places that bear it only as another name spelled unlike
    their own (an old or foreign name: a city once called "Adraa" is not the town of Adra). Applies only
    where some candidate bears it as its own, in any transliteration ("Qalburumah" asked: the village of
    "Qalburum", not a city once called "Qalburumah")."""
    if not surface:
        return candidates
    own = [c for c in candidates if spelling_similarity(surface, c) >= OTHER_NAME_SIMILARITY]
    return own or candidates


def without_towns_bearing_it_as_another_name(candidates: list[GazetteerEntry], surface: str) -> list[GazetteerEntry]:
    """A town that bears the name only as an old or foreign name (Daraa, once "Adraa") does not take it from a
    distinct place whose own name it is (the town of Adra): such a town goes where a place lying farther
    than SEAT_KM from it is called so itself. One lying beside such a place is that place told by another
    source under another name, and stays; a name is a place's own in any spelling written alike."""
    key = fold_name(surface)

    def own(entry: GazetteerEntry) -> bool:  # cheapest test first: most towns are asked by their own name
        return (
            spelling_similarity(surface, entry) >= OTHER_NAME_SIMILARITY
            or _own_key(entry.name) == key
            or key in index_keys(entry.name)
        )

    strangers = [c for c in candidates if c.place_population >= TOWN_POPULATION and not own(c)]
    if not strangers:
        return candidates
    owners = [(c.latitude, c.longitude) for c in candidates if own(c)]
    stealing = {
        id(c) for c in strangers if owners and not any(within_km((c.latitude, c.longitude), o, SEAT_KM) for o in owners)
    }
    return [c for c in candidates if id(c) not in stealing] if stealing else candidates


_own_key = lru_cache(maxsize=65_536)(fold_name)  # the same towns are asked about in text after text


def has_village_cue(text: str, name: NameMatch) -> bool:
    """ "the village of X", "X village": the text says the place is small."""
    return bool(VILLAGE_BEFORE.search(text, max(0, name.start - 30), name.start) or VILLAGE_AFTER.match(text, name.end))


def towns_over_hamlets(
    candidates: list[GazetteerEntry],
    context: str | None,
    anchors: Sequence[tuple[float, float]],
    village_cue: bool,
    surface: str,
) -> list[GazetteerEntry]:
    """Where a town and hamlets share a name, the hamlets go unless the text points at one of them: it
    names the hamlet's governorate (and no town of the name lies there), says "village", or names a place
    within NEAR_KM of a hamlet written as closely as the town ("Aazaz" near Aleppo is the town of Azaz, not
    the hamlet of Al Aziza beside the city). Then the places it points at stay, towns it points at included.
    A town bearing the name only as another name is no town of it (without_towns_bearing_it_as_another_name)."""
    candidates = without_towns_bearing_it_as_another_name(candidates, surface)
    towns = [c for c in candidates if c.place_population >= TOWN_POPULATION]
    if not towns:
        return candidates
    town_admin1s = {c.admin1 for c in towns}
    town_spelling = max(spelling_similarity(surface, c) for c in towns)

    def pointed_at(entry: GazetteerEntry) -> bool:
        small = entry.place_population < TOWN_POPULATION
        if context and entry.admin1 == context and (not small or context not in town_admin1s):
            return True
        if village_cue and small:
            return True
        if small and spelling_similarity(surface, entry) < town_spelling:
            return False
        return any(within_km((entry.latitude, entry.longitude), anchor, NEAR_KM) for anchor in anchors)

    pointed = [c for c in candidates if pointed_at(c)]
    if any(c.place_population < TOWN_POPULATION for c in pointed):
        return pointed
    return [c for c in candidates if c.place_population >= HAMLET_POPULATION]

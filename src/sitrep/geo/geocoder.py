"""Geocode place names given alone (queries, CSV columns): type words, admin context, fuzzy fallback."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from rapidfuzz import fuzz, process

from ..model import Place
from .activity import learned_activity
from .candidates import own_names_over_other_names, towns_over_hamlets
from .disambiguate import Evidence, choose, spelling_similarity, within_km
from .folding import (
    NAME_PARTS,
    QUALIFIER_MARK,
    fold_name,
    qualified_key,
    sibling_key,
    skeleton,
    split_qualifiers,
)
from .gazetteer import Gazetteer, GazetteerEntry, admin1_row
from .place_types import named_after, strip_type_words
from .places import country_name, place_from_entry, region_place
from .regions import RegionMention, find_regions

NEAR_PREFIX = re.compile(r"^\s*(?:near|outside|outskirts of|around|close to|vicinity of|the)\s+", re.I)
IN_CONTEXT = re.compile(r"\s+in\s+(?P<context>[^,]+?)\s*$", re.I)
STRETCH = re.compile(
    r"(?:the\s+)?(?:road|highway|route|roads)?\s*(?:between|linking|connecting)\s+(?P<first>.+?)\s+(?:and|with|to)\s+\S.*"
    r"|(?P<joined>[^-–]+?)\s*[-–]\s*(?P<second>\S.*?)\s+(?:road|highway)",
    re.I,
)
VILLAGE_WORD = re.compile(r"(?:^(?:the\s+)?(?:village|hamlet)s?\s+of\s|\s(?:village|hamlet)s?$)", re.I)
FUZZY_CUTOFF = 92
FUZZY_MIN_LENGTH = 6
SPELLINGS_KM = 25  # two spellings of one query name places this close: one place, or one beside the other
DEFAULT_FOCUS = "SY"  # fuzzy matches are only sought in the focus country
EXACT, NEAR, CLOSE = "exact", "near", "close"  # the name itself, a qualified neighbour, another spelling


def geocode_many(queries: Iterable[str], gazetteer: Gazetteer, *, country: str | None = None) -> Iterator[Place]:
    for query in queries:
        yield geocode(query, gazetteer, country=country)


def geocode(query: str, gazetteer: Gazetteer, *, country: str | None = None) -> Place:
    """One place name → the best Place, or a Place with null coordinates and a reason."""
    text = query.strip()
    if not text:
        return Place(query=query, reason="empty query")
    precision = 1
    core, near = NEAR_PREFIX.subn("", text)
    if near and not core.lower().startswith("the "):
        precision = 2
    core, _, context = core.partition(",")
    core, context = _context_after_in(core, context, country)
    context_admin1 = _admin_of(context, country)
    first_of_stretch = _first_of_stretch(core, gazetteer, country)
    if first_of_stretch:  # "the road between Saraqib and Ariha": near the first place it names
        core, precision = first_of_stretch, 2
    spellings = _spellings(core)
    region = whole_region(core.strip(), country) or whole_region(spellings[0], country)
    if region is not None:  # "Idlib countryside" is the region, as in running text, not the town of Idlib
        learned = [e for e in gazetteer.lookup(fold_name(core), country) if e.learned]
        if learned:  # the user's own past events put this region at a point: theirs is better than its seat,
            # and it is still the region, as precise as in running text
            entry, confidence = choose(learned, Evidence(country or DEFAULT_FOCUS, Counter(), ()), context_admin1)
            return place_from_entry(query, entry, 3, confidence, feature="REGION")
        return region_place(gazetteer, region, query)
    name, candidates, match = _match_spellings(gazetteer, spellings, country)
    if match == NEAR:
        precision = 2  # a namesake's qualified sibling ("Upper X" for "X"): near, not the place itself
    if context_admin1:
        in_admin = [c for c in candidates if c.admin1 == context_admin1]
        candidates = (
            in_admin
            or _fuzzy_in_admin(gazetteer, fold_name(name), country or DEFAULT_FOCUS, context_admin1)
            or candidates
        )
    if not candidates:
        # the query itself names its governorate: say so, but place nothing
        return Place(
            query=query,
            admin1=context_admin1,
            country=country_name(country or DEFAULT_FOCUS) if context_admin1 else None,
            reason=f"no gazetteer entry matches {name!r}",
        )
    focus = country or Counter(c.country for c in candidates).most_common(1)[0][0]
    if any(c.country == "SY" for c in candidates) and not country:
        focus = "SY"
    candidates = own_names_over_other_names(candidates, name)
    if VILLAGE_WORD.search(core.strip()):  # "X village" is the hamlet of X, as in running text, not a town of its name
        candidates = towns_over_hamlets(candidates, context_admin1, (), True, name)
    activity = learned_activity(gazetteer)
    entry, confidence = choose(candidates, Evidence(focus, Counter(), ()), context_admin1, name, activity)
    if match == CLOSE:  # another spelling, found by skeleton or fuzzy match: only as sure as it is alike
        confidence = round(confidence * spelling_similarity(name, entry), 3)
    return place_from_entry(query, entry, precision, confidence)


def whole_region(text: str, country: str | None) -> RegionMention | None:
    """The regional expression the whole text is ("Idlib countryside", "eastern Ghouta"), else None."""
    regions = find_regions(text, (country or DEFAULT_FOCUS,))
    return regions[0] if regions and regions[0].end - regions[0].start >= len(text) - 2 else None


def _spellings(core: str) -> list[str]:
    """The name as asked, then each spelling it packs ("Isa Binar/Ayn Isa", "Qurt Qulaq (Kurtkulak)")."""
    name = strip_type_words(core) or core
    parts = (strip_type_words(p.strip()) for p in NAME_PARTS.split(name) if p and p.strip())
    return list(dict.fromkeys(p for p in parts if p)) or [name]


def _match_spellings(gazetteer: Gazetteer, spellings: list[str], country: str | None):
    """The first spelling the gazetteer knows; entries that several spellings name win. A site named
    after a place ("Mazraat X", "X Military Airbase") that the gazetteer knows by no spelling is near that
    place when the gazetteer knows the place as written, whose own name is then the spelling to compare."""
    focus, strict = country or DEFAULT_FOCUS, country is not None
    found = [(s, *_candidates(gazetteer, s, focus, strict=strict)) for s in spellings]
    found = [f for f in found if f[1]]
    if not found:
        found = [(n, gazetteer.lookup(fold_name(n), focus), NEAR) for n in _named_after_any(spellings)]
        found = [f for f in found if f[1]]
    if not found:
        return spellings[0], [], EXACT
    name, candidates, match = found[0]
    if len(found) > 1:
        shared = set.intersection(*({c.id for c in f[1]} for f in found))
        candidates = (
            [c for c in candidates if c.id in shared] or _near_any(candidates, [f[1] for f in found[1:]]) or candidates
        )
    return name, candidates, match


def _near_any(candidates: list[GazetteerEntry], others: list[list[GazetteerEntry]]) -> list[GazetteerEntry]:
    """The candidates lying within SPELLINGS_KM of a place another spelling of the query names: "X/Y" and
    "X (Y)" name one place, or a place beside a town, by two names the sources may keep apart."""
    points = [(o.latitude, o.longitude) for entries in others for o in entries]
    return [c for c in candidates if any(within_km((c.latitude, c.longitude), p, SPELLINGS_KM) for p in points)]


def _named_after_any(spellings: list[str]) -> list[str]:
    return [n for n in (named_after(s) for s in spellings) if n]


def _admin_of(context: str, country: str | None) -> str | None:
    """The admin1 a query's context names: "Homs", "Homs Governorate", or a region of one ("eastern Homs")."""
    context = strip_type_words(context.strip())
    row = admin1_row(country or "SY", context) if context else None
    if row:
        return row["name"]
    region = whole_region(context, country) if context else None
    return region.admin1 if region else None


def _context_after_in(core: str, context: str, country: str | None) -> tuple[str, str]:
    """ "The Euphrates river in eastern Raqqa": an admin1 after a final "in" is the context, as after a comma."""
    found = IN_CONTEXT.search(core)
    if found and not context and _admin_of(found["context"], country):
        return core[: found.start()], found["context"]
    return core, context


def _first_of_stretch(core: str, gazetteer: Gazetteer, country: str | None) -> str | None:
    """The first place of a stretch between two ("road between A and B"; "A-B road" when the gazetteer knows
    both ends, so "Deir ez-Zor road" stays one place's road) when the gazetteer knows it, else None."""
    focus = country or DEFAULT_FOCUS
    found = STRETCH.fullmatch(core.strip())
    if not found or _known(core, gazetteer, focus):
        return None
    first = found["first"] or found["joined"]
    if not _known(first, gazetteer, focus) or (found["second"] and not _known(found["second"], gazetteer, None)):
        return None
    return first.strip()


def _known(name: str, gazetteer: Gazetteer, country: str | None) -> bool:
    """Whether the gazetteer has the name in the country (None: anywhere)."""
    key = fold_name(strip_type_words(name.strip()) or name)
    return bool(key) and bool(gazetteer.lookup(key, country))


def _candidates(gazetteer: Gazetteer, name: str, focus: str, *, strict: bool) -> tuple[list, str]:
    """Entries for one spelling and how they match it (EXACT, NEAR, CLOSE): exact matches in the focus
    country; else the same name with its qualifiers ("X al-Gharbiyah" = "Western X"); else the place
    without them or a qualified sibling (near, not exact); else its closest spelling; else (unless
    the country was given) exact matches abroad."""
    key = fold_name(name)
    if not key:
        return [], EXACT
    candidates = gazetteer.lookup(key)
    local = [c for c in candidates if c.country == focus]
    if local:
        return local, EXACT
    base, qualifiers = split_qualifiers(name)
    if qualifiers:
        qualified = qualified_key(base, qualifiers)
        same = gazetteer.lookup(qualified, focus) or _by_skeleton(gazetteer, qualified, focus)
        if same:
            return same, EXACT
    siblings = gazetteer.lookup(base, focus) if qualifiers else []
    siblings = siblings or gazetteer.lookup(sibling_key(base), focus)
    if siblings:
        return siblings, NEAR
    close = _close_spelling(gazetteer, key, focus)
    if close:
        return close, CLOSE
    return ([] if strict else candidates), EXACT


def _close_spelling(gazetteer: Gazetteer, key: str, focus: str) -> list:
    similar = _by_skeleton(gazetteer, key, focus) or _by_short_skeleton(gazetteer, key, focus)
    if similar:
        return similar
    if len(key) >= FUZZY_MIN_LENGTH:
        keys = _keys_by_initial(gazetteer, focus, key[0])
        best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best:
            return gazetteer.lookup(best[0], focus)
    return []


ADMIN_FUZZY_CUTOFF = 80


def _fuzzy_in_admin(gazetteer: Gazetteer, key: str, country: str, admin1: str):
    """With an explicit admin1, a looser spelling match among that region's places only."""
    keys = gazetteer.derived(("keys in admin1", country, admin1), lambda g: _keys_in_admin1(g, country, admin1))
    best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=ADMIN_FUZZY_CUTOFF)
    if best is None:
        return []
    return [e for e in gazetteer.lookup(best[0], country) if e.admin1 == admin1]


def _keys_in_admin1(gazetteer: Gazetteer, country: str, admin1: str) -> tuple[str, ...]:
    return tuple(k for k in gazetteer.keys_in(country) if any(e.admin1 == admin1 for e in gazetteer.lookup(k, country)))


def _by_skeleton(gazetteer: Gazetteer, key: str, focus: str) -> list:
    """Entries of the closest key sharing `key`'s consonant skeleton."""
    same_bones = _skeletons(gazetteer, focus).get(_bones(key), [])
    if not same_bones:
        return []
    best = process.extractOne(key, same_bones, scorer=fuzz.ratio)
    return gazetteer.lookup(best[0], focus)


SHORT_SKELETON_CUTOFF = 88  # one letter more or less in a five-letter key


def _by_short_skeleton(gazetteer: Gazetteer, key: str, focus: str) -> list:
    """A short name spelled with other vowels and glides and one letter more or less ("Suwayyah" for
    "Sweiyeh", "Mahajjah" for "Mahjeh", "Tuways" for "Tweis"): its consonants are too few for the skeleton
    table, so the key must also be nearly the same; another consonant is another name ("Tall Antar" is
    not "Tal Anbar")."""
    bones = skeleton(key)
    if QUALIFIER_MARK in key or len(bones) >= 3:
        return []
    same_bones = gazetteer.derived(("short skeletons", focus), lambda g: _short_skeleton_table(g, focus)).get(bones)
    best = process.extractOne(key, same_bones or [], scorer=fuzz.ratio, score_cutoff=SHORT_SKELETON_CUTOFF)
    return gazetteer.lookup(best[0], focus) if best else []


def _short_skeleton_table(gazetteer: Gazetteer, country: str) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for key in gazetteer.keys_in(country):
        bones = skeleton(key)
        if QUALIFIER_MARK not in key and len(bones) < 3:
            table.setdefault(bones, []).append(key)
    return table


def _bones(key: str) -> str:
    """The skeleton of a key; a qualified key keeps its qualifiers ("swdy|big")."""
    base, mark, qualifiers = key.partition(QUALIFIER_MARK)
    return skeleton(base) + mark + qualifiers


def _skeletons(gazetteer: Gazetteer, country: str) -> dict[str, list[str]]:
    """A country's keys by their consonant skeleton (3+ letters, 2 with qualifiers: shorter ones collide)."""
    return gazetteer.derived(("skeletons", country), lambda g: _skeleton_table(g, country))


def _skeleton_table(gazetteer: Gazetteer, country: str) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for key in gazetteer.keys_in(country):
        bones = _bones(key)
        base, _, qualifiers = bones.partition(QUALIFIER_MARK)
        if len(base) >= (2 if qualifiers else 3) and not key.endswith(QUALIFIER_MARK):
            table.setdefault(bones, []).append(key)
    return table


def _keys_by_initial(gazetteer: Gazetteer, country: str, initial: str) -> list[str]:
    """A country's keys sharing the first letter: the fuzzy search space (spellings rarely differ there)."""
    return gazetteer.derived(("keys by initial", country), lambda g: _initial_table(g, country)).get(initial, [])


def _initial_table(gazetteer: Gazetteer, country: str) -> dict[str, list[str]]:
    buckets: dict[str, list[str]] = {}
    for key in gazetteer.keys_in(country):
        if QUALIFIER_MARK not in key:
            buckets.setdefault(key[:1], []).append(key)
    return buckets


__all__ = ["geocode", "geocode_many"]

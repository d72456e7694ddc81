"""Geocode place names given alone (queries, CSV columns): type words, admin context, fuzzy fallback."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from ..model import Place
from ..resource_files import resource_path
from .disambiguate import Evidence, choose
from .folding import fold_name, skeleton
from .gazetteer import Gazetteer, admin1_row
from .regions import find_regions
from .toponyms import country_name, place_from_entry, region_place

NEAR_PREFIX = re.compile(r"^\s*(?:near|outside|outskirts of|around|close to|vicinity of|the)\s+", re.I)
FUZZY_CUTOFF = 92
FUZZY_MIN_LENGTH = 6
DEFAULT_FOCUS = "SY"  # fuzzy matches are only sought in the focus country


@cache
def type_words() -> re.Pattern:
    lines = resource_path("place_types.txt").read_text(encoding="utf-8").splitlines()
    words = sorted((w.strip() for w in lines if w.strip() and not w.startswith("#")), key=len, reverse=True)
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(rf"^(?:(?:{alternation})\s+of\s+)|\s+(?:{alternation})$", re.I)


def strip_type_words(name: str) -> str:
    """'Teir Maaleh village' → 'Teir Maaleh'; 'town of Azaz' → 'Azaz' (repeatedly)."""
    previous = None
    while previous != name:
        previous = name
        name = type_words().sub("", name).strip()
    return name


def geocode(query: str, gazetteer: Gazetteer, *, country: str | None = None) -> Place:
    """One place name → the best Place, or a Place with null coordinates and a reason."""
    return _geocode_cached(gazetteer, query, country)


def geocode_many(queries: Iterable[str], gazetteer: Gazetteer, *, country: str | None = None) -> Iterator[Place]:
    for query in queries:
        yield geocode(query, gazetteer, country=country)


@lru_cache(maxsize=100_000)
def _geocode_cached(gazetteer: Gazetteer, query: str, country: str | None) -> Place:
    text = query.strip()
    if not text:
        return Place(query=query, reason="empty query")
    precision = 1
    core, near = NEAR_PREFIX.subn("", text)
    if near and not core.lower().startswith("the "):
        precision = 2
    core, _, context = core.partition(",")
    context_admin1 = _admin_of(context, country)
    core = re.sub(r"\s*\([^)]*\)", "", core).strip()
    regions = find_regions(core, (country or "SY",))
    if regions and regions[0].end - regions[0].start >= len(core) - 2:
        return region_place(gazetteer, regions[0], query)
    name = strip_type_words(core) or core
    candidates = []
    for spelling in [name, *(s.strip() for s in name.split("/") if "/" in name)]:
        candidates = _candidates(gazetteer, fold_name(spelling), country or DEFAULT_FOCUS, strict=country is not None)
        if candidates:
            name = spelling
            break
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
    entry, confidence = choose(candidates, Evidence(focus, Counter(), ()), context_admin1, name)
    return place_from_entry(query, entry, precision, confidence)


def _admin_of(context: str, country: str | None) -> str | None:
    context = strip_type_words(context.strip())
    row = admin1_row(country or "SY", context) if context else None
    return row["name"] if row else None


def _candidates(gazetteer: Gazetteer, key: str, focus: str, *, strict: bool):
    """Exact matches in the focus country; else its closest long-enough spelling; else (unless the
    country was given) exact matches abroad."""
    candidates = gazetteer.lookup(key)
    local = [c for c in candidates if c.country == focus]
    if local or not key:
        return local or ([] if strict else candidates)
    by_skeleton = _skeletons(gazetteer, focus).get(skeleton(key), [])
    if by_skeleton:
        best = process.extractOne(key, by_skeleton, scorer=fuzz.ratio)
        return gazetteer.lookup(best[0], focus)
    if len(key) >= FUZZY_MIN_LENGTH:
        keys = _keys_by_initial(gazetteer, focus, key[0])
        best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best:
            return gazetteer.lookup(best[0], focus)
    return [] if strict else candidates


_buckets: dict[tuple[int, str], dict[str, list[str]]] = {}
_admin_keys: dict[tuple[int, str, str], list[str]] = {}
ADMIN_FUZZY_CUTOFF = 80


def _fuzzy_in_admin(gazetteer: Gazetteer, key: str, country: str, admin1: str):
    """With an explicit admin1, a looser spelling match among that region's places only."""
    cache_key = (id(gazetteer), country, admin1)
    if cache_key not in _admin_keys:
        _admin_keys[cache_key] = [
            k for k in gazetteer.keys_in(country) if any(e.admin1 == admin1 for e in gazetteer.lookup(k, country))
        ]
    best = process.extractOne(key, _admin_keys[cache_key], scorer=fuzz.ratio, score_cutoff=ADMIN_FUZZY_CUTOFF)
    if best is None:
        return []
    return [e for e in gazetteer.lookup(best[0], country) if e.admin1 == admin1]


_skeleton_maps: dict[tuple[int, str], dict[str, list[str]]] = {}


def _skeletons(gazetteer: Gazetteer, country: str) -> dict[str, list[str]]:
    """A country's keys by their consonant skeleton (only skeletons of 3+ letters: shorter ones collide)."""
    cache_key = (id(gazetteer), country)
    if cache_key not in _skeleton_maps:
        table: dict[str, list[str]] = {}
        for key in gazetteer.keys_in(country):
            bones = skeleton(key)
            if len(bones.replace(" ", "")) >= 3:
                table.setdefault(bones, []).append(key)
        _skeleton_maps[cache_key] = table
    return _skeleton_maps[cache_key]


def _keys_by_initial(gazetteer: Gazetteer, country: str, initial: str) -> list[str]:
    """A country's keys sharing the first letter: the fuzzy search space (spellings rarely differ there)."""
    cache_key = (id(gazetteer), country)
    if cache_key not in _buckets:
        buckets: dict[str, list[str]] = {}
        for key in gazetteer.keys_in(country):
            buckets.setdefault(key[:1], []).append(key)
        _buckets[cache_key] = buckets
    return _buckets[cache_key].get(initial, [])


__all__ = ["geocode", "geocode_many", "strip_type_words"]

"""Fast multi-pattern search of gazetteer names in text: folded tokens + an Aho-Corasick automaton."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import ahocorasick
from rapidfuzz import fuzz
from unidecode import unidecode
from wordfreq import zipf_frequency

from ..resource_files import load_yaml, resource_path
from .disambiguate import bare_spelling, plain
from .folding import QUALIFIER_MARK, fold_name, fold_token, tokens
from .gazetteer import Gazetteer

COMMON_WORD_ZIPF = 3.6  # a single lower-case-looking word this frequent in English is not a place
ENGLISH_WORD_ZIPF = 2.8  # a rarer English word ("shelling") still names no place it is not spelled as
STOP_NAME_SIMILARITY = 80


@dataclass(frozen=True, slots=True)
class NameMatch:
    key: str
    start: int
    end: int
    text: str


@cache
def metonymy_patterns() -> tuple[re.Pattern, re.Pattern]:
    spec = load_yaml("place_metonymy.yaml")
    return (re.compile("|".join(spec["before"]), re.I), re.compile("|".join(spec["after"]), re.I))


def is_metonym(text: str, start: int, end: int) -> bool:
    """ "pro-Damascus media", "Damascus said", "TV channel Al-Mayadeen": a government or a medium, not a place."""
    before, after = metonymy_patterns()
    return bool(before.search(text[max(0, start - 24) : start]) or after.match(text[end : end + 40]))


@cache
def stop_names() -> dict[str, tuple[str, ...]]:
    """Folded key → the stop-names' own spellings under it."""
    lines = resource_path("stopnames.txt").read_text(encoding="utf-8").splitlines()
    spellings: dict[str, list[str]] = {}
    for line in lines:
        if line.strip() and not line.startswith("#"):
            spellings.setdefault(fold_name(line), []).append(plain(line))
    return {key: tuple(names) for key, names in spellings.items()}


def is_stop_name(surface: str, key: str) -> bool:
    """A stop-name or a spelling of it ("Qaida" for "Qaeda"); folding alone would also stop places whose
    key it happens to share ("Daraa" folds like "Deir")."""
    wanted = plain(surface)
    return any(fuzz.ratio(wanted, name) >= STOP_NAME_SIMILARITY for name in stop_names().get(key, ()))


@cache
def name_heads() -> frozenset[str]:
    lines = resource_path("name_heads.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(plain(line) for line in lines if line.strip() and not line.startswith("#"))


ARABIC_ARTICLE = re.compile(r"(?:a[lnrsdtz]|el|ash|adh)[-\s]", re.I)
LONGER_NAME_GOES_ON = re.compile(r"[ -](?:a[lnrsdtz]|el|ash|adh)-\w", re.I)


def is_head_of_longer_name(text: str, start: int, end: int) -> bool:
    """ "Bab al-Faraj", "Karam al-Luz": a name's head word followed by an article and more is not the place
    the head alone names (al-Bab, al-Karamah); "al-Bab al-Jadida" with its own article still is."""
    return (
        plain(text[start:end]) in name_heads()
        and not ARABIC_ARTICLE.match(text, start)
        and bool(LONGER_NAME_GOES_ON.match(text, end))
    )


T = TypeVar("T")
_built: dict[str, tuple[int, object]] = {}  # what → (id of the gazetteer it was built for, it)
_lock = threading.Lock()


def _once_per_gazetteer(what: str, gazetteer: Gazetteer, build: Callable[[Gazetteer], T]) -> T:
    """`build(gazetteer)`, made once for the latest gazetteer instance and never changed afterwards."""
    with _lock:
        owner, built = _built.get(what, (None, None))
        if owner != id(gazetteer):
            built = build(gazetteer)
            _built[what] = (id(gazetteer), built)
        return built


def automaton_for(gazetteer: Gazetteer) -> ahocorasick.Automaton:
    """One automaton per gazetteer instance, built lazily and never changed afterwards."""
    return _once_per_gazetteer("automaton", gazetteer, _build_automaton)


def _build_automaton(gazetteer: Gazetteer) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key in gazetteer.keys():
        if QUALIFIER_MARK not in key:
            automaton.add_word(f" {key} ", key)
    automaton.make_automaton()
    return automaton


def _name_words_of(gazetteer: Gazetteer) -> frozenset[str]:
    """Every folded word of every name: "Hamis" of "Tall Hamis" is a name's own word, not Hami's."""
    return _once_per_gazetteer(
        "name words", gazetteer, lambda g: frozenset(word for key in g.keys() for word in key.split())
    )


def find_names(text: str, gazetteer: Gazetteer, accept: Callable[[str, str], bool] | None = None) -> list[NameMatch]:
    """Leftmost-longest gazetteer names on token boundaries, with offsets into the original text.
    `accept(key, surface)` can veto a match, letting the shorter names inside it through."""
    spans, pieces, offsets = [], [" "], []
    position = 1
    article_start = None
    for match in tokens(text):
        word = _without_possessive(match[0], gazetteer)
        folded = fold_token(word)
        if not folded:
            article_start = match.start()
            continue
        attached = article_start is not None and match.start() - article_start <= len("ash-") + 1
        spans.append((article_start if attached else match.start(), match.start() + len(word)))
        article_start = None
        offsets.append(position)
        pieces.append(folded + " ")
        position += len(folded) + 1
    folded_text = "".join(pieces)
    start_token = {pos: i for i, pos in enumerate(offsets)}
    candidates = []
    automaton = automaton_for(gazetteer)
    for end, key in automaton.iter(folded_text) if len(automaton) else ():  # an empty index matches nothing
        begin = end - len(key)  # the key is stored as " key ": end is its trailing space
        first = start_token.get(begin)
        if first is None:
            continue
        last = first + key.count(" ")
        candidates.append((first, last, key))
    candidates.sort(key=lambda c: (c[0], -c[1]))
    found, covered_until = [], -1
    for first, last, key in candidates:
        if first <= covered_until:
            continue
        start, end = spans[first][0], spans[last][1]
        if _plausible(text, key, start, end, first == last, gazetteer) and (
            accept is None or accept(key, text[start:end])
        ):
            found.append(NameMatch(key, start, end, text[start:end]))
            covered_until = last
    return found


WELL_KNOWN_POPULATION = 100_000  # "Moscow" is a frequent English word and still a place


def _without_possessive(word: str, gazetteer: Gazetteer) -> str:
    """ "Aleppo's" names Aleppo; so does "Aleppos" where flattened text lost the apostrophe, when the
    stem is a big city's own name and the whole neither an English word ("Hamas" is not Hama's) nor a
    word of a place's name ("Tall Hamis" is not Hami's)."""
    if word[-1:] != "s" or len(word) < 5:
        return word
    if word[-2] in "'’":
        return word[:-2]
    stem = word[:-1]
    if (
        word[0].isupper()
        and fold_token(word) not in _name_words_of(gazetteer)
        and _well_known(stem, fold_token(stem), gazetteer)
        and not _english_word(word)
    ):
        return stem
    return word


def _common_word(surface: str) -> bool:
    return zipf_frequency(surface.lower(), "en") >= COMMON_WORD_ZIPF


def _english_word(surface: str) -> bool:
    return zipf_frequency(surface.lower(), "en") >= ENGLISH_WORD_ZIPF


def _spelled_as_named(surface: str, key: str, gazetteer: Gazetteer) -> bool:
    """Written as a place of that key writes its own name, but for a final h: "Hula" for "Al Ḩūlah", not
    "Shelling" for "Shillong" nor "Haley" for "Al Ḩawl"."""
    wanted = bare_spelling(surface)
    return any(bare_spelling(e.name) == wanted for e in gazetteer.lookup(key))


def _well_known(surface: str, key: str, gazetteer: Gazetteer) -> bool:
    """A big city written exactly as its own name."""
    wanted = unidecode(surface).lower()
    return any(
        e.population >= WELL_KNOWN_POPULATION and unidecode(e.name).lower() == wanted for e in gazetteer.lookup(key)
    )


ARTICLE_PREFIX = re.compile(r"^[a-z]{1,3}[-\s'’]+")


def _plausible(text: str, key: str, start: int, end: int, single_word: bool, gazetteer: Gazetteer) -> bool:
    """Capitalised, not a stop-name, not plain English ("Many", "I saw") unless a big city's own name,
    and not a government by its capital's name."""
    surface = ARTICLE_PREFIX.sub("", text[start:end])
    if not surface[:1].isupper() or is_stop_name(surface, key):
        return False
    if single_word and (len(key) <= 2 or is_head_of_longer_name(text, start, end)):
        return False
    words = re.findall(r"[^\W\d_]+", surface)
    if all(_common_word(w) for w in words) and not _well_known(surface, key, gazetteer):
        return False
    if single_word and _english_word(surface) and not _spelled_as_named(surface, key, gazetteer):
        return False  # "Shelling" folds like "Shillong": an English word is a place only as the place writes itself
    return (not surface.isupper() or len(surface) > 4) and not is_metonym(text, start, end)

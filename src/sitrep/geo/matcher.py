"""Finding gazetteer names in text: the text's folded words looked up against the index's name keys."""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate, compress, count
from operator import itemgetter, not_

from rapidfuzz import fuzz
from unidecode import unidecode

from ..caseless import CaselessAny
from ..resource_files import load_yaml, resource_path
from .disambiguate import bare_spelling, plain
from .english import load_table, zipf
from .folding import TOKEN, fold_name, fold_token
from .gazetteer import Gazetteer
from .longer_names import drop_parts_of_longer_names
from .memo import BoundedMemo
from .places import country_names
from .regions import near_patterns

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
def metonymy_patterns() -> tuple[CaselessAny, CaselessAny]:
    """The cues right before and right after a name (searched in its window, matched at its end)."""
    spec = load_yaml("place_metonymy.yaml")
    return CaselessAny(spec["before"]), CaselessAny(spec["after"])


def is_metonym(text: str, start: int, end: int) -> bool:
    """ "pro-Damascus media", "Damascus said", "TV channel Al-Mayadeen": a government or a medium, not a place.
    A name after a cue of where ("east of", "near") is a place whatever follows: in "east of Damascus said
    the Observatory" the speaker comes after the verb."""
    if _metonym_cue_before(text[max(0, start - 24) : start]):
        return True
    return metonymy_patterns()[1].match(text[end : end + 40]) and not near_patterns()[0].search(
        text[max(0, start - 60) : start]
    )


@lru_cache(maxsize=65_536)
def _metonym_cue_before(window: str) -> bool:
    """Whether the words right before a name make it a metonym (searching them costs most of the test, and
    the same few words stand before many names: "according to", "pro-", "loyal to")."""
    return metonymy_patterns()[0].search(window)


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
    if any(fuzz.ratio(wanted, name) >= STOP_NAME_SIMILARITY for name in stop_names().get(key, ())):
        return True
    # with a possessive whose apostrophe was lost ("al Qaedas Syrian offshoot")
    return surface.endswith("s") and is_stop_name(surface[:-1], fold_name(surface[:-1]))


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


def find_names(text: str, gazetteer: Gazetteer, accept: Callable[[str, str], bool] | None = None) -> list[NameMatch]:
    """Leftmost-longest gazetteer names on token boundaries, with offsets into the original text.
    `accept(key, surface)` can veto a match, letting the shorter names inside it through."""
    pieces = TOKEN_AND_GAPS.split(text)  # gap, token, gap, token, …, gap
    tokens = pieces[1::2]
    readings = _readings_of(tokens, gazetteer)
    starters = list(compress(count(), map(itemgetter(STARTS), readings)))
    if not starters:
        return []
    bounds = list(accumulate(map(len, pieces)))  # token i begins at bounds[2 * i], summed in C
    tables = gazetteer.tables()
    keys, prefixes = tables.by_key.numbers, tables.prefixes
    verdicts = _verdicts(gazetteer)
    found, covered_until = [], -1
    for first in starters:
        if first <= covered_until:
            continue
        begin = bounds[2 * first]
        article = first - 1  # an article right before the first word belongs to the name ("al-Bab")
        attached = article >= 0 and begin - bounds[2 * article] <= len("ash-") + 1
        if attached:
            before = readings[article][0]
            attached = not (fold_token(tokens[article][: readings[article][1]]) if before is None else before)
        start = bounds[2 * article] if attached else begin
        folded = _folded(readings, tokens, first)  # (a starter's is never None)
        spelled = _keys_from(readings, tokens, first, keys, prefixes) if folded in prefixes else [(first, folded)]
        for last, key in reversed(spelled):  # (a starter that begins no longer key is a key itself)
            end = bounds[2 * last] + readings[last][1]
            written = text[start:end]
            verdict = verdicts.get((written, key))  # most words are asked again and again ("The", "Syrian")
            if verdict is None:
                verdict = verdicts.remember(
                    (written, key), _plausible_as_written(written, key, first == last, gazetteer)
                )
            if (
                verdict
                and _plausible_here(text, start, end, first == last)
                and (accept is None or accept(key, written))
            ):
                found.append(NameMatch(key, start, end, written))
                covered_until = last
                break
    return drop_parts_of_longer_names(text, found, gazetteer, lambda w: _english_zipf(w, gazetteer), name_heads())


TOKEN_AND_GAPS = re.compile(f"({TOKEN.pattern})")
MAX_TOKEN_READINGS = 200_000  # distinct words remembered per gazetteer (a long corpus's vocabulary)
MAX_VERDICTS = 100_000  # names as written whose plausibility is remembered per gazetteer
STARTS = 3  # the field of a reading that says whether a name can begin at the token

Reading = tuple[str | None, int, bool, bool]


def _readings_of(tokens: list[str], gazetteer: Gazetteer) -> list[Reading]:
    """Each token's reading (see _reading), most of them remembered from earlier texts."""
    remembered = _token_readings(gazetteer)
    readings = list(map(remembered.get, tokens))
    for index in compress(count(), map(not_, readings)):  # the new words (a reading is never empty)
        token = tokens[index]
        readings[index] = remembered.get(token) or remembered.remember(token, _reading(token, gazetteer))
    return readings  # type: ignore[return-value]  # no None is left


def _token_readings(gazetteer: Gazetteer) -> BoundedMemo[Reading]:
    """token → its reading (see _reading), remembered on the gazetteer: text repeats its words, and each
    reading is a pure function of the token and the gazetteer."""
    return gazetteer.derived("token readings", lambda g: BoundedMemo(MAX_TOKEN_READINGS))


def _verdicts(gazetteer: Gazetteer) -> BoundedMemo[bool]:
    """(name as written, key) → whether it is plausible as written (_plausible_as_written), remembered on
    the gazetteer (a key of one word is a single word)."""
    return gazetteer.derived("plausible as written", lambda g: BoundedMemo(MAX_VERDICTS))


def _reading(token: str, gazetteer: Gazetteer) -> Reading:
    """What the matcher needs of a token: its folded form ('' for an article), the length of the word it
    stands for (a possessive's s left out), whether that word is capitalised and whether a name can begin
    there (a capitalised word that is a name key or the first word of one). A word in lower case can only
    go on a name begun before it, so its folded form is None, made when asked for (_folded): most words
    of a text are never asked for."""
    word = _without_possessive(token, gazetteer) if token[-1] == "s" and len(token) >= 5 else token
    if not word[0].isupper():
        return None, len(word), False, False
    folded = fold_token(word)
    tables = gazetteer.tables()
    starts = bool(folded) and (folded in tables.by_key.numbers or folded in tables.prefixes)
    return folded, len(word), True, starts


def _folded(readings: list[Reading], tokens: list[str], index: int) -> str:
    """The folded form of token `index` (a lower-case word's made now: fold_token remembers it)."""
    folded = readings[index][0]
    return fold_token(tokens[index][: readings[index][1]]) if folded is None else folded


def _keys_from(
    readings: list[Reading], tokens: list[str], first: int, keys: Container[str], prefixes: Container[str]
) -> list[tuple[int, str]]:
    """(last token, key) of every name key the words starting at token `first` spell, shortest first
    (articles between the words are no words of the key)."""
    found, run, last, total = [], _folded(readings, tokens, first), first, len(readings)
    while True:
        if run in keys:
            found.append((last, run))
        if run not in prefixes:
            return found
        word: str | None = ""
        while not word:  # the next word that is no article
            last += 1
            if last >= total:
                return found
            word = readings[last][0]
            if word is None:
                word = fold_token(tokens[last][: readings[last][1]])
        run = f"{run} {word}"


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
        and _well_known(stem, fold_token(stem), gazetteer)
        and not _english_word(word, gazetteer)
        and not gazetteer.is_name_word(fold_token(word))
    ):
        return stem
    return word


def _english_zipf(word: str, gazetteer: Gazetteer) -> float:
    return zipf(word, gazetteer.derived("english words", lambda g: load_table(g.path.parent)))


def _common_word(surface: str, gazetteer: Gazetteer) -> bool:
    return _english_zipf(surface, gazetteer) >= COMMON_WORD_ZIPF


def _english_word(surface: str, gazetteer: Gazetteer) -> bool:
    return _english_zipf(surface, gazetteer) >= ENGLISH_WORD_ZIPF


def _spelled_as_named(surface: str, key: str, gazetteer: Gazetteer) -> bool:
    """Written as a place of that key writes its own name, but for a final h: "Hula" for "Al Ḩūlah", not
    "Shelling" for "Shillong" nor "Haley" for "Al Ḩawl"."""
    return bare_spelling(surface) in _spellings_of(gazetteer, key, "bare own names")


def _well_known(surface: str, key: str, gazetteer: Gazetteer) -> bool:
    """A big city written exactly as its own name."""
    return unidecode(surface).lower() in _spellings_of(gazetteer, key, "big cities' own names")


MAX_KEYS = 50_000  # keys whose places' own spellings are remembered per gazetteer
SPELLINGS = {
    "bare own names": lambda entries: (bare_spelling(e.name) for e in entries),
    "big cities' own names": lambda entries: (
        unidecode(e.name).lower() for e in entries if e.population >= WELL_KNOWN_POPULATION
    ),
}


def _spellings_of(gazetteer: Gazetteer, key: str, kind: str) -> frozenset[str]:
    """SPELLINGS[kind] of a key's places, remembered on the gazetteer (a key is asked about in many
    spellings, and some keys have hundreds of places)."""
    memo: BoundedMemo[frozenset[str]] = gazetteer.derived(kind, lambda g: BoundedMemo(MAX_KEYS))
    found = memo.get(key)
    if found is None:
        found = memo.remember(key, frozenset(SPELLINGS[kind](gazetteer.lookup(key))))
    return found


@cache
def _country_names() -> frozenset[str]:
    return frozenset(name.lower() for name in country_names().values())


def _is_nationality(surface: str) -> bool:
    """ "his Qatari counterpart": a country's adjective (Qatari, Syrian, Jordanian) is no village of that name."""
    word = surface.lower()
    return any(word.endswith(end) and word[: -len(end)] in _country_names() for end in ("i", "n", "ian"))


FUNCTION_WORD_ZIPF = 5.0  # "in", "on", "is", "and": the most frequent short words of English


def _joins_a_function_word(surface: str, key: str, gazetteer: Gazetteer) -> bool:
    """ "In Deir Ezzor" folds, word by word, like "Ein Dara": folding may not make a name of a function
    word ("In", "On", "And") that is no word of the place's own names."""
    short = [plain(w) for w in re.findall(r"[^\W\d_]+", surface) if len(w) <= 3]
    function_words = [w for w in short if w and _english_zipf(w, gazetteer) >= FUNCTION_WORD_ZIPF]
    if not function_words:
        return False
    own = {word for e in gazetteer.lookup(key) for name in gazetteer.names_of(e) for word in plain(name).split()}
    return any(word not in own for word in function_words)


ARTICLE_PREFIX = re.compile(r"^([a-z]{1,3})[-\s'’]+")


def _without_article(surface: str) -> str:
    """ "al-Bab" → "Bab"; "in Deir" stays whole: "in" folds like "Ein" but is no article, so the match
    begins with a lower-case word and names no place ("in Deir Ezzor" is not the village of Ein Dara)."""
    article = ARTICLE_PREFIX.match(surface)
    return surface[article.end() :] if article and not fold_token(article[1]) else surface


def _plausible_here(text: str, start: int, end: int, single_word: bool) -> bool:
    """What the words around a name plausible as written (_plausible_as_written) say: not the head of a
    longer name, not a government or a medium by its place's name."""
    if single_word and is_head_of_longer_name(text, start, end):
        return False
    return not is_metonym(text, start, end)


def _plausible_as_written(written: str, key: str, single_word: bool, gazetteer: Gazetteer) -> bool:
    """Capitalised, not a stop-name, not plain English ("Many", "I saw") unless a big city's own name: what
    the name as written says, wherever it stands."""
    surface = _without_article(written)
    if not surface[:1].isupper() or (single_word and len(key) <= 2):
        return False
    return _plausible_spelling(surface, key, single_word, gazetteer)


def _plausible_spelling(surface: str, key: str, single_word: bool, gazetteer: Gazetteer) -> bool:
    """What the written name alone says: a stop-name, a nationality, English words or a function word
    folding into a name are no place."""
    if is_stop_name(surface, key):
        return False
    if not single_word and _joins_a_function_word(surface, key, gazetteer):
        return False
    if single_word and _is_nationality(surface):
        return False
    words = re.findall(r"[^\W\d_]+", surface)
    if all(_common_word(w, gazetteer) for w in words) and not _well_known(surface, key, gazetteer):
        return False
    if single_word and _english_word(surface, gazetteer) and not _spelled_as_named(surface, key, gazetteer):
        return False  # "Shelling" folds like "Shillong": an English word is a place only as the place writes itself
    return not surface.isupper() or len(surface) > 4

"""A village's name inside a longer proper name names something else: "Nazeer Rida" and "Rami Abdel Rahman"
are people, "Khan Al-Assal" is a village the gazetteer may not know, "Burj Rouss Qsaa" a street.

A neighbouring capitalised word counts when it is a name's word: rare in English (or the head of an
Arabic place name, "Khan", "Deir"), no kind of place ("camp", "Farms"), no direction and not itself a
place found in the text and written like it. Cities keep their name in longer names ("Damascus Gate",
"Aleppo Citadel"), and a headline in Title Case says nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache

from rapidfuzz import fuzz, process

from ..resource_files import load_yaml, resource_path
from .disambiguate import plain
from .folding import fold_token, qualifier_table
from .gazetteer import Gazetteer
from .memo import BoundedMemo

NAME_WORD_ZIPF = 3.5  # "Abdel" (3.1), "Rahman" (3.3) are names' words; "Advances" (4.1) is English
CITY_POPULATION = 100_000
WRITTEN_LIKE = 0.9  # "Ezour" is written as a name of Deir ez-Zor; "Rami" only like one of Rome's ("Romi")
ARTICLE_WORD = r"(?i:al|el|ad|as|ar|ash|at|az|an)"
WORD_BEFORE = re.compile(rf"(?:^|[^\w'’-])((?:{ARTICLE_WORD}-)?[\w'’]+)[ -]$")
WORD_AFTER = re.compile(rf"[ -](?:{ARTICLE_WORD}[ -])?([\w'’]+)")  # "Nour El Din": the word after the article
ARTICLE = re.compile(r"^(?:al|el|ad|as|ar|ash|at|az|an)-", re.I)
HEADLINE_WORDS = 3  # this many words on each side, all capitalised: a Title Case headline
MAX_VERDICTS = 100_000  # words and names as written whose verdicts are remembered per gazetteer


@cache
def _not_name_words() -> frozenset[str]:
    """Kinds of places, directions and countries: "Atmeh Camp", "Kafr Nabl North", "Syria's Afrin" (also
    "Syrias Afrin" where the apostrophe was lost) and "Turkish Kilis" keep their place."""
    lines = resource_path("place_types.txt").read_text(encoding="utf-8").splitlines()
    kinds = {word.strip().lower() for line in lines if not line.startswith("#") for word in line.split()}
    countries = load_yaml("countries.yaml").values()
    nations = {f["name"].lower() + end for f in countries for end in ("", "s", "'s", "’s")}
    nations |= {f["demonym"].lower() for f in countries if f.get("demonym")}
    return frozenset(kinds | nations | {d.lower() for d in load_yaml("regions.yaml")["directions"]})


def drop_parts_of_longer_names(
    text: str, found: Sequence, gazetteer: Gazetteer, english_zipf, name_heads: frozenset[str]
) -> list:
    """The matches (NameMatch) that are no village inside a longer proper name."""
    starts = [m.start for m in found]

    def place_at(position: int) -> bool:
        """A found name written like a place it names ("Beit Zaifa"), not one folding like it ("Rouss")."""
        index = bisect_right(starts, position) - 1
        if index < 0 or not found[index].start <= position < found[index].end:
            return False
        return _written_like(found[index].text, found[index].key, gazetteer, 0)

    # word → bool (english_zipf is the gazetteer's own word list, name_heads a resource)
    words_of_names: BoundedMemo[bool] = gazetteer.derived(
        ("words of names", name_heads), lambda g: BoundedMemo(MAX_VERDICTS)
    )

    def name_word(word: str, position: int) -> bool:
        verdict = words_of_names.get(word)
        if verdict is None:
            verdict = words_of_names.remember(word, _could_be_name_word(word, english_zipf, name_heads))
        return verdict and not place_at(position)  # "Al-Bab al-Kabir" is a qualified al-Bab

    kept = []
    for match in found:
        before = WORD_BEFORE.search(text, max(0, match.start - 40), match.start)
        after = WORD_AFTER.match(text, match.end)
        longer = [
            *([f"{before[1]} {match.text}"] if before and name_word(before[1], before.start(1)) else []),
            *([f"{match.text} {after[1]}"] if after and name_word(after[1], after.start(1)) else []),
        ]
        if longer and not _keeps_its_place(match, longer, gazetteer) and not _in_headline(text, match.start, match.end):
            continue
        kept.append(match)
    return kept


def _could_be_name_word(word: str, english_zipf, name_heads: frozenset[str]) -> bool:
    """What the word alone says: capitalised, no kind of place, direction or qualifier, and rare in English
    or the head of an Arabic place name."""
    word = ARTICLE.sub("", word)  # "al-Araby al-Jadeed": "Araby" is the word
    if not (word[:1].isupper() and any(ch.islower() for ch in word[1:])):
        return False
    if word.lower() in _not_name_words() or fold_token(word) in qualifier_table():
        return False
    return plain(word) in name_heads or english_zipf(word) < NAME_WORD_ZIPF


def _keeps_its_place(match, longer: list[str], gazetteer: Gazetteer) -> bool:
    """A city keeps its name in a longer one ("Damascus Gate"), and so does a place whose own name the
    longer one is ("Deir Ezour" for Deir ez-Zor, found by its "Ezour")."""
    return _written_like(match.text, match.key, gazetteer, CITY_POPULATION) or any(
        _written_like(name, match.key, gazetteer, 0) for name in longer
    )


def _written_like(surface: str, key: str, gazetteer: Gazetteer, min_population: int) -> bool:
    """Whether the surface is written much like a name of a place of that key with at least min_population
    ("Ezour" is one of Deir ez-Zor's names; "Rami" only folds like one of Rome's)."""
    verdicts: BoundedMemo[bool] = gazetteer.derived("written like", lambda g: BoundedMemo(MAX_VERDICTS))
    verdict = verdicts.get((surface, key, min_population))
    if verdict is None:
        wanted = plain(surface)
        verdict = verdicts.remember(
            (surface, key, min_population),
            any(
                process.extractOne(wanted, _plain_names(gazetteer, entry), scorer=fuzz.ratio, score_cutoff=SCORE_LIKE)
                for entry in gazetteer.lookup(key)
                if entry.place_population >= min_population
            ),
        )
    return verdict


SCORE_LIKE = WRITTEN_LIKE * 100


def _plain_names(gazetteer: Gazetteer, entry) -> tuple[str, ...]:
    """plain() of every name of the entry, remembered on the gazetteer."""
    names: BoundedMemo[tuple[str, ...]] = gazetteer.derived("plain names", lambda g: BoundedMemo(MAX_VERDICTS))
    found = names.get(entry.id)
    if found is None:
        found = names.remember(entry.id, tuple(map(plain, gazetteer.names_of(entry))))
    return found


def _in_headline(text: str, start: int, end: int) -> bool:
    line_start = max(text.rfind("\n", max(0, start - 200), start) + 1, start - 200)  # never the whole text
    line_end = text.find("\n", end, end + 200)
    before = text[line_start:start].split()[-HEADLINE_WORDS:]
    after = text[end : line_end if line_end >= 0 else end + 200].split()[:HEADLINE_WORDS]
    words = before + after
    return len(words) >= HEADLINE_WORDS and all(w[:1].isupper() or w[:1].isdigit() for w in words)

"""Transliteration folding: the many spellings of one Arabic/Kurdish/Turkish place name → one key.

"Deir ez-Zor", "Dayr az Zawr" and "Deir Ezzor" fold to the same key; so do "Ras al-Ain" and
"Ras al-Ayn". The gazetteer index stores these keys; change the rules only with FOLDING_VERSION.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from operator import itemgetter

from unidecode import unidecode

from ..resource_files import load_yaml

FOLDING_VERSION = 3

TOKEN = re.compile(r"[^\W_]+(?:['’ʿʾ`][^\W_]+)*")
ARTICLES = frozenset(
    {
        "al",
        "el",
        "il",
        "ul",
        "ad",
        "ed",
        "ag",
        "az",
        "ez",
        "as",
        "es",
        "ash",
        "esh",
        "ar",
        "er",
        "at",
        "et",
        "an",
        "en",
        "ath",
        "adh",
        "aj",
        "ak",
        "al-",
    }
)
MERGED_ARTICLE = re.compile(r"^[ae](?=([dtszrnl]|sh|th)\1[a-z]{2})")
GLUED_AL = re.compile(r"^[ae]l(?=[b-df-hj-np-tv-z][a-z]{3})")  # "Elsirwana", "Aldaleia" (not "Aleppo")
REWRITES = (("ph", "f"), ("gh", "g"), ("th", "t"), ("dh", "d"), ("q", "k"), ("ck", "k"), ("c", "k"), ("x", "ks"))
ROUND_VOWEL_RUN = re.compile(r"[aeiou]*[ou][aeiou]*")  # a run of vowels holding an o or a u: "u"
LOOSE_VOWEL_RUN = re.compile(r"[aei]+")  # then every other run: "a"
DOUBLE = re.compile(r"(.)\1+")
FIRST_GROUP = itemgetter(1)  # what r"\1" says, without expanding a template in Python for every match
APOSTROPHES = re.compile(r"['’ʿʾ`]")
Y_CONSONANT = re.compile(r"y(?![aeiou])")
I_GLIDE = re.compile(r"(?<=[^aeiou])i(?=[aeiou])")
W_VOWEL = re.compile(r"(?<=[aeiou])w(?=[^aeiou]|$)")
FINAL_AH = re.compile(r"(?<=[^aeiou])ah?$|(?<=[^aeiou])h$")


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """One word folded; '' for an Arabic article (al-, el-, ad-, ash- …).

    Each rewrite is skipped where the word lacks what it rewrites (the same word, sooner), and a vowel run
    becomes "u" or "a" in two plain substitutions rather than a call per run."""
    word = unidecode(token).lower()
    word = word.replace("'", "").replace("`", "") if word.isascii() else APOSTROPHES.sub("", word)
    if word in ARTICLES:
        return ""
    if word == "albu":  # the tribal "Al Bu" written as one word ("Albu Badran")
        return "bu"
    if word[:1] in ("a", "e"):
        word = GLUED_AL.sub("", MERGED_ARTICLE.sub("", word))
    for old, new in REWRITES:
        word = word.replace(old, new)
    if "y" in word[1:]:
        word = word[:1] + Y_CONSONANT.sub("i", word[1:])
    if "i" in word:
        word = I_GLIDE.sub("y", word)
    if "w" in word:
        word = W_VOWEL.sub("u", word)
    word = LOOSE_VOWEL_RUN.sub("a", ROUND_VOWEL_RUN.sub("u", word))
    word = DOUBLE.sub(FIRST_GROUP, word)
    if len(word) > 3 and word[-1] in ("a", "h"):
        word = FINAL_AH.sub("", word)
    return word


def fold_name(name: str) -> str:
    """The folded key of a whole name: its folded words, articles dropped, joined by spaces."""
    folded = (fold_token(m[0]) for m in TOKEN.finditer(name))
    return " ".join(word for word in folded if word)


QUALIFIER_MARK = "|"  # never in folded text: keys holding it serve look-ups, not the text matcher
NAME_PARTS = re.compile(r"\s+[-–/]\s+|/|\s*\(([^)]*)\)\s*")
PARENTHESIS = re.compile(r"\s*\([^)]*\)")


@cache
def qualifier_table() -> dict[str, str]:
    """Folded qualifier word → its canonical meaning ("gharbiyah", "western" → "west")."""
    table = load_yaml("place_qualifiers.yaml")
    return {fold_token(word): meaning for meaning, words in table.items() for word in words}


def split_qualifiers(name: str) -> tuple[str, tuple[str, ...]]:
    """The folded name without its qualifier words, and their meanings: "Kafr Jum al-Gharbiyah" →
    ("kafr jum", ("west",)). A name that is only qualifiers keeps them as its name."""
    table = qualifier_table()
    words = [w for w in (fold_token(m[0]) for m in TOKEN.finditer(name)) if w]
    base = [w for w in words if w not in table]
    if not base or len(base) == len(words):
        return " ".join(words), ()
    return " ".join(base), tuple(sorted({table[w] for w in words if w in table}))


def qualified_key(base: str, qualifiers: tuple[str, ...]) -> str:
    return base + QUALIFIER_MARK + "+".join(qualifiers)


def sibling_key(base: str) -> str:
    """The key every qualified variant of `base` shares ("Upper X", "X Sharqi", "Little X")."""
    return base + QUALIFIER_MARK


def written_variants(name: str) -> list[str]:
    """A gazetteer name and the names it packs: "Qaderiyeh - Qayqun", "Jibab Marina (Maryata)"."""
    parts = [p.strip() for p in NAME_PARTS.split(name) if p and p.strip()]
    if len(parts) < 2:
        return [name]
    kept = [p for p in parts if len(fold_name(p)) >= 3 and split_qualifiers(p)[0] not in qualifier_table()]
    return list(dict.fromkeys([name, PARENTHESIS.sub("", name).strip(), *kept]))


def index_keys(name: str) -> list[str]:
    """Every key a gazetteer name is found under: its folded spellings and qualifier-free forms."""
    keys: dict[str, None] = {}
    for variant in written_variants(name):
        keys[fold_name(variant)] = None
        base, qualifiers = split_qualifiers(variant)
        if qualifiers:
            keys[qualified_key(base, qualifiers)] = None
            keys[sibling_key(base)] = None
    return [key for key in keys if key and key != QUALIFIER_MARK]


def skeleton(key: str) -> str:
    """A loose consonant key for spellings folding misses: no vowels, glides, h or spaces, no glued
    article, no construct-state t ("Mreigel" ~ "Murayghil", "Kaba Jeb" ~ "Qabajib", "Aniq Bajrat" ~ "Aniq Bajra")."""
    words = [re.sub(r"^[ae]l(?=[^aeiouy]\w{2}|\w{4})", "", w) for w in key.split()]
    words = [re.sub(r"(?<=\w{3})at$", "a", w) for w in words]
    joined = "".join(words)
    return joined[:1] + re.sub(r"[aeiouyhw]", "", joined[1:])

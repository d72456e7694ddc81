"""Words that name the kind of place rather than the place ("village", "farms", "town of")."""

from __future__ import annotations

import re
from functools import cache

from ..resource_files import load_yaml, resource_path


@cache
def type_word_alternation() -> str:
    lines = resource_path("place_types.txt").read_text(encoding="utf-8").splitlines()
    words = sorted((w.strip() for w in lines if w.strip() and not w.startswith("#")), key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


@cache
def type_words() -> re.Pattern:
    alternation = type_word_alternation()
    return re.compile(rf"^(?:(?:{alternation})\s+of\s+)|\s+(?:{alternation})$", re.I)


def strip_type_words(name: str) -> str:
    """'Teir Maaleh village' → 'Teir Maaleh'; 'town of Azaz' → 'Azaz' (repeatedly)."""
    previous = None
    while previous != name:
        previous = name
        name = type_words().sub("", name).strip()
    return name


@cache
def _named_site_words() -> tuple[frozenset[str], re.Pattern]:
    table = load_yaml("named_sites.yaml")
    after = "|".join(re.escape(w) for w in sorted(table["after"], key=len, reverse=True))
    return frozenset(w.lower() for w in table["before"]), re.compile(rf"\s+(?:{after})$", re.I)


def named_after(name: str) -> str | None:
    """The place a site is named after: "Mazraat al-Andalus" → "al-Andalus", "Tabqa Military" → "Tabqa",
    "Adra Prison Complex" → "Adra"; None when the name is no such site's."""
    before, after = _named_site_words()
    head, _, rest = name.strip().partition(" ")
    if rest.strip() and head.lower() in before:
        return rest.strip()
    stripped, previous = name.strip(), ""
    while stripped != previous:
        previous = stripped
        stripped = strip_type_words(after.sub("", stripped).strip())
    return stripped if stripped and stripped != name.strip() else None

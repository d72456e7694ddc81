"""Words that name the kind of place rather than the place ("village", "farms", "town of")."""

from __future__ import annotations

import re
from functools import cache

from ..resource_files import resource_path


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

"""Factions the actor catalogue does not know, read from how a faction's name is built: capitalised words
and a unit word after "the" ("fighters of the Banner of Truth Brigade", "the Free Eagles Battalion")."""

from __future__ import annotations

import re
from functools import cache

from ..resource_files import load_yaml
from .actor_catalog import ANY_COUNTRY, ActorEntry, demonyms

NAME_WORD = r"(?:al-|el-)?[A-Z][\w'’]*(?:-[\w'’]+)*"
LINK = r"(?:\s+(?:of|for|al|el)(?:\s+the)?)?\s+"  # "Banner of Truth", "Martyrs of the Dawn"


@cache
def _spec() -> tuple[re.Pattern, frozenset[str], int]:
    spec = load_yaml("actors/generic.yaml")["named_units"]
    heads = "|".join(sorted(spec["heads"], key=len, reverse=True))
    pattern = re.compile(rf"\b[Tt]he\s+({NAME_WORD}(?:{LINK}{NAME_WORD}){{0,4}}\s+(?:{heads}))\b")
    return pattern, frozenset(spec["not_first"]) | demonyms(), int(spec["inter"])


def named_units(text: str) -> list[tuple[int, int, ActorEntry]]:
    """Where the text names an unknown faction: (start, end, its entry named as the text writes it)."""
    pattern, not_first, inter = _spec()
    found = []
    for match in pattern.finditer(text):
        name = match[1]
        if name.split()[0].split("-")[-1] in not_first:
            continue
        found.append((match.start(1), match.end(1), ActorEntry(" ".join(name.split()), inter, ANY_COUNTRY)))
    return found

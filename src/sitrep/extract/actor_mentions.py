"""Actors named in a text: the catalogue's aliases found in a sentence (with elliptical coordination and
"gunmen of X"), the side a counted group belongs to, and the civilian groups a text names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..model import Actor
from ..resource_files import user_resource_dir
from .actor_catalog import (
    ANY_COUNTRY,
    THEATRE,
    ActorEntry,
    Catalog,
    catalog_in,
    entry_for,
    render,
)
from .named_units import named_units


def reload_catalog() -> None:
    """Forget the loaded catalogue, after a user actor file was written in this process."""
    catalog_in.cache_clear()
    _mentions_in.cache_clear()
    _actors_in.cache_clear()
    _named_side.cache_clear()
    render.cache_clear()


def find_actors(
    text: str, *, country: str | None = "Syria", day: date | None = None, user_folder: Path | None = None
) -> list[Actor]:
    """Every actor mention in order, with its canonical name in the theatre `country` on `day`, inter code
    and offsets. `user_folder` is `user_resource_dir("actors")` where the caller has it already (a reader of
    many sentences): it spares a look into the environment a sentence."""
    return list(_actors_in(text, country or "Syria", day, user_folder or user_resource_dir("actors")))


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor named in a text, before it is named after a theatre and a day."""

    entry: ActorEntry
    surface: str
    start: int
    end: int


@lru_cache(maxsize=4096)
def _actors_in(text: str, theatre: str, day: date | None, user_folder: Path) -> tuple[Actor, ...]:
    """Cached: the coder asks about the same sentence more than once."""
    return tuple(
        Actor(*render(m.entry, theatre, day), theatre, m.surface, m.start, m.end)
        for m in _mentions_in(text, user_folder)
    )


@lru_cache(maxsize=4096)
def _mentions_in(text: str, user_folder: Path) -> tuple[Mention, ...]:
    """Cached apart from the theatre and the day: the episode reader and the coder ask about the same
    sentence on different days."""
    found: list[Mention] = []
    table = catalog_in(user_folder)
    for start, end, entry in _known_and_named(text, table):
        mention = Mention(entry, text[start:end], start, end)
        if found and _same_people(text, found[-1], mention):
            found[-1] = mention if _unnamed(found[-1]) else found[-1]
            continue
        found += _elided(text, mention, found[-1].end if found else 0, table)
        found.append(mention)
    return tuple(found)


def _known_and_named(text: str, table: Catalog) -> list[tuple[int, int, ActorEntry]]:
    """The catalogue's actors in the text, and the factions it names that the catalogue does not know
    (named_units.py), in order; where the catalogue knows any part of a faction's name, its reading wins."""
    known = [
        (start, end, entry) for start, end in table.matcher.spans(text) if (entry := entry_for(text[start:end], table))
    ]
    named = [n for n in named_units(text) if not any(k[0] < n[1] and n[0] < k[1] for k in known)]
    return sorted(known + named, key=lambda span: span[0]) if named else known


HEAD_AFTER = re.compile(r"\s+(forces|troops|fighters|militias|militiamen|units|jets|warplanes|drones|soldiers)\b", re.I)
CONJUNCT = re.compile(r"(?<![\w-])([\w'’.-]+)\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)$")


def _elided(text: str, mention: Mention, floor: int, table: Catalog) -> list[Mention]:
    """The actors an elliptical coordination names before a full mention: "Turkish and Russian forces" are
    Turkish forces and Russian forces, "government and NDF forces" government forces and NDF forces."""
    words = mention.surface.split()
    after = HEAD_AFTER.match(text, mention.end)
    if after is None and len(words) < 2:
        return []
    head, start = after[1] if after else words[-1], mention.start
    found: list[Mention] = []
    while (conjunct := _conjunct_before(text, floor, start)) is not None:
        entry = entry_for(f"{conjunct[1]} {head}", table)
        if entry is None:
            break
        found.insert(0, Mention(entry, conjunct[1], conjunct.start(1), conjunct.end(1)))
        start = conjunct.start(1)
    return found


def _conjunct_before(text: str, floor: int, start: int) -> re.Match | None:
    """`CONJUNCT.search(text, floor, start)`, searched only where what comes before `start` ends, white space
    aside, as every match does: with a comma, an "and" or a "&". Searched in vain, the end-anchored pattern costs
    a try at every position from `floor` on, and most mentions follow no conjunction."""
    if not text[floor:start].rstrip().endswith((",", "and", "&")):
        return None
    return CONJUNCT.search(text, floor, start)


# unnamed members of a group named next to them: "gunmen of the NDF", "ISIS gunmen", "fighters from HTS"
MEMBERS_WORD = re.compile(
    r"^(?:the\s+)?(?:(?:unknown|unidentified|masked)\s+)?(?:gunm[ae]n|fighters?|militants?|members?|elements?|"
    r"militiam[ae]n|men|attackers|assailants|security\s+(?:men|personnel|officers))$",
    re.I,
)
MEMBERS_LINK = re.compile(r"^\s*(?:of|from|belonging to|loyal to|affiliated with)\s+(?:the\s+)?$", re.I)
# a security or intelligence body named by its kind: the state's police alone, a group's own next to its name
SECURITY_WORD = re.compile(
    r"^(?:the\s+)?(?:internal\s+)?(?:security|intelligence)\s+(?:forces?|services?|apparatus|branch|police)$", re.I
)


def _same_people(text: str, first: Mention, second: Mention) -> bool:
    """Whether two adjacent mentions are one group: "gunmen of the NDF" (the named one stays), "ISIS gunmen";
    "the security service of HTS" and "the Asayish internal security forces" are the group's own, not the
    state's police (a state force's security men are its police, as its alias says)."""
    gap = text[first.end : second.start]
    if MEMBERS_WORD.match(first.surface) and MEMBERS_LINK.match(gap):
        return True
    if SECURITY_WORD.match(first.surface) and MEMBERS_LINK.match(gap) and second.entry.inter != 1:
        return True
    if gap == " " and SECURITY_WORD.match(second.surface) and first.entry.inter != 1:
        return True
    return gap == " " and bool(MEMBERS_WORD.match(second.surface)) and not MEMBERS_WORD.match(first.surface)


def _unnamed(mention: Mention) -> bool:
    """A mention that names a group only by what its people are or do ("gunmen", "the security service")."""
    return bool(MEMBERS_WORD.match(mention.surface) or SECURITY_WORD.match(mention.surface))


ARMED_MEMBERS = ("militants", "fighters", "terrorists", "jihadists", "members", "insurgents", "attackers", "assailants")


def side_of(
    subject: str, *, country: str | None = "Syria", context: Sequence[Actor] = (), day: date | None = None
) -> Actor | None:
    """The side a counted group belongs to: "20 soldiers" → the army, "ISIS members" → IS."""
    subject = subject.strip()
    if not subject:
        return None
    named = _named_side(subject, country or "Syria", day, user_resource_dir("actors"))
    if named is not None:
        return named
    if any(w in ARMED_MEMBERS for w in subject.lower().split()):
        armed = [a for a in context if a.inter in (2, 3)]
        return armed[0] if armed else None
    return None


@lru_cache(maxsize=4096)
def _named_side(subject: str, theatre: str, day: date | None, user_folder: Path) -> Actor | None:
    """The side the subject's own words name, by an alias or a member word of the catalogue (cached: the
    subject of a clause's figures is asked for again by each of its readings, and a sentence by each event)."""
    named = _actors_in(subject, theatre, day, user_folder)
    if named:
        return named[-1]
    words = subject.lower().split()
    table = catalog_in(user_folder).by_member
    for size in range(len(words), 0, -1):
        for start in range(0, len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            entry = table.get((theatre, phrase)) or table.get((THEATRE, phrase)) or table.get((ANY_COUNTRY, phrase))
            if entry:
                name, inter = render(entry, theatre, day)
                return Actor(name, inter, theatre)
    return None

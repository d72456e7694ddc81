"""Actors: canonical ACLED-style names from resources/actors/*.yaml, found in text and given roles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..alternation import alternation_by_initial
from ..errors import ResourceError
from ..model import Actor
from ..resource_files import load_user_yaml, load_yaml, resource_names, user_resource_dir, user_resource_files
from .event_types import EventTyping


@dataclass(frozen=True, slots=True)
class ActorEntry:
    name: str
    inter: int
    country: str


@dataclass(frozen=True, slots=True)
class Roles:
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int | None = None
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int | None = None


@dataclass(frozen=True, slots=True)
class Catalog:
    pattern: re.Pattern
    by_alias: dict[str, ActorEntry]
    by_member: dict[tuple[str, str], ActorEntry]
    by_name: dict[str, ActorEntry]


def _alias_regex(alias: str) -> str:
    body = re.escape(alias).replace(r"\ ", r"\s+").replace("'", "['’]")
    return body if alias.isupper() else f"(?i:{body})"


def catalog() -> Catalog:
    """The built-in actors with the user's own files (SITREP_HOME/resources/actors/*.yaml) on top: a user
    file adds actors and aliases; an alias the built-in files already have keeps its built-in actor."""
    return _catalog(user_resource_dir("actors"))


def reload_catalog() -> None:
    """Forget the loaded catalogue, after a user actor file was written in this process."""
    _catalog.cache_clear()
    _actors_in.cache_clear()


@cache
def _catalog(user_folder: Path) -> Catalog:
    return build_catalog(user_resource_files(user_folder))


def build_catalog(user_files: Sequence[Path] = ()) -> Catalog:
    """The built-in actor files and then the given user files (`sitrep train` leaves out the one it replaces)."""
    by_alias: dict[str, ActorEntry] = {}
    by_member: dict[tuple[str, str], ActorEntry] = {}
    by_name: dict[str, ActorEntry] = {}
    specs = [(name, load_yaml(name)) for name in resource_names("actors")]
    specs += [(str(path), load_user_yaml(path)) for path in user_files]
    for name, spec in specs:
        try:
            for actor in spec["actors"]:
                entry = ActorEntry(actor["name"], int(actor["inter"]), spec["country"])
                by_name[entry.name] = entry
                for alias in [actor["name"], *actor.get("aliases", [])]:
                    by_alias.setdefault(_key(alias), entry)
                for member in actor.get("members", []):
                    by_member.setdefault((spec["country"], member.lower()), entry)
        except (KeyError, TypeError, ValueError) as exc:
            raise ResourceError(f"{name}: every actor needs name, inter and aliases ({exc})") from None
    aliases = sorted(by_alias, key=len, reverse=True)
    originals = {}
    for _, spec in specs:
        for actor in spec["actors"]:
            for alias in [actor["name"], *actor.get("aliases", [])]:
                originals.setdefault(_key(alias), alias)
    alternation = alternation_by_initial((originals[a], _alias_regex(originals[a])) for a in aliases)
    pattern = re.compile(rf"(?<![\w-])(?:the\s+)?{alternation}(?![\w-])")
    return Catalog(pattern, by_alias, by_member, by_name)


def _key(alias: str) -> str:
    return (
        re.sub(r"\s+", " ", alias.replace("’", "'")).strip()
        if alias.isupper()
        else re.sub(r"\s+", " ", alias.replace("’", "'")).strip().lower()
    )


def entry_for(surface: str, among: Catalog | None = None) -> ActorEntry | None:
    text = re.sub(r"^the\s+", "", surface.strip(), flags=re.I)
    table = (among or catalog()).by_alias
    return table.get(_key(text)) or table.get(text.lower())


def find_actors(text: str, *, country: str | None = "Syria") -> list[Actor]:
    """Every actor mention in order, with its canonical name, inter code and offsets."""
    return list(_actors_in(text, country, user_resource_dir("actors")))


@lru_cache(maxsize=4096)
def _actors_in(text: str, country: str | None, user_folder: Path) -> tuple[Actor, ...]:
    """Cached: the coder asks about the same sentence more than once."""
    found = []
    for match in _catalog(user_folder).pattern.finditer(text):
        entry = entry_for(match.group(0))
        if entry is not None:
            found.append(Actor(entry.name, entry.inter, entry.country, match.group(0), match.start(), match.end()))
    return tuple(found)


MEMBERS_OF = (
    r"(?:(?:(?:the|a|an)\s+)?(?:terrorists?|militants?|fighters?|members?|gunmen|elements?|jihadists?)\s+"
    r"(?:of|from|loyal\s+to)\s+)?(?:(?:the|a|an)\s+)?"
)
PASSIVE_BY = re.compile(rf"\b(?:by|from)\s+{MEMBERS_OF}$", re.I)  # "an attack by militants of X": X attacked
AGENT_BY = re.compile(rf"\bby\s+{MEMBERS_OF}$", re.I)  # territory taken "from X": X lost it, X is the target
AGENT_WINDOW = 40
PASSIVE_SUBJECT = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:was|were|has\s+been|have\s+been|had\s+been|got)\s+(?:\w+ly\s+)?$", re.I
)
JOINED = re.compile(
    r"^\s*(?:(?:fighters|forces|troops|militants|members|units)\s+)?(?:,\s*(?:and\s+)?|and\s+|together with\s+|alongside\s+"
    r"|(?:backed|supported|aided|assisted) by\s+|with the (?:support|help|backing) of\s+)(?:the\s+)?$",
    re.I,
)
BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
RECIPROCAL = re.compile(r"(?:clash|fought|fight|battl|skirmish|exchang|engag)", re.I)
TAKEN_FROM = re.compile(rf"\bfrom\s+{MEMBERS_OF}$", re.I)
TERRITORY_CHANGES = ("Government regains territory", "Non-state actor overtakes territory")
BOMBINGS = ("Remote explosive/landmine/IED", "Grenade", "Suicide bomb")  # the bomber is seldom named: ACLED's
# unidentified armed group then, and a group named after "a bomb exploded at …" is its target
CIVILIAN_TARGETED = ("Violence against civilians",)


def assign_roles(
    text: str, actors: Sequence[Actor], typing: EventTyping | None, *, country: str | None = "Syria"
) -> Roles:
    """actor1 the initiator, actor2 the target; other actors of each side as associates."""
    if typing is None:
        return Roles()
    distinct: list[Actor] = []
    for actor in actors:
        if all(actor.name != d.name for d in distinct):
            distinct.append(actor)
    before = [a for a in distinct if (a.start_char or 0) < typing.start]
    after = [a for a in distinct if (a.start_char or 0) >= typing.start]
    agent = AGENT_BY if typing.sub_event_type in TERRITORY_CHANGES else PASSIVE_BY
    passive = [a for a in after if agent.search(text[max(0, (a.start_char or 0) - AGENT_WINDOW) : a.start_char])]
    progressive = typing.cue.split()[0].lower().endswith("ing")  # "were attacking" is no passive
    undergoing = [a for a in before if not progressive and PASSIVE_SUBJECT.match(text, a.end_char or 0, typing.start)]
    if undergoing and not passive:
        # "an army patrol was ambushed": the subject of a passive suffers the action; the attacker is unnamed
        initiators, targets = [], undergoing + [a for a in distinct if a not in undergoing]
    elif passive:
        initiators, targets = passive, [a for a in distinct if a not in passive]
    elif before:
        # "civilians fled as regime forces shelled …": the first armed actor before the action acts
        first = next((a for a in before if a.inter != 7), before[0])
        initiators = _allies_of(text, typing.cue, first, before, bool(after))
        targets = [a for a in before if a not in initiators] + after
    elif typing.sub_event_type in BOMBINGS:
        initiators, targets = [], after
    else:
        # territory taken "from X": X lost it and cannot be the one who took it
        losers = [a for a in after if typing.sub_event_type in TERRITORY_CHANGES and _taken_from(text, a)]
        takers = [a for a in after if a not in losers]
        initiators, targets = takers[:1], takers[1:] + losers
    initiators, targets = _defaults(typing, initiators, targets, country)
    return _roles(initiators, targets)


def _allies_of(text: str, cue: str, first: Actor, before: list[Actor], opponent_after: bool) -> list[Actor]:
    """The first actor and those joined to it as one subject ("regime forces and Russian warplanes
    bombarded …", "SDF backed by the coalition raided …"): they act together. Not "between X and Y"."""
    allies = [first]
    if BETWEEN.search(text[max(0, (first.start_char or 0) - AGENT_WINDOW) : first.start_char]):
        return allies
    if RECIPROCAL.match(cue) and not opponent_after:
        return allies  # "regime forces and HTS clashed": the two sides; "… clashed with Z": allies against Z
    for actor in before[before.index(first) + 1 :]:
        if not JOINED.match(text[allies[-1].end_char or 0 : actor.start_char or 0]):
            break
        allies.append(actor)
    return allies


def _taken_from(text: str, actor: Actor) -> bool:
    return bool(TAKEN_FROM.search(text[max(0, (actor.start_char or 0) - AGENT_WINDOW) : actor.start_char]))


def _defaults(typing: EventTyping, initiators: list[Actor], targets: list[Actor], country: str | None):
    by_name = catalog().by_name
    suffix = f" ({country})" if country else ""

    def generic(label: str) -> Actor | None:
        entry = by_name.get(f"{label}{suffix}")
        return Actor(entry.name, entry.inter, entry.country) if entry else None

    if typing.event_type == "Protests":
        initiators, targets = _protest_sides(typing.sub_event_type, initiators, targets, generic("Protesters"))
    if typing.event_type == "Battles" and not initiators and targets:
        initiators = [a for a in [generic("Unidentified Armed Group")] if a]
    if typing.sub_event_type in BOMBINGS and not [a for a in initiators if a.inter != 7]:
        targets = initiators + targets
        initiators = [a for a in [generic("Unidentified Armed Group")] if a]
    if typing.event_type == "Riots" and not initiators:
        initiators = [a for a in [generic("Rioters")] if a]
    if typing.event_type in CIVILIAN_TARGETED:
        civilians = [a for a in targets + initiators if a.inter == 7]
        initiators = [a for a in initiators if a.inter != 7]
        targets = civilians or [a for a in [generic("Civilians")] if a]
        if not initiators and typing.sub_event_type in ("Attack", "Abduction/forced disappearance"):
            initiators = [a for a in [generic("Unidentified Armed Group")] if a]
    if initiators and initiators[0].inter == 7 and typing.event_type not in ("Protests", "Riots"):
        targets = initiators + targets
        initiators = []
    return initiators, targets


def _protest_sides(sub_event_type: str, initiators: list[Actor], targets: list[Actor], generic: Actor | None):
    """ACLED's protest roles: the protesters first and whoever intervenes second; with excessive force the
    force first. What a peaceful protest is against ("against Russia") is no actor of the event."""
    protesters = [a for a in initiators + targets if a.inter == 6] or [a for a in [generic] if a]
    if sub_event_type == "Peaceful protest":
        # residents (civilians, inter 7) who protest are the protesters themselves, no actor beside them
        return protesters + [a for a in initiators if a.inter not in (1, 6, 7, 8)], []
    intervening = [a for a in initiators + targets if a.inter not in (6, 7)]
    if sub_event_type == "Excessive force against protesters":
        return intervening, protesters
    return protesters, intervening


def _roles(initiators: list[Actor], targets: list[Actor]) -> Roles:
    side1 = initiators[:1]
    assoc1 = [a for a in initiators[1:]]
    side2 = [a for a in targets if a.name not in {s.name for s in side1}]
    return Roles(
        actor1=side1[0].name if side1 else "",
        assoc_actor_1="; ".join(a.name for a in assoc1),
        inter1=side1[0].inter if side1 else None,
        actor2=side2[0].name if side2 else "",
        assoc_actor_2="; ".join(a.name for a in side2[1:2]),
        inter2=side2[0].inter if side2 else None,
    )


ARMED_MEMBERS = ("militants", "fighters", "terrorists", "jihadists", "members", "insurgents", "attackers", "assailants")


def side_of(subject: str, *, country: str | None = "Syria", context: Sequence[Actor] = ()) -> Actor | None:
    """The side a counted group belongs to: "20 soldiers" → the Syrian military, "ISIS members" → IS."""
    subject = subject.strip()
    if not subject:
        return None
    named = find_actors(subject, country=country)
    if named:
        return named[-1]
    words = subject.lower().split()
    table = catalog().by_member
    for size in range(len(words), 0, -1):
        for start in range(0, len(words) - size + 1):
            entry = table.get((country or "", " ".join(words[start : start + size])))
            if entry:
                return Actor(entry.name, entry.inter, entry.country)
    if any(w in ARMED_MEMBERS for w in words):
        armed = [a for a in context if a.inter in (2, 3)]
        return armed[0] if armed else None
    return None

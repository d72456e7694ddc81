"""Actors: canonical ACLED-style names from resources/actors/*.yaml, found in text and given roles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..model import Actor
from .actor_catalog import SPAN, THEATRE, build_catalog, catalog, entry_for, render
from .actor_mentions import find_actors, reload_catalog, side_of
from .event_types import EventTyping

__all__ = [
    "Roles",
    "assign_roles",
    "build_catalog",
    "catalog",
    "entry_for",
    "find_actors",
    "reload_catalog",
    "side_of",
]


@dataclass(frozen=True, slots=True)
class Roles:
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int | None = None
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int | None = None


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
# "two soldiers were killed when a bomb went off", "seven soldiers, including a major, were injured in …": the
# subject of a passive of harm suffers the event told after it
PASSIVE_VICTIM = re.compile(
    r"\s*(?:,[^,.;]{0,60},\s*)?(?:[\w-]+\s+){0,2}?(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?"
    r"(?:killed|injured|wounded|hurt|attacked|targeted|hit|struck|ambushed|abducted|kidnapped|shot)\b",
    re.I,
)
JOINED = re.compile(
    r"^\s*(?:(?:fighters|forces|troops|militants|members|units|operation|coalition|alliance|group|factions?|militias?)\s+)?"
    r"(?:,\s*(?:and\s+)?|and\s+|together with\s+|alongside\s+"
    r"|(?:backed|supported|aided|assisted) by\s+|with the (?:support|help|backing) of\s+)(?:the\s+)?"
    r"(?:(?:its|their)\s+)?(?:(?:allied|affiliated)\s+(?:[\w-]+\s+)?)?$",  # "Turkish forces and allied Syrian rebels"
    re.I,
)
ADJUNCT_LINK = re.compile(
    r"^\s*,?\s*(?:accompanied|supported|backed|aided|assisted|escorted|joined|led|helped|reinforced|flanked)\s+by\s+"
    r"(?:the\s+)?$",
    re.I,
)
BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
RECIPROCAL = re.compile(r"(?:clash|fought|fight|battl|skirmish|exchang|engag)", re.I)
TAKEN_FROM = re.compile(rf"\bfrom\s+{MEMBERS_OF}$", re.I)
TERRITORY_CHANGES = ("Government regains territory", "Non-state actor overtakes territory")
# what is taken "from X" (a town, goats, a man from his home): X lost it, and is no agent of a passive
TAKEN_FROM_SOMEONE = TERRITORY_CHANGES + ("Looting/property destruction", "Abduction/forced disappearance", "Arrests")
BOMBINGS = ("Remote explosive/landmine/IED", "Grenade", "Suicide bomb")  # the bomber is seldom named: ACLED's
# unidentified armed group then, and a group named after "a bomb exploded at …" is its target
CIVILIAN_TARGETED = ("Violence against civilians",)
ARMED = (1, 2, 3, 4, 8)  # ACLED inter codes of armed actors: state, rebel, militia, identity militia, external


def assign_roles(
    text: str,
    actors: Sequence[Actor],
    typing: EventTyping | None,
    *,
    country: str | None = "Syria",
    day: date | None = None,
) -> Roles:
    """actor1 the initiator, actor2 the target; other actors of each side as associates."""
    if typing is None:
        return Roles()
    distinct: list[Actor] = []
    for actor in actors:
        # "the Syrian army deployed troops": one force, whichever period its two names were rendered in
        if all(SPAN.sub("", actor.name) != SPAN.sub("", d.name) for d in distinct):
            distinct.append(actor)
    before = [a for a in distinct if (a.start_char or 0) < typing.start]
    after = [a for a in distinct if (a.start_char or 0) >= typing.start]
    agent = AGENT_BY if typing.sub_event_type in TAKEN_FROM_SOMEONE else PASSIVE_BY
    passive = [a for a in after if _agent_by(agent, text, a)]
    progressive = typing.cue.split()[0].lower().endswith("ing")  # "were attacking" is no passive
    undergoing = [a for a in before if not progressive and _undergoes(text, a, typing.start)]
    if undergoing and not passive:
        # "an army patrol was ambushed": the subject of a passive suffers the action; the attacker is unnamed
        initiators, targets = [], undergoing + [a for a in distinct if a not in undergoing]
    elif passive:
        initiators, targets = passive, [a for a in distinct if a not in passive]
    elif before:
        # "civilians fled as regime forces shelled …": the first armed actor before the action acts
        first = next((a for a in before if a.inter != 7), before[0])
        # a cue that opens inside the subject ("forces and allied rebels took control"): the joined are still allies
        initiators = _allies_of(text, typing.cue, first, before + after, bool(after))
        targets = [a for a in before + after if a not in initiators]
    elif typing.sub_event_type in BOMBINGS:
        initiators, targets = [], after
    else:
        # territory taken "from X": X lost it and cannot be the one who took it
        losers = [a for a in after if typing.sub_event_type in TERRITORY_CHANGES and _taken_from(text, a)]
        takers = [a for a in after if a not in losers]
        # "clashes between police, accompanied by Russian forces, and gunmen": the first taker and its allies
        initiators = _allies_of(text, "", takers[0], takers, True) if takers else []
        targets = [a for a in takers if a not in initiators] + losers
    initiators, targets = _defaults(typing, initiators, targets, country or "Syria", day)
    return _roles(initiators, targets)


ADJUNCT = re.compile(
    r"\b(?:accompanied|supported|backed|aided|assisted|escorted|joined|led|helped|reinforced|flanked|covered)\s+by\s+"
    r"(?:(?:the|a|an)\s+)?$",
    re.I,
)


def _undergoes(text: str, actor: Actor, cue_start: int) -> bool:
    """Whether an actor before the cue is the subject of a passive: of the cue's own verb ("a patrol was
    ambushed") or of a verb of harm before it ("two soldiers were killed when a bomb exploded")."""
    end = actor.end_char or 0
    if PASSIVE_SUBJECT.match(text, end, cue_start):
        return True
    harmed = PASSIVE_VICTIM.match(text, end, cue_start)
    return harmed is not None and harmed.end() <= cue_start


def _agent_by(agent: re.Pattern, text: str, actor: Actor) -> bool:
    """ "an attack by militants of X": X is the passive's agent; "police, accompanied by X" is no passive."""
    before = text[max(0, (actor.start_char or 0) - AGENT_WINDOW) : actor.start_char]
    return bool(agent.search(before)) and not ADJUNCT.search(before)


def _allies_of(text: str, cue: str, first: Actor, before: list[Actor], opponent_after: bool) -> list[Actor]:
    """The first actor and those joined to it as one subject ("regime forces and Russian warplanes
    bombarded …", "SDF backed by the coalition raided …"): they act together. Not "between X and Y", where
    only an adjunct joins ("between police, accompanied by Russian forces, and gunmen")."""
    allies = [first]
    between = bool(BETWEEN.search(text[max(0, (first.start_char or 0) - AGENT_WINDOW) : first.start_char]))
    if not between and RECIPROCAL.match(cue) and not opponent_after:
        return allies  # "regime forces and HTS clashed": the two sides; "… clashed with Z": allies against Z
    for actor in before[before.index(first) + 1 :]:
        gap = text[allies[-1].end_char or 0 : actor.start_char or 0]
        if not (ADJUNCT_LINK.match(gap) or (not between and JOINED.match(gap))):
            break
        allies.append(actor)
    return allies


def _taken_from(text: str, actor: Actor) -> bool:
    return bool(TAKEN_FROM.search(text[max(0, (actor.start_char or 0) - AGENT_WINDOW) : actor.start_char]))


def _defaults(typing: EventTyping, initiators: list[Actor], targets: list[Actor], country: str, day: date | None):
    by_name = catalog().by_name

    def generic(label: str) -> Actor | None:
        entry = by_name.get(f"{label} ({THEATRE})")
        if entry is None:
            return None
        name, inter = render(entry, country, day)
        return Actor(name, inter, country)

    if typing.event_type == "Protests":
        initiators, targets = _protest_sides(typing.sub_event_type, initiators, targets, generic("Protesters"))
    if typing.event_type == "Battles" and any(a.inter in ARMED for a in targets):
        targets = [a for a in targets if a.inter != 7]  # bystanders killed are in the toll, no side
    if typing.event_type == "Battles" and not initiators and targets:
        initiators = [a for a in [generic("Unidentified Armed Group")] if a]
    if typing.sub_event_type in BOMBINGS and not [a for a in initiators if a.inter != 7]:
        targets = initiators + targets
        initiators = [a for a in [generic("Unidentified Armed Group")] if a]
    if typing.event_type == "Riots" and initiators and all((a.start_char or 0) >= typing.start for a in initiators):
        # "a crowd beat a thief before handing him to the police": who is named only after the riot is its target
        initiators, targets = [], initiators + targets
    if typing.event_type == "Riots" and (not initiators or initiators[0].inter in (6, 7)):
        # villagers, a crowd or demonstrators who riot are the rioters (ACLED names who they are as an associate)
        initiators = [a for a in [generic("Rioters")] if a] + [a for a in initiators if a.inter not in (6, 7)]
        targets = [a for a in targets if a.inter != 6]
    if typing.event_type in CIVILIAN_TARGETED:
        civilians = [a for a in targets + initiators if a.inter == 7]
        armed = [a for a in targets if a.inter in ARMED]
        initiators = [a for a in initiators if a.inter != 7]
        if typing.sub_event_type == "Attack" and armed and not civilians:
            targets = armed  # an attack on a force's member, patrol or post: a battle (see codebook.py)
        else:
            targets = civilians or [a for a in [generic("Civilians")] if a]
        if not initiators and typing.sub_event_type in ("Attack", "Abduction/forced disappearance"):
            initiators = [a for a in [generic("Unidentified Armed Group")] if a]
    if initiators and initiators[0].inter == 7 and typing.event_type not in ("Protests", "Riots"):
        targets = initiators + targets
        initiators = []
    return initiators, targets


def _protest_sides(sub_event_type: str, initiators: list[Actor], targets: list[Actor], generic: Actor | None):
    """ACLED's protest roles: the protesters first and whoever intervenes second, whatever force it used. What
    a peaceful protest is against ("against Russia") is no actor of the event."""
    protesters = [a for a in initiators + targets if a.inter == 6] or [a for a in [generic] if a]
    if sub_event_type == "Peaceful protest":
        # residents (civilians, inter 7) who protest are the protesters themselves, no actor beside them
        return protesters + [a for a in initiators if a.inter not in (1, 6, 7, 8)], []
    intervening = [a for a in initiators + targets if a.inter not in (6, 7)]
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

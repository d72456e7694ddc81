"""ACLED's codebook rules that need the event's actors, applied once its roles are known."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date
from functools import cache

from ..model import SUB_EVENT_TYPES
from ..resource_files import load_yaml
from .actor_catalog import THEATRE, catalog, civilian_groups, demonyms, is_state_force, render
from .actor_mentions import find_actors
from .actors import ARMED, Roles
from .event_types import EventTyping

NON_STATE = (2, 3, 4)  # rebels, political militias, identity militias


def apply_codebook(
    typing: EventTyping, roles: Roles, day: date | None, *, text: str = "", country: str = "Syria"
) -> tuple[EventTyping, Roles]:
    """The event's type and roles after ACLED's rules: violence against a member, patrol or post of an armed
    force is a battle; detention by a non-state group is an abduction; a foreign army and the factions of its
    named operation acting together are the operation; in a battle a state force is actor1; violence against
    civilians, and a mob's, has civilians as actor2 even where the text names no group ("detained a preacher"); who the
    civilians, protesters or rioters are is their associate; a violent event whose initiator the text does not
    name has an unidentified one; a battle inside one side has that side as both actors."""
    roles = _unidentified_initiator(typing, roles, text, country, day)
    typing, roles = _attack_on_a_force(typing, roles)
    typing, roles = _detention_by_a_group(typing, roles)
    roles = _civilians_by_definition(typing, roles, country)
    roles = _peaceful_protest_alone(typing, roles, country)
    roles = _operation_coalitions(roles, day)
    typing = _foreign_capture(typing, roles)
    roles = _communal_sides(typing, roles)
    roles = _named_tribe(roles, text)
    roles = _infighting_sides(typing, roles, text)
    roles = _state_force_first(typing, roles)
    return typing, _civilian_groups(typing, roles, text, country)


UNNAMED_INITIATOR = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def _unidentified_initiator(typing: EventTyping, roles: Roles, text: str, country: str, day: date | None) -> Roles:
    """ACLED names an initiator for every act of violence: where the text names no armed actor at all ("a
    mortar shell landed in the courtyard") it is an unidentified armed group, or unidentified military forces for
    an air strike. One it names but no role took stays unnamed rather than wrongly unidentified."""
    if roles.actor1 or typing.event_type not in UNNAMED_INITIATOR:
        return roles
    if any(a.inter in ARMED for a in find_actors(text, country=country, day=day)):
        return roles
    label = (
        "Unidentified Military Forces" if typing.sub_event_type == "Air/drone strike" else "Unidentified Armed Group"
    )
    entry = catalog().by_name.get(f"{label} ({THEATRE})")
    if entry is None:
        return roles
    name, inter = render(entry, country, day)
    return replace(roles, actor1=name, inter1=inter)


UNNAMED_TRIBE = "Unidentified Tribal Militia ("
# "fighters of the Aqidat tribe", "Shaitat tribesmen": the tribe's own name
TRIBE_NAMED = re.compile(r"\b(?:the\s+(?:(?:al|el)-)?([A-Z][\w'’-]+)\s+tribe\b|([A-Z][\w'’-]+)\s+tribesmen\b)")


@cache
def _not_tribe_names() -> frozenset[str]:
    """Words in a tribe's place that name none: not_tribe_names.yaml's, and every nation's demonyms."""
    return frozenset(load_yaml("not_tribe_names.yaml")["not_a_tribe_name"]) | demonyms()


def _named_tribe(roles: Roles, text: str) -> Roles:
    """ACLED names a tribe's militia after the tribe ("Aqidat Tribal Militia (Syria)"): an unidentified tribal
    militia gets the one tribe its sentence names, "the Aqidat tribe" or "Shaitat tribesmen"."""
    if UNNAMED_TRIBE not in roles.actor1 + roles.actor2:
        return roles
    names = {m[1] or m[2] for m in TRIBE_NAMED.finditer(text)} - _not_tribe_names()
    if len(names) != 1:
        return roles
    (name,) = names
    named = {
        f.name: getattr(roles, f.name).replace(UNNAMED_TRIBE, f"{name} Tribal Militia (")
        for f in fields(roles)
        if f.name in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
    }
    return replace(roles, **named)


def _civilian_groups(typing: EventTyping, roles: Roles, text: str, country: str) -> Roles:
    """ "Teachers held a sit-in": Protesters with Teachers beside them; "militiamen raped a Kurdish woman":
    Civilians with Women and Kurdish Ethnic Group."""
    groups = civilian_groups(text, country)
    if not groups:
        return roles
    if typing.event_type in ("Protests", "Riots") and roles.inter1 in (5, 6):
        return replace(roles, assoc_actor_1=_joined(roles.assoc_actor_1, groups))
    if roles.inter2 == 7 and roles.actor2.startswith("Civilians ("):
        return replace(roles, assoc_actor_2=_joined(roles.assoc_actor_2, groups))
    return roles


def _joined(assoc: str, more: list[str]) -> str:
    return "; ".join(dict.fromkeys([a for a in assoc.split("; ") if a] + more))


def _retyped(typing: EventTyping, sub_type: str) -> EventTyping:
    return replace(typing, event_type=SUB_EVENT_TYPES[sub_type], sub_event_type=sub_type)


def _attack_on_a_force(typing: EventTyping, roles: Roles) -> tuple[EventTyping, Roles]:
    """ "Gunmen killed an army officer", "two men shot dead a militia commander": a battle, the victim's force
    actor2 (not Civilians)."""
    if typing.sub_event_type == "Attack" and roles.inter2 in ARMED:
        return _retyped(typing, "Armed clash"), roles
    return typing, roles


def _detention_by_a_group(typing: EventTyping, roles: Roles) -> tuple[EventTyping, Roles]:
    """ACLED keeps Arrests for state authorities: a rebel group or militia detaining people abducts them."""
    if typing.sub_event_type == "Arrests" and roles.inter1 in NON_STATE:
        return _retyped(typing, "Abduction/forced disappearance"), roles
    return typing, roles


def _civilians_by_definition(typing: EventTyping, roles: Roles, country: str) -> Roles:
    """ACLED's violence against civilians is, by definition, against civilians: its target is Civilians when
    the text names no group for it ("gunmen abducted a preacher", "a man raped a girl")."""
    if typing.event_type == "Violence against civilians" and not roles.actor2:
        return replace(roles, actor2=f"Civilians ({country})", inter2=7)
    if typing.sub_event_type in ("Mob violence", "Chemical weapon", "Arrests") and not roles.actor2:
        # a mob's victims, a chemical agent's on a town and those the state arrests are civilians unless a force
        # or group is named ("a crowd beat an informer to death", "shells containing chlorine fell on the town",
        # "police arrested a lecturer at his home")
        return replace(roles, actor2=f"Civilians ({country})", inter2=7)
    return roles


def _peaceful_protest_alone(typing: EventTyping, roles: Roles, country: str) -> Roles:
    """No one intervenes in a peaceful protest: what it is against or about ("demanding the release of a man
    arrested last week", "calling on the group's leader to step down") is no actor of the event, and no
    armed force or group marches beside the protesters."""
    if typing.sub_event_type != "Peaceful protest":
        return roles
    unarmed = "; ".join(a for a in roles.assoc_actor_1.split("; ") if a and not _armed(a, country))
    return replace(roles, actor2="", assoc_actor_2="", inter2=None, assoc_actor_1=unarmed)


def _armed(name: str, country: str) -> bool:
    """Whether a rendered actor name is a state force or an armed group of the catalogue."""
    if is_state_force(name):
        return True
    entries = catalog().by_name
    entry = entries.get(name) or entries.get(name.replace(f"({country})", f"({THEATRE})"))
    return entry is not None and entry.inter in ARMED


def _operation_coalitions(roles: Roles, day: date | None) -> Roles:
    """A foreign army and factions of its named operation on one side: the operation is the actor, the army
    and the named factions its associates."""
    for side in (1, 2):
        actor, assoc = (roles.actor1, roles.assoc_actor_1) if side == 1 else (roles.actor2, roles.assoc_actor_2)
        members = [n for n in [actor, *assoc.split("; ")] if n]
        for op in catalog().operations:
            army = [m for m in members if m.startswith(op.army)]
            allied = [m for m in members if m in op.operation_names() or op.has_faction(m, day)]
            if not army or not allied:
                continue
            named = [m for m in members if m not in army and m not in op.operation_names()]
            joined = "; ".join(dict.fromkeys(army + named))
            if side == 1:
                roles = replace(roles, actor1=op.name_on(day), inter1=op.inter, assoc_actor_1=joined)
            else:
                roles = replace(roles, actor2=op.name_on(day), inter2=op.inter, assoc_actor_2=joined)
            break
    return roles


FOREIGN = 8  # ACLED's inter code of external forces (and of the operations they lead)


def _foreign_capture(typing: EventTyping, roles: Roles) -> EventTyping:
    """ "Government regains territory" is the country's own government's: ACLED codes a foreign army (or the
    operation or coalition it leads) taking a place as Non-state actor overtakes territory. A police force
    works at home: a "foreign" one means the text is from its own country, where it regains ground."""
    foreign = roles.inter1 == FOREIGN and not roles.actor1.startswith("Police Forces of ")
    if typing.sub_event_type == "Government regains territory" and foreign:
        return _retyped(typing, "Non-state actor overtakes territory")
    return typing


UNNAMED_COMMUNAL = ("Unidentified Clan Militia (", "Unidentified Tribal Militia (")


def _communal_sides(typing: EventTyping, roles: Roles) -> Roles:
    """ "Two clans exchanged fire, killing three men": the pair names both sides, so the dead men are the other
    clan's, not civilians in a battle."""
    if typing.sub_event_type != "Armed clash" or not roles.actor1.startswith(UNNAMED_COMMUNAL):
        return roles
    if roles.actor2.startswith("Civilians ("):
        return replace(roles, actor2=roles.actor1, inter2=roles.inter1, assoc_actor_2="")
    return roles


@cache
def _infighting() -> re.Pattern:
    return re.compile("|".join(load_yaml("event_cues.yaml")["infighting"]), re.I)


def _infighting_sides(typing: EventTyping, roles: Roles, text: str) -> Roles:
    """Fighting inside one side ("rival rebel factions clashed", "the militias fought each other") is a battle
    with that side as both actors; the bystanders it killed are in its toll, no side of it."""
    if typing.event_type != "Battles" or not roles.actor1 or roles.inter2 not in (None, 7):
        return roles
    if _infighting().search(text):
        return replace(roles, actor2=roles.actor1, assoc_actor_2="", inter2=roles.inter1)
    return roles


def _state_force_first(typing: EventTyping, roles: Roles) -> Roles:
    """In a battle between a state force and a non-state group ACLED lists the state force first, whoever
    attacked ("gunmen ambushed an army patrol": the army is actor1)."""
    if typing.sub_event_type != "Armed clash" or not roles.actor2:
        return roles
    if is_state_force(roles.actor2) and not is_state_force(roles.actor1) and roles.inter1 in NON_STATE:
        return Roles(
            actor1=roles.actor2,
            assoc_actor_1=roles.assoc_actor_2,
            inter1=roles.inter2,
            actor2=roles.actor1,
            assoc_actor_2=roles.assoc_actor_1,
            inter2=roles.inter1,
        )
    return roles

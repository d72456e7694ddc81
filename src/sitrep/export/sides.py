"""Who fights whom, by ACLED's rules, as both the ACLED and the GED writers need it."""

from __future__ import annotations

from dataclasses import replace

from ..model import Event

STATE_FORCES, EXTERNAL_FORCES, CIVILIANS = 1, 8, 7
ORGANISED = {1, 2, 3, 4, 8}  # state forces, rebels, political and identity militias, external forces
VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")


def is_civilian(actor: str, inter: int | None) -> bool:
    return inter == CIVILIANS or actor.startswith("Civilians")


def acled_coding(event: Event) -> Event:
    """The event as ACLED codes it. A battle is between two armed, organised sides: when one of them is
    civilians, the event is an attack on civilians (Violence against civilians / Attack) by the other."""
    if event.event_type != "Battles":
        return event
    first_civilian = is_civilian(event.actor1, event.inter1)
    if not (first_civilian or is_civilian(event.actor2, event.inter2)):
        return event
    armed = ("actor2", "assoc_actor_2", "inter2") if first_civilian else ("actor1", "assoc_actor_1", "inter1")
    target = ("actor1", "assoc_actor_1", "inter1") if first_civilian else ("actor2", "assoc_actor_2", "inter2")
    actor1, assoc1, inter1 = (getattr(event, name) for name in armed)
    actor2, assoc2, _ = (getattr(event, name) for name in target)
    return replace(
        event,
        event_type="Violence against civilians",
        sub_event_type="Attack",
        actor1=actor1,
        assoc_actor_1=assoc1,
        inter1=inter1,
        actor2=actor2,
        assoc_actor_2=assoc2,
        inter2=CIVILIANS,
    )


def civilians_targeted(event: Event) -> bool:
    """ACLED's civilian_targeting: civilians are the direct target of the violence. Every attack on
    civilians; remote violence or mob violence whose target is civilians."""
    if event.event_type == "Violence against civilians":
        return True
    if event.event_type == "Explosions/Remote violence" or event.sub_event_type == "Mob violence":
        return is_civilian(event.actor2, event.inter2)
    return False

"""Hand-written report events for the merge tests (invented incidents, our own sentences)."""

from __future__ import annotations

from sitrep.model import Claim, Event, make_event_id

SHELLING = "Artillery shells fell on the grain market of Talbiseh on Tuesday, witnesses said."
SHELLING_OTHER_WORDS = "Government guns pounded Talbiseh's grain market on Tuesday, a local council member reported."
CLASH = "Fighters of two rival factions traded fire at a checkpoint on the road to Afrin on Tuesday."


def report(document_id: str, text: str = SHELLING, ordinal: int = 0, killed: int | None = None, **fields) -> Event:
    values = dict(
        event_date="2021-03-09",
        time_precision=1,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="Military Forces of Syria (2000-)",
        inter1=1,
        actor2="Civilians (Syria)",
        inter2=7,
        country="Syria",
        admin1="Homs",
        location="Talbiseh",
        latitude=34.84,
        longitude=36.73,
        geo_precision=1,
        source="Levant Monitor",
        text=text,
        coder="rules",
    )
    values.update(fields)
    if killed is not None:
        claimant = values.pop("claimant", None)
        values.update(fatalities=killed, fatalities_low=killed, fatalities_best=killed, fatalities_high=killed)
        values["claims"] = [Claim(kind="killed", value=killed, subject="civilians", claimant=claimant, text=text)]
    values.pop("claimant", None)
    return Event(event_id=make_event_id(document_id, text, ordinal), document_id=document_id, **values)

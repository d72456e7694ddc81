"""What `sitrep events` and `sitrep export` filter on, as SQL conditions on an event table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Table, func, or_


@dataclass
class EventFilter:
    date_from: date | None = None
    date_to: date | None = None
    admin1: str | None = None
    event_type: str | None = None
    actor: str | None = None
    publisher: str | None = None
    text: str | None = None
    include_superseded: bool = False
    limit: int | None = None
    changed_since: datetime | None = None


def field_conditions(table: Table, f: EventFilter) -> list:
    """The filters on an event's own fields, for the events table and the canonical events alike."""
    conditions: list = []
    if f.date_from:
        conditions.append(table.c.event_date >= f.date_from.isoformat())
    if f.date_to:
        conditions.append(table.c.event_date <= f.date_to.isoformat())
    if f.admin1:
        conditions.append(func.lower(table.c.admin1) == f.admin1.lower())
    if f.event_type:
        wanted = f.event_type.lower()
        conditions.append(or_(func.lower(table.c.event_type) == wanted, func.lower(table.c.sub_event_type) == wanted))
    if f.actor:
        pattern = f"%{f.actor.lower()}%"
        columns = (table.c.actor1, table.c.actor2, table.c.assoc_actor_1, table.c.assoc_actor_2)
        conditions.append(or_(*(func.lower(column).like(pattern) for column in columns)))
    return conditions

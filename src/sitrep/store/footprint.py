"""What one document's storing and merging read or wrote, for checking a speculative merge (see
store.speculation): its document id, its events, and the report events and canonical events touched."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..model import Event


@dataclass(slots=True)
class Footprint:
    document_ids: set[str] = field(default_factory=set)
    # read: whose candidates were looked up; written: stored (the document's events: the writer sets
    # them, rather than have them travel twice)
    events: list[Event] = field(default_factory=list)
    event_ids: set[str] = field(default_factory=set)  # report events read, or whose rows or links were written
    cluster_ids: set[str] = field(default_factory=set)  # canonical events read, or written

    def touches(self, other: Footprint) -> bool:
        """Whether one's ids meet the other's (document, report events, canonical events)."""
        return (
            not self.document_ids.isdisjoint(other.document_ids)
            or not self.event_ids.isdisjoint(other.event_ids)
            or not self.cluster_ids.isdisjoint(other.cluster_ids)
        )


@dataclass(slots=True)
class ClusterWrite:
    """The rows of one new version of a canonical event; the writer adds its own time of writing."""

    cluster_id: str
    previous_version: int  # 0: the canonical event is new
    values: dict[str, Any]  # the clusters row without cluster_id, created_at, changed_at and payload
    payload: str  # the canonical event as JSON
    reason: str


def could_be_candidate(event: Event, other: Event, windows: dict[int, int]) -> bool:
    """Whether the store's candidate look-up for `event` (StoreSession.candidate_events) would return
    `other` were it stored and current: another document's event in the date window of their time
    precisions, not placed in another governorate or country."""
    if not event.event_date or not other.event_date or other.document_id == event.document_id:
        return False
    if other.time_precision is not None and other.time_precision not in windows:
        return False
    if event.admin1 and other.admin1 is not None and other.admin1 != event.admin1:
        return False
    if event.country and other.country is not None and other.country != event.country:
        return False
    day = date.fromisoformat(event.event_date)
    width = timedelta(days=windows[max(event.time_precision or 2, other.time_precision or 2)])
    return (day - width).isoformat() <= other.event_date <= (day + width).isoformat()

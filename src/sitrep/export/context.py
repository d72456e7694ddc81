"""What a writer may know beyond the events themselves: stable row numbers, change times, notes for the user.

The CLI gives writers a context backed by the store, so an event keeps its `event_id_cnty` (ACLED) or
`id` (GED) across exports and its `timestamp` is when it was stored or last changed. Without a store
(`sitrep extract --format acled`), numbers are derived from the event ids and times are unknown.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from ..model import Event, EventCluster

DERIVED_DIGITS = 9


class ExportRecords(Protocol):
    """What a store keeps for exports (sitrep.store.Store offers it)."""

    def export_numbers(self, scheme: str, event_ids: Sequence[str]) -> dict[str, int]: ...

    def change_times(self, event_ids: Sequence[str]) -> dict[str, datetime]: ...


@dataclass(slots=True)
class ExportContext:
    """Passed to every writer; `notes` are lines the CLI prints on stderr after the export."""

    records: ExportRecords | None = None
    notes: list[str] = field(default_factory=list)

    def numbers(self, scheme: str, event_ids: Sequence[str]) -> dict[str, int]:
        """A number per event id that stays the same from one export to the next."""
        if self.records is not None:
            return self.records.export_numbers(scheme, event_ids)
        return {event_id: derived_number(event_id) for event_id in event_ids}

    def change_times(self, events: Sequence[Event]) -> dict[str, datetime]:
        """When each event was stored or last changed; a canonical event says so itself."""
        times = self.records.change_times([e.event_id for e in events]) if self.records is not None else {}
        for event in events:
            if isinstance(event, EventCluster) and event.changed_at:
                moment = datetime.fromisoformat(event.changed_at)
                times[event.event_id] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return times


def derived_number(event_id: str) -> int:
    """An unstored event's number, from its id: the same text and position give the same number."""
    digest = hashlib.sha1(event_id.encode("utf-8")).hexdigest()
    return int(digest, 16) % 10**DERIVED_DIGITS

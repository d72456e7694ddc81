"""What exports keep in the store: each event's stable row number, and when each event was stored."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from .engine import write_transaction
from .schema import clusters, events, export_numbers

if TYPE_CHECKING:
    from sqlalchemy import Engine

CHUNK = 500


class ExportRecords:
    """The export side of the store, mixed into Store (it offers sitrep.export.context.ExportRecords)."""

    engine: Engine

    def export_numbers(self, scheme: str, event_ids: Sequence[str]) -> dict[str, int]:
        """The number of each event in a scheme; events never numbered get the next free ones, in the order
        given, and keep them for good (an id in an ACLED or GED export must not change between exports)."""
        wanted = list(dict.fromkeys(event_ids))
        try:
            return self._number(scheme, wanted)
        except SQLAlchemyError as exc:
            first_line = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
            raise StoreError(f"could not keep the export's row numbers in the store: {first_line}") from None

    def _number(self, scheme: str, wanted: list[str]) -> dict[str, int]:
        with write_transaction(self.engine) as conn:
            known: dict[str, int] = {}
            for start in range(0, len(wanted), CHUNK):
                chunk = wanted[start : start + CHUNK]
                rows = conn.execute(
                    select(export_numbers.c.event_id, export_numbers.c.number).where(
                        export_numbers.c.scheme == scheme, export_numbers.c.event_id.in_(chunk)
                    )
                )
                known.update({event_id: number for event_id, number in rows})
            new = [event_id for event_id in wanted if event_id not in known]
            if new:
                last = conn.scalar(select(func.max(export_numbers.c.number)).where(export_numbers.c.scheme == scheme))
                numbered = {event_id: (last or 0) + offset for offset, event_id in enumerate(new, start=1)}
                conn.execute(
                    insert(export_numbers),
                    [{"scheme": scheme, "event_id": e, "number": n} for e, n in numbered.items()],
                )
                known.update(numbered)
        return known

    def change_times(self, event_ids: Sequence[str]) -> dict[str, datetime]:
        """When each event (a report's own event or a canonical one) was stored or last changed, in UTC."""
        wanted = list(dict.fromkeys(event_ids))
        times: dict[str, datetime] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), CHUNK):
                chunk = wanted[start : start + CHUNK]
                for table, key in ((events, events.c.event_id), (clusters, clusters.c.cluster_id)):
                    rows = conn.execute(select(key, table.c.changed_at).where(key.in_(chunk)))
                    times.update({event_id: _utc(moment) for event_id, moment in rows if moment is not None})
        return times


def _utc(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes; the store writes UTC
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

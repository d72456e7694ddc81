"""Invented events for the exporter tests (no sentence here comes from any real report)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sitrep.model import Claim, Event, EventCluster, Report

ARMY = "Military Forces of Syria (2000-)"
REBELS = "Opposition Rebels (Syria)"
ISLAMIC_STATE = "Islamic State (Syria)"
CIVILIANS = "Civilians (Syria)"
PROTEST = dict(
    event_type="Protests",
    sub_event_type="Peaceful protest",
    actor1="Protesters (Syria)",
    inter1=6,
    actor2="",
    inter2=None,
)


def killed(value: int, side: str | None, quantifier: str = "exact", subject: str = "", document_id=None) -> Claim:
    return Claim(
        kind="killed",
        value=value,
        quantifier=quantifier,
        subject=subject,
        side=side,
        claimant="a local monitor",
        text=f"{value} people died in the invented clash.",
        document_id=document_id,
    )


def event(event_id: str = "e1", **fields) -> Event:
    values = dict(
        document_id="doc-invented",
        event_date="2021-03-14",
        time_precision=1,
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1=REBELS,
        inter1=2,
        actor2=ARMY,
        inter2=1,
        country="Syria",
        admin1="Idleb",
        location="Kafr Nubl",
        latitude=35.6136,
        longitude=36.5614,
        geo_precision=1,
        fatalities=5,
        fatalities_low=5,
        fatalities_best=5,
        fatalities_high=5,
        claims=[killed(3, ARMY, subject="soldiers"), killed(2, REBELS, subject="fighters")],
        source="Invented Gazette",
        sources=["Invented Gazette"],
        text="Rebels and soldiers traded fire for hours outside an invented hilltop village.",
    )
    values.update(fields)
    return Event(event_id=event_id, **values)


def canonical(cluster_id: str = "c000000000000001", **fields) -> EventCluster:
    base = event(cluster_id, **fields)
    values = {name: getattr(base, name) for name in Event.__dataclass_fields__}
    cluster = EventCluster(**values)
    cluster.reports = [
        Report(document_id="doc-a", event_id="ra", source="Invented Gazette", published="2021-03-15"),
        Report(document_id="doc-b", event_id="rb", source="Imaginary Wire", published="2021-03-16"),
    ]
    cluster.changed_at = "2021-03-16T08:00:00+00:00"
    return cluster


def rows(writer, events, context=None) -> list[dict]:
    out = io.BytesIO()
    writer(events, out, context)
    return list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))


class FixedRecords:
    """A store's export records, in memory: numbers handed out once and kept."""

    def __init__(self):
        self.numbers: dict[tuple[str, str], int] = {}

    def export_numbers(self, scheme, event_ids):
        for event_id in event_ids:
            if (scheme, event_id) not in self.numbers:
                self.numbers[(scheme, event_id)] = 1 + sum(1 for s, _ in self.numbers if s == scheme)
        return {e: self.numbers[(scheme, e)] for e in event_ids}

    def change_times(self, event_ids):
        return {e: datetime(2021, 3, 20, 12, 0, tzinfo=UTC) for e in event_ids}

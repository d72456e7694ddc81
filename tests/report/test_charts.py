"""The report's images: drawn offline for any period, with or without located events."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sitrep.model import Event
from sitrep.pipeline import report_outlines
from sitrep.report.charts import events_map, events_per_day_chart, marker_area, timeline_unit


def test_the_chart_counts_per_day_then_week_then_month():
    assert [timeline_unit(n) for n in (1, 92, 93, 731, 732)] == ["day", "day", "week", "week", "month"]
    start = date(2020, 1, 1)
    per_day = {start + timedelta(days=n): Counter({"Battles": n % 3}) for n in range(400)}
    assert events_per_day_chart(per_day).startswith(b"\x89PNG")


def test_the_map_draws_without_any_located_event():
    unplaced = Event(event_id="e", document_id="d", event_type="Battles", country="Syria")
    assert events_map([unplaced], report_outlines()).startswith(b"\x89PNG")


def test_governorate_outlines_carry_the_names_the_events_use():
    syria = {o.name for o in report_outlines() if o.level == "admin1" and o.country == "Syria"}
    assert {"Deir-ez-Zor", "Idleb", "Al Hasakeh", "Rural Damascus", "As-Sweida", "Dara"} <= syria


def test_a_massacre_marker_stays_a_marker():
    assert marker_area(0) < marker_area(10) < marker_area(1000) < 15 * marker_area(0)

"""The quality gate: sitrep on the hand-written gold set, scored per field; the test half must hold its floors.

The floors (floors.json) are the figures measured on the test half when they were last pinned
(`python bench/gold_report.py --pin`); the gate fails, naming the field, when a change makes any of
them fall. The tuning half is scored and reported at the end of the run, not gated.
"""

from __future__ import annotations

import json
from collections import Counter

from sitrep.model import SUB_EVENT_TYPES

from .gold import GOLD, load_items, problems
from .scoring import GATED, aggregate

FLOORS = GOLD / "floors.json"


def test_every_gold_item_is_well_formed_and_sits_in_its_half():
    items = load_items()
    ids = Counter(item.id for item in items)
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    bad = {f"{item.path.name}:{item.id}": problems(item) for item in items if problems(item)}
    assert not bad, json.dumps(bad, indent=1)


def test_the_gold_set_covers_every_sub_event_type_and_enough_non_events():
    items = load_items()
    per_type = Counter(event["sub_event_type"] for item in items for event in item.events)
    thin = {sub: per_type[sub] for sub in SUB_EVENT_TYPES if per_type[sub] < 6}
    assert not thin, f"sub-event types with fewer than 6 gold events: {thin}"
    assert len(items) >= 300
    assert sum(not item.is_event for item in items) >= 0.3 * len(items)
    assert sum(item.kind == "article" and len(item.events) > 1 for item in items) >= 12


def test_the_test_half_holds_its_floors(gold_results):
    floors = json.loads(FLOORS.read_text())["test"]
    figures = aggregate(gold_results["test"])
    fallen = {name: f"{figures[name]} < floor {floor}" for name, floor in floors.items() if figures[name] < floor}
    assert not fallen, (
        f"the gold test half fell below its floors: {fallen}. Look for the cause on the tuning half "
        "(python bench/gold_report.py --half tuning); never read the test half's items."
    )


def test_every_gated_figure_has_a_floor():
    assert set(json.loads(FLOORS.read_text())["test"]) == set(GATED)


def test_the_tuning_half_is_scored_too(gold_results):
    figures = aggregate(gold_results["tuning"])
    assert figures["items"] > 100 and figures["gold_events"] > 0
    assert all(figures[name] is not None for name in GATED)

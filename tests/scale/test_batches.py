"""Cutting the input into batches (consecutive, or grouped by published day) and writing what finished
batches hold back in input order."""

from __future__ import annotations

import json

from sitrep.ingest.items import RawLine, RawText
from sitrep.scale.batches import InputOrder, make_batches, published_day


def line(number: int, day: str | None) -> RawLine:
    record = {"id": f"r{number}", "text": f"Report number {number}."}
    if day is not None:
        record["published"] = day
    return RawLine("in.jsonl", number + 1, json.dumps(record))


def test_consecutive_batches_without_grouping():
    items = [line(n, f"2020-01-{1 + n % 3:02d}") for n in range(10)]
    batches = list(make_batches(items, max_items=4))
    assert [b.positions for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert [b.index for b in batches] == [0, 1, 2]


def test_grouped_batches_put_one_day_together_and_keep_input_order_inside():
    days = ["2020-01-02", "2020-01-01", "2020-01-02", "2020-01-01", "2020-01-03", "2020-01-01"]
    items = [line(n, day) for n, day in enumerate(days)] + [line(6, "2020-01-01")]
    batches = list(make_batches(items, max_items=3, group_batches=2))  # a group: the first six items
    assert [b.positions for b in batches] == [[1, 3, 5], [0, 2, 4], [6]]
    assert all(b.items == [items[p] for p in b.positions] for b in batches)


def test_an_item_without_a_readable_day_still_lands_in_a_batch():
    items = [line(0, "2020-01-05"), RawLine("in.jsonl", 2, "{broken"), line(2, None), RawText("a.txt", "x", "text")]
    assert [published_day(item) for item in items] == ["2020-01-05", "", "", ""]
    batches = list(make_batches(items, max_items=2, group_batches=2))
    assert sorted(p for b in batches for p in b.positions) == [0, 1, 2, 3]
    assert [b.positions for b in batches] == [[1, 2], [0, 3]]


def test_input_order_waits_for_the_first_unfinished_position():
    order: InputOrder[str] = InputOrder()
    order.add(1, {1: ["b"], 3: ["d"]})
    assert order.release() == ([], [])  # position 0 is not finished
    order.add(0, {0: ["a"], 2: [], 4: ["e", "e2"]})
    assert order.release() == (["a", "b", "d", "e", "e2"], [1, 0])

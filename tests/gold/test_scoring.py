"""The scorer on hand-made events: alignment, per-field figures, claims, and the report's privacy of the test half."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from .gold import GOLD, half_of, item_from_raw, load_items
from .scoring import aggregate, norm_actor, same_claimant, same_place, score_item

ROOT = Path(__file__).resolve().parents[2]

GOLD_EVENT = {
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "actor1": "Military Forces of Syria (2000-)",
    "actor2": "Islamic State (Syria)",
    "event_date": "2021-03-08",
    "admin1": "Homs",
    "location": "al-Sukhnah",
    "fatalities": 3,
    "claims": [
        {"kind": "killed", "value": 3, "quantifier": "exact", "claimant": "army"},
        {"kind": "killed", "value": 10, "quantifier": "several", "claimant": None},
    ],
}
STRIKE = {
    **GOLD_EVENT,
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Air/drone strike",
    "actor1": "Military Forces of Russia (2000-)",
    "location": "Palmyra",
    "fatalities": 0,
    "claims": [],
}


def item(events: list[dict], kind: str = "article", non_event: str | None = None):
    raw = {"id": "scorer-example", "kind": kind, "text": "Some text.", "events": copy.deepcopy(events)}
    if non_event:
        raw["non_event"] = non_event
    return item_from_raw(raw, "tuning", GOLD / "tuning" / "articles.yaml")


def sitrep_event(gold: dict, **changes) -> dict:
    event = {k: v for k, v in copy.deepcopy(gold).items() if k != "claims"}
    event["claims"] = [{**c, "value": 3 if c["quantifier"] == "several" else c["value"]} for c in gold["claims"]]
    event.update(changes)
    return event


def test_a_perfect_coding_scores_one_on_every_figure():
    figures = aggregate([score_item(item([GOLD_EVENT]), [sitrep_event(GOLD_EVENT, admin1="Hims")])])
    for name in ("sub_event_micro_f1", "event_type", "actor1", "actor2", "event_date", "admin1", "location"):
        assert figures[name] == 1.0, name
    assert figures["fatalities"] == 1.0 and figures["claims_precision"] == figures["claims_recall"] == 1.0
    assert figures["claimant"] == 1.0 and figures["article_event_count"] == 1.0


def test_events_align_by_similarity_not_by_order():
    gold = item([GOLD_EVENT, STRIKE])
    result = score_item(gold, [sitrep_event(STRIKE), sitrep_event(GOLD_EVENT, fatalities=0)])
    assert sorted(result.pairs) == [(0, 1), (1, 0)]
    assert result.wrong_fields(0) == ["fatalities"] and result.wrong_fields(1) == []


def test_a_missed_event_is_wrong_everywhere_and_a_spurious_one_costs_precision():
    result = score_item(item([GOLD_EVENT, STRIKE]), [sitrep_event(GOLD_EVENT)])
    assert "sub_event_type" in result.wrong_fields(1) and "actor1" in result.wrong_fields(1)
    figures = aggregate([result, score_item(item([], kind="sentence", non_event="toll"), [sitrep_event(STRIKE)])])
    assert figures["sub_event_micro_recall"] == 0.5 and figures["sub_event_micro_precision"] == 0.5
    assert figures["non_event_rejection"] == 0.0 and figures["article_event_count"] == 0.0


def test_claims_match_on_value_or_vague_quantifier_and_claimants_on_naming():
    got = sitrep_event(GOLD_EVENT)
    got["claims"].append({"kind": "killed", "value": 400000, "quantifier": "more_than", "claimant": None})
    got["claims"][0]["claimant"] = "the army"
    result = score_item(item([GOLD_EVENT]), [got])
    assert len(result.claims_matched) == 2 and not result.claims_missed
    assert [c["value"] for c in result.claims_extra] == [400000]  # a running toll is no claim of the event
    assert same_claimant("Syrian Observatory for Human Rights", "the Syrian Observatory for Human Rights")
    assert not same_claimant("SANA", None) and same_claimant(None, None)


def test_names_and_places_compare_without_spans_accents_or_articles():
    assert norm_actor("Military Forces of Syria (2000-2024)") == norm_actor("Military Forces of Syria (2000-)")
    assert norm_actor("YPG: People's Protection Units") == norm_actor("YPG: Peoples Protection Units")
    assert same_place("Maarat al-Numan", "Ma‘arrat an Nu‘mān") and same_place("Tal Tamr", "Tall Tamr")
    assert same_place(["Sanamayn", "Ghabagheb"], "As Sanamayn") and not same_place("Tafas", "Tasil")


def test_the_split_is_fixed_and_every_item_sits_in_its_hashed_half():
    assert (half_of("clash-patrol-ambush-sanamayn"), half_of("none-toll-war-death-toll")) == ("test", "tuning")
    assert all(item.half == half_of(item.id) for item in load_items())


def test_the_report_prints_only_aggregates_for_the_test_half(tmp_path, capsys):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import gold_report
    finally:
        sys.path.remove(str(ROOT / "bench"))
    empty = tmp_path / "events.jsonl"
    empty.write_text("")
    assert gold_report.main(["--half", "test", "--events", str(empty)]) == 0
    out = capsys.readouterr().out
    test_items = load_items(("test",))
    assert "sub_event_micro_f1" in out
    assert not [i.id for i in test_items if i.id in out]
    assert not [i.text[:40] for i in test_items if i.text[:40] in out]


def test_new_items_are_checked_before_any_is_filed(tmp_path, capsys):
    from .add_items import item_blocks, main

    existing = load_items(("tuning",))[0]
    new = tmp_path / "new.yaml"
    new.write_text(
        f"- id: {existing.id}\n  kind: sentence\n  text: Copied id.\n  non_event: crime\n  events: []\n\n"
        "- id: brand-new-item\n  kind: poem\n  text: A wrong kind.\n  non_event: crime\n  events: []\n"
    )
    assert [b.splitlines()[0] for b in item_blocks(new.read_text())] == [f"- id: {existing.id}", "- id: brand-new-item"]
    before = {p: p.read_text() for p in GOLD.glob("*/*.yaml")}
    assert main([str(new)]) == 1
    errors = capsys.readouterr().err
    assert "id already in the gold set" in errors and "kind 'poem'" in errors
    assert {p: p.read_text() for p in GOLD.glob("*/*.yaml")} == before

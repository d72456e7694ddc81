"""Pair scores, deterministic clustering and reconciliation, without a database."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

from sitrep.merge import cluster_events, merge_settings, reconcile, score_pair
from sitrep.model import Membership
from tests.merge.reports import CLASH, SHELLING_OTHER_WORDS, report

SETTINGS = merge_settings()


def test_two_outlets_on_one_shelling_score_above_the_join_threshold_and_say_why():
    pair = score_pair(report("a"), report("b", SHELLING_OTHER_WORDS, source="Homs Today"), SETTINGS)
    assert pair.score is not None and pair.score >= SETTINGS.join
    assert set(pair.features) == {"date", "place", "type", "actors", "words", "figures"}
    assert pair.features["date"] == 1.0 and pair.features["type"] == 1.0


def test_hard_limits_keep_other_days_places_types_and_the_same_report_apart():
    base = report("a")
    assert score_pair(base, report("b", event_date="2021-03-12"), SETTINGS).reason.endswith("over 1")
    assert score_pair(base, report("b", admin1="Idleb"), SETTINGS).reason == "different places"
    far = report("b", latitude=35.9, longitude=36.6)  # over 100 km north, same governorate label
    assert score_pair(base, far, SETTINGS).score is None
    protest = report("b", event_type="Protests", sub_event_type="Peaceful protest")
    assert score_pair(base, protest, SETTINGS).reason == "incompatible types"
    assert score_pair(base, report("a", ordinal=1, text=CLASH), SETTINGS).reason == "same document"


def test_a_week_precision_widens_the_date_window():
    weekly = report("b", event_date="2021-03-11", time_precision=2)
    assert score_pair(report("a"), weekly, SETTINGS).score is not None
    assert score_pair(report("a"), report("b", event_date="2021-03-11"), SETTINGS).score is None


def test_the_date_evidence_halves_with_each_day_apart_within_the_window():
    weekly = {"time_precision": 2}
    same_day = score_pair(report("a", **weekly), report("b", SHELLING_OTHER_WORDS, **weekly), SETTINGS)
    next_day = score_pair(
        report("a", **weekly), report("b", SHELLING_OTHER_WORDS, event_date="2021-03-10", **weekly), SETTINGS
    )
    two_days = score_pair(
        report("a", **weekly), report("b", SHELLING_OTHER_WORDS, event_date="2021-03-11", **weekly), SETTINGS
    )
    assert (same_day.features["date"], next_day.features["date"], two_days.features["date"]) == (1.0, 0.5, 0.25)
    assert same_day.score > next_day.score > two_days.score  # type: ignore[operator]


def test_a_month_precision_fades_over_weeks_not_days():
    monthly = report("b", SHELLING_OTHER_WORDS, event_date="2021-03-16", time_precision=3)
    assert score_pair(report("a"), monthly, SETTINGS).features["date"] == 0.5  # a week apart, half-life a week


def test_a_weight_of_zero_keeps_the_feature_as_evidence_but_out_of_the_score():
    muted = replace(SETTINGS, weights={**SETTINGS.weights, "actors": 0.0})
    other_actor = report("b", SHELLING_OTHER_WORDS, source="Homs Today", actor1="Rebel Faction X")
    same_actor = report("b", SHELLING_OTHER_WORDS, source="Homs Today")
    apart, together = score_pair(report("a"), other_actor, muted), score_pair(report("a"), same_actor, muted)
    assert apart.features["actors"] < together.features["actors"]
    assert apart.score == together.score


def test_a_verbatim_copy_is_a_republication():
    copy = report("b", source="Aggregator Daily")
    pair = score_pair(report("a"), copy, SETTINGS)
    assert pair.republication and pair.features["words"] == 1.0
    assert not score_pair(report("a"), report("b", SHELLING_OTHER_WORDS), SETTINGS).republication


def _clusters(events):
    groups = {}
    for membership in cluster_events(events, SETTINGS):
        groups.setdefault(membership.cluster_id, set()).add(membership.event_id)
    return groups


def test_the_same_reports_in_any_order_give_the_same_clusters():
    events = [
        report("a"),
        report("b", SHELLING_OTHER_WORDS, source="Homs Today"),
        report("c", source="Aggregator Daily"),
        report(
            "d",
            CLASH,
            admin1="Aleppo",
            location="Afrin",
            latitude=36.51,
            longitude=36.87,
            event_type="Battles",
            sub_event_type="Armed clash",
            actor1="Faction A",
            actor2="Faction B",
        ),
        report(
            "e",
            CLASH,
            admin1="Aleppo",
            location="Afrin",
            latitude=36.51,
            longitude=36.87,
            event_type="Battles",
            sub_event_type="Armed clash",
            actor1="Faction A",
            actor2="Faction B",
            source="North Desk",
        ),
        report("f", event_date="2021-04-20"),
    ]
    expected = _clusters(events)
    assert sorted(len(members) for members in expected.values()) == [1, 2, 3]
    rng = random.Random(7)
    for _ in range(20):
        shuffled = events[:]
        rng.shuffle(shuffled)
        assert _clusters(shuffled) == expected
    for order in itertools.permutations(events[:4]):
        assert _clusters(list(order)) == _clusters(events[:4])


def test_a_report_ruled_out_by_one_member_opens_its_own_cluster():
    # b links to a; c is a's neighbour in wording but two days after b: it cannot join their cluster
    a = report("a", time_precision=2, event_date="2021-03-09")
    b = report("b", event_date="2021-03-08")
    c = report("c", event_date="2021-03-10")
    groups = _clusters([a, b, c])
    assert len(groups) == 2


def _reconciled(events, republished=()):
    memberships = {
        e.event_id: Membership(
            e.event_id, "c1", republication_of=events[0].event_id if e.document_id in republished else None
        )
        for e in events
    }
    published = {e.event_id: f"2021-03-{9 + i:02d}" for i, e in enumerate(events)}
    return reconcile("c1", events, memberships, published, SETTINGS)


def test_figures_become_a_range_never_a_sum_and_copies_count_once():
    events = [
        report("a", killed=4, source="SANA", claimant="state media"),
        report("b", SHELLING_OTHER_WORDS, killed=9, source="Homs Today"),
        report("c", killed=4, source="Aggregator Daily"),
    ]
    canonical = _reconciled(events, republished={"c"})
    assert (canonical.fatalities_low, canonical.fatalities_best, canonical.fatalities_high) == (4, 4, 9)
    assert canonical.fatalities == 4  # ACLED: the lowest credible figure
    assert canonical.outlets == 2 and canonical.sources == ["SANA", "Homs Today"]
    assert [r.document_id for r in canonical.reports] == ["a", "b", "c"]
    assert [(c.value, c.outlet, c.document_id) for c in canonical.claims] == [
        (4, "SANA", "a"),
        (9, "Homs Today", "b"),
        (4, "Aggregator Daily", "c"),
    ]


def test_opposite_camps_more_than_twice_apart_are_a_conflict():
    state = report("a", killed=3, source="SANA", claimant="state media")
    activists = report("b", SHELLING_OTHER_WORDS, killed=11, source="Homs Today", claimant="opposition activists")
    (conflict,) = _reconciled([state, activists]).conflict
    assert (conflict["kind"], conflict["low"]["value"], conflict["high"]["value"]) == ("killed", 3, 11)
    assert (conflict["low"]["camp"], conflict["high"]["camp"]) == ("government", "opposition")
    close = report("b", SHELLING_OTHER_WORDS, killed=5, source="Homs Today", claimant="opposition activists")
    assert _reconciled([state, close]).conflict == []
    same_side = report("b", SHELLING_OTHER_WORDS, killed=11, source="Homs Today", claimant="the army")
    assert _reconciled([state, same_side]).conflict == []


def test_the_finest_date_and_place_and_the_majority_type_win():
    events = [
        report("a", time_precision=2, event_date="2021-03-08", geo_precision=3, location="Homs"),
        report("b", SHELLING_OTHER_WORDS),
        report("c", event_type="Violence against civilians", sub_event_type="Attack"),
        report("d"),
    ]
    canonical = _reconciled(events)
    assert (canonical.event_date, canonical.time_precision) == ("2021-03-09", 1)
    assert (canonical.location, canonical.geo_precision) == ("Talbiseh", 1)
    assert canonical.sub_event_type == "Shelling/artillery/missile attack"


def test_a_remembered_pair_score_is_used_only_while_both_reports_are_as_they_were():
    from sitrep.merge.cluster import PairCache

    a, b = report("a"), report("b", SHELLING_OTHER_WORDS, source="Homs Today")
    first = PairCache(SETTINGS)(a, b)
    assert PairCache(SETTINGS)(a, b) is first  # a later clustering run reuses it
    moved = replace(b, admin1="Idleb")  # same event id, another place: a revision that kept the id
    assert PairCache(SETTINGS)(a, moved).reason == "different places"
    assert PairCache(SETTINGS)(a, b) == first and PairCache(SETTINGS)(a, b) is not first


def test_spelling_variants_count_as_shared_words_only_when_they_begin_alike():
    from sitrep.merge.features import word_similarity

    same = word_similarity("Saraqeb market shelling", "Saraqib market shelling", SETTINGS)
    other = word_similarity("Saraqeb market shelling", "Araqeb market shelling", SETTINGS)
    assert same == 1.0 and other < 1.0

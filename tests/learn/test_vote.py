"""The vote: one event at a time, and the same decisions over a table of rows when choosing thresholds."""

import math
import random

from sitrep.learn.training_files import NO_EVENT
from sitrep.learn.vote import RULES_ONLY, RuleEvent, Thresholds, VoteTable, choose_thresholds, decide

CLASH, STRIKE = "Armed clash", "Air/drone strike"


def fixed(label, margin):
    return lambda text: (label, margin)


def test_a_precise_cue_wins_and_a_confident_classifier_decides_below_it():
    thresholds = Thresholds(rule_wins_at=2.5, min_margin=0.4, create_at=0.8)
    precise, weak = RuleEvent(CLASH, 3.0, "…"), RuleEvent(CLASH, 1.0, "…")
    assert decide(precise, fixed(STRIKE, 0.9), thresholds) == CLASH
    assert decide(weak, fixed(STRIKE, 0.9), thresholds) == STRIKE
    assert decide(weak, fixed(STRIKE, 0.1), thresholds) == CLASH  # unsure: the classifier abstains
    assert decide(weak, fixed(NO_EVENT, 0.9), thresholds) == NO_EVENT  # it learned non-events
    candidate = RuleEvent(NO_EVENT, 0.0, "…")
    assert decide(candidate, fixed(STRIKE, 0.9), thresholds) == STRIKE
    assert decide(candidate, fixed(STRIKE, 0.5), thresholds) == NO_EVENT
    assert decide(candidate, fixed(STRIKE, 9.9), RULES_ONLY) == NO_EVENT
    assert decide(weak, fixed(STRIKE, 9.9), RULES_ONLY) == CLASH


def _reference(row, thresholds):
    for event, prediction in sorted(row, key=lambda pair: pair[0].start):
        label = decide(event, lambda text, prediction=prediction: prediction, thresholds)
        if label != NO_EVENT:
            return label
    return NO_EVENT


def test_the_table_decides_like_the_vote_event_by_event():
    rng = random.Random(7)
    labels = [CLASH, STRIKE, "Attack", NO_EVENT]
    rows = []
    for _ in range(200):
        row = []
        for start in rng.sample(range(100), rng.randint(0, 3)):
            rule = rng.choice(labels)
            event = RuleEvent(rule, 0.0 if rule == NO_EVENT else rng.choice([1.0, 2.0, 3.0]), "", start)
            row.append((event, (rng.choice(labels), rng.random())))
        rows.append(row)
    gold = [rng.choice(labels) for _ in rows]
    table = VoteTable.build(rows, gold)
    for thresholds in (
        RULES_ONLY,
        Thresholds(2.0, 0.5, math.inf),
        Thresholds(math.inf, 0.2, 0.7),
        Thresholds(3.0, 0.0, 0.0),
    ):
        assert table.names(table.main_labels(thresholds)) == [_reference(row, thresholds) for row in rows]


def test_thresholds_keep_the_rules_unless_the_classifier_helps():
    weak = RuleEvent(CLASH, 1.0, "", 0)
    precise = RuleEvent(STRIKE, 3.0, "", 0)
    # the classifier is right on the weakly cued rows and wrong on the precisely cued ones
    rows = [[(weak, (STRIKE, 0.9))]] * 5 + [[(precise, (CLASH, 0.9))]] * 5
    chosen = choose_thresholds(VoteTable.build(rows, [STRIKE] * 10))
    assert 1.0 < chosen.rule_wins_at <= 3.0 and chosen.min_margin <= 0.9
    useless = [[(weak, (STRIKE, 0.9))]] * 5
    assert choose_thresholds(VoteTable.build(useless, [CLASH] * 5)) == RULES_ONLY

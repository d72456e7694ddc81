"""The vote between the rules and the classifier, one rule-coded event (episode) or candidate sentence
at a time.

A rule cue of at least `rule_wins_at` weight decides the event's type; below it the classifier decides
when its margin over the runner-up reaches `min_margin`, and abstains (the rules decide) when not. The
classifier may also find an event no event at all, when it learned non-events. A candidate is a sentence
the rules report but cannot type (no cue names its event, yet it counts people killed, wounded, missing
or detained): it becomes an event of the classifier's type when its margin reaches `create_at`, and stays
dropped otherwise. Which sentences report an event at all (moods, background, accidents, repeats) stays
the rules' job. The thresholds are chosen by cross-validation in `sitrep train`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .training_files import NO_EVENT

Prediction = tuple[str, float]  # the classifier's label and its margin


@dataclass(frozen=True, slots=True)
class Thresholds:
    rule_wins_at: float  # inf: the classifier is asked about every event
    min_margin: float  # inf: the classifier never retypes an event
    create_at: float = math.inf  # inf: the classifier never makes an event of a candidate sentence

    def to_dict(self) -> dict[str, float | None]:
        return {name: _finite(getattr(self, name)) for name in ("rule_wins_at", "min_margin", "create_at")}

    @classmethod
    def from_dict(cls, data: dict) -> Thresholds:
        return cls(_infinite(data["rule_wins_at"]), _infinite(data["min_margin"]), _infinite(data["create_at"]))


RULES_ONLY = Thresholds(0.0, math.inf, math.inf)


def _finite(value: float) -> float | None:
    return None if math.isinf(value) else value  # JSON has no infinity: null stands for it


def _infinite(value: float | None) -> float:
    if value is None:
        return math.inf
    return float(value)


@dataclass(frozen=True, slots=True)
class RuleEvent:
    """What the vote needs of one event the rules coded, or of one candidate sentence."""

    label: str  # the rules' type; NO_EVENT for a candidate
    precision: float  # the weight of the rule cues for the event's own type in its text
    text: str
    start: int = 0  # where it starts in the document: the vote's main event is the first one kept

    @property
    def candidate(self) -> bool:
        return self.label == NO_EVENT


def decide(event: RuleEvent, predict: Callable[[str], Prediction], thresholds: Thresholds) -> str:
    """The type under the vote (NO_EVENT: no event); the classifier runs only when asked."""
    if event.candidate:
        if math.isinf(thresholds.create_at):
            return NO_EVENT
        label, margin = predict(event.text)
        return label if margin >= thresholds.create_at else NO_EVENT
    if event.precision >= thresholds.rule_wins_at:
        return event.label
    label, margin = predict(event.text)
    return label if margin >= thresholds.min_margin else event.label


@dataclass(frozen=True, slots=True)
class VoteTable:
    """Every row's rule events and candidates, in document order, with the classifier's out-of-fold
    predictions, as arrays for a fast search of the thresholds."""

    labels: tuple[str, ...]  # label index → name; 0 is NO_EVENT
    rule: np.ndarray  # rows × events: the rules' label index (0 for a candidate or where a row has fewer)
    candidate: np.ndarray  # rows × events: a candidate sentence
    precision: np.ndarray
    predicted: np.ndarray
    margin: np.ndarray
    gold: np.ndarray  # rows

    @classmethod
    def build(cls, rows: Sequence[Sequence[tuple[RuleEvent, Prediction]]], gold: Sequence[str]) -> VoteTable:
        names = sorted({NO_EVENT, *gold, *(e.label for r in rows for e, _ in r), *(p[0] for r in rows for _, p in r)})
        names.remove(NO_EVENT)
        labels = (NO_EVENT, *names)
        index = {name: i for i, name in enumerate(labels)}
        width = max((len(r) for r in rows), default=0) or 1
        shape = (len(rows), width)
        rule, predicted = np.zeros(shape, dtype=np.int32), np.zeros(shape, dtype=np.int32)
        candidate = np.zeros(shape, dtype=bool)
        precision, margin = np.zeros(shape), np.full(shape, -np.inf)
        for i, row in enumerate(rows):
            for j, (event, (label, score)) in enumerate(sorted(row, key=lambda pair: pair[0].start)):
                rule[i, j], precision[i, j], candidate[i, j] = index[event.label], event.precision, event.candidate
                predicted[i, j], margin[i, j] = index[label], score
        gold_index = np.array([index[g] for g in gold], dtype=np.int32)
        return cls(labels, rule, candidate, precision, predicted, margin, gold_index)

    def subset(self, rows: np.ndarray) -> VoteTable:
        return VoteTable(
            self.labels,
            self.rule[rows],
            self.candidate[rows],
            self.precision[rows],
            self.predicted[rows],
            self.margin[rows],
            self.gold[rows],
        )

    def main_labels(self, thresholds: Thresholds) -> np.ndarray:
        """For every row at once, the type of the first event the vote keeps (what a scorer reads as the
        text's main event): `decide` on each event in document order."""
        retyped = (self.precision < thresholds.rule_wins_at) & (self.margin >= thresholds.min_margin)
        decided = np.where(retyped, self.predicted, self.rule)
        created = self.candidate & (self.margin >= thresholds.create_at)
        decided = np.where(self.candidate, np.where(created, self.predicted, 0), decided)
        kept = decided != 0
        first = kept.argmax(axis=1)
        return np.where(kept.any(axis=1), decided[np.arange(len(decided)), first], 0)

    def accuracy(self, thresholds: Thresholds) -> float:
        return float((self.main_labels(thresholds) == self.gold).mean()) if len(self.gold) else 0.0

    def names(self, indices: np.ndarray) -> list[str]:
        return [self.labels[i] for i in indices]


def choose_thresholds(table: VoteTable) -> Thresholds:
    """The thresholds with the best main-event accuracy on the table, searched one after the other
    (retyping, then candidates, then retyping again). Ties go to the rules: the highest margins, then
    the lowest cue weight, so a classifier that does not help is not used."""
    precisions = np.unique(table.precision[(table.rule != 0)])
    rule_wins = sorted({0.0, *precisions.tolist(), math.inf})
    margins = table.margin[np.isfinite(table.margin)]
    quantiles = np.quantile(margins, np.linspace(0, 1, 21)).tolist() if len(margins) else []
    high_first = sorted({*quantiles, math.inf}, reverse=True)
    best = RULES_ONLY
    best_accuracy = table.accuracy(best)

    def consider(candidate: Thresholds) -> None:
        nonlocal best, best_accuracy
        accuracy = table.accuracy(candidate)
        if accuracy > best_accuracy + 1e-12:
            best, best_accuracy = candidate, accuracy

    for search in ("retype", "create", "retype"):
        start = best
        for margin in high_first:
            if search == "create":
                consider(Thresholds(start.rule_wins_at, start.min_margin, margin))
                continue
            for rule in rule_wins:
                consider(Thresholds(rule, margin, start.create_at))
    return best

"""The learned coder: the rule-based coder, with a trained classifier voting on each event's type.

Registered on the `sitrep.coders` entry point as `learned`, like the rules; `--coder NAME` with the name
of a model trained by `sitrep train` finds it under SITREP_HOME/models/NAME.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..errors import ModelError
from ..extract.actors import assign_roles, find_actors
from ..extract.coder import DEFAULT_COUNTRY, RuleBasedCoder
from ..extract.event_types import EventTyping, classify_event, cue_scores
from ..extract.sentences import Sentence, split_sentences
from ..model import SUB_EVENT_TYPES, Claim, Document, Event, Toponym
from ..registry import LEARNED_CODER, trained_models
from ..settings import Options
from .model_files import TrainedModel, load_model, model_directory
from .training_files import NO_EVENT
from .vote import Prediction, RuleEvent, Thresholds, decide

# figures that make a sentence no cue types a candidate event: people and things struck, not displaced
CANDIDATE_KINDS = frozenset({"killed", "wounded", "missing", "detained", "kidnapped", "casualties", "destroyed"})
_WORD = re.compile(r"\S+")


def cue_precision(event: Event) -> float:
    """How precisely the rule cues name the event's type: the weight of its own type's cues in its text
    (a type chosen by ACLED's precedence rules or by who took a place scores the cue that decided it)."""
    typing = classify_event(event.text)
    if typing is not None and typing.sub_event_type == event.sub_event_type:
        return typing.score
    own = cue_scores(event.text).get(event.sub_event_type)
    return own[0] if own else 0.0


def rule_events(events: Sequence[Event]) -> list[RuleEvent]:
    return [RuleEvent(e.sub_event_type, cue_precision(e), e.text, e.start_char or 0) for e in events]


def is_candidate(claims: Sequence[Claim]) -> bool:
    return any(claim.kind in CANDIDATE_KINDS for claim in claims)


def learned_typing(label: str, text: str, claims: Sequence[Claim], offset: int) -> EventTyping:
    """A typing for a type no cue gave: placed at the sentence's first figure (actors before it act)."""
    start = min((c.start_char - offset for c in claims if c.start_char is not None), default=0)
    word = _WORD.match(text, max(0, min(start, len(text) - 1))) or _WORD.search(text)
    cue = word.group(0) if word else label
    position = word.start() if word else 0
    return EventTyping(SUB_EVENT_TYPES[label], label, 0.0, cue, position, position + len(cue), position)


def find_model(options: Options) -> TrainedModel:
    """The model `options.coder` names; `learned` alone means the only model there is."""
    name = options.coder
    if name == LEARNED_CODER:
        names = trained_models(options.home)
        if len(names) != 1:
            listed = f"trained: {', '.join(names)}" if names else "none is trained yet: run `sitrep train FILE`"
            raise ModelError(f"--coder learned needs exactly one trained model ({listed}); name one with --coder NAME")
        name = names[0]
    return load_model(model_directory(name, options.home))


class _RulesWithCandidates(RuleBasedCoder):
    """The rules, asking the classifier about the sentences they cannot type."""

    def __init__(self, options: Options, thresholds: Thresholds, predict: Callable[[str], Prediction]) -> None:
        super().__init__(options)
        self.thresholds = thresholds
        self.predict = predict

    def type_untyped(self, sentence: Sentence, claims: list[Claim]) -> EventTyping | None:
        if math.isinf(self.thresholds.create_at) or not is_candidate(claims):
            return None
        candidate = RuleEvent(NO_EVENT, 0.0, sentence.text, sentence.start)
        label = decide(candidate, self.predict, self.thresholds)
        return None if label == NO_EVENT else learned_typing(label, sentence.text, claims, sentence.start)


class LearnedCoder:
    """The rules, with a classifier trained on the analyst's own coding voting on each event's type."""

    name = LEARNED_CODER

    def __init__(self, options: Options | None = None, model: TrainedModel | None = None) -> None:
        self.options = options or Options()
        self.model = model or find_model(self.options)
        self.name = self.model.name
        self._predictions: dict[str, Prediction] = {}
        self.rules = _RulesWithCandidates(self.options, self.model.thresholds, self._predict)

    def _predict(self, text: str) -> Prediction:
        """The classifier's answer, once per text of a document (a candidate is often its event's text)."""
        found = self._predictions.get(text)
        if found is None:
            found = self._predictions[text] = self.model.classifier.predict(text)
        return found

    def code(self, document: Document, toponyms: Sequence[Toponym]) -> list[Event]:
        self._predictions.clear()
        thresholds = self.model.thresholds
        kept = []
        for event in self.rules.code(document, toponyms):
            label = event.sub_event_type
            if not math.isinf(thresholds.min_margin):
                # the cue weight matters only between "rules always win" (0) and "classifier always asked" (inf)
                weighed = 0 < thresholds.rule_wins_at < math.inf
                vote = RuleEvent(label, cue_precision(event) if weighed else 0.0, event.text, event.start_char or 0)
                label = decide(vote, self._predict, thresholds)
            if label == NO_EVENT:
                continue
            if label != event.sub_event_type:
                _retype(event, label)
            event.coder = self.name
            kept.append(event)
        return kept


def _retype(event: Event, label: str) -> None:
    """Give the event the classifier's type, and the roles that type gives the actors of its first sentence."""
    first = next(iter(split_sentences(event.text)), None)
    text = first.text if first else event.text
    rules = classify_event(text)
    if rules is None:
        typing = learned_typing(label, text, [], 0)
    else:
        typing = replace(rules, event_type=SUB_EVENT_TYPES[label], sub_event_type=label)
    country = event.country or DEFAULT_COUNTRY  # the theatre the rules coded the event in
    roles = assign_roles(text, find_actors(text, country=country), typing, country=country)
    event.event_type, event.sub_event_type = typing.event_type, label
    for field in ("actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2"):
        setattr(event, field, getattr(roles, field))


class CandidateRecorder(RuleBasedCoder):
    """The rules as they are, noting the candidate sentences they drop (for cross-validation)."""

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.candidates: list[RuleEvent] = []

    def type_untyped(self, sentence: Sentence, claims: list[Claim]) -> EventTyping | None:
        if is_candidate(claims):
            self.candidates.append(RuleEvent(NO_EVENT, 0.0, sentence.text, sentence.start))
        return None

    def events_and_candidates(self, document: Document) -> list[RuleEvent]:
        self.candidates = []
        events = rule_events(self.code(document, []))
        return sorted(events + self.candidates, key=lambda e: e.start)

"""ACLED event typing of a sentence from cue patterns (resources/event_cues.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from ..errors import ResourceError
from ..model import SUB_EVENT_TYPES
from ..resource_files import load_yaml


@dataclass(frozen=True, slots=True)
class EventTyping:
    event_type: str
    sub_event_type: str
    score: float
    cue: str
    start: int
    end: int
    first_cue: int  # where the sentence's earliest cue of any kind starts ("rallied" before "tear gas")


@dataclass(frozen=True, slots=True)
class CueTable:
    cues: tuple[tuple[str, float], ...]  # (sub-type, weight) of the cue in group g<i> of its sub-type's pattern
    patterns: tuple[re.Pattern, ...]  # one per sub-type: cues of different types may overlap in the text
    any_cue: re.Pattern  # all cues at once: sentences without any skip the per-type search
    requires: dict[str, frozenset[str]]
    overrides: tuple[tuple[frozenset[str], str, dict[str, float]], ...]  # when_all, choose, at_least
    priority: dict[str, int]
    min_score: float
    aside: re.Pattern  # "in retaliation for …", "accused of …": a cue right after it is another event


@cache
def cue_table() -> CueTable:
    spec = load_yaml("event_cues.yaml")
    cues, patterns, bodies = [], [], []
    for sub_type, entries in spec["cues"].items():
        if sub_type not in SUB_EVENT_TYPES:
            raise ResourceError(f"event_cues.yaml: {sub_type!r} is not an ACLED sub-event type")
        groups = []
        for entry in entries:
            try:
                re.compile(entry["pattern"])
            except re.error as exc:
                raise ResourceError(
                    f"event_cues.yaml: bad pattern for {sub_type}: {entry['pattern']!r} ({exc})"
                ) from None
            groups.append(f"(?P<g{len(cues)}>{entry['pattern']})")
            bodies.append(f"(?:{entry['pattern']})")
            cues.append((sub_type, float(entry["weight"])))
        patterns.append(re.compile(rf"(?<![\w-])(?:{'|'.join(groups)})(?![\w-])", re.I))
    overrides = tuple((frozenset(o["when_all"]), o["choose"], o.get("at_least", {})) for o in spec.get("overrides", []))
    priority = {name: i for i, name in enumerate(spec["priority"])}
    requires = {k: frozenset(v) for k, v in spec.get("requires", {}).items()}
    any_cue = re.compile(rf"(?<![\w-])(?:{'|'.join(bodies)})(?![\w-])", re.I)
    aside = re.compile(rf"\b(?:{'|'.join(spec['aside_before'])})\b[^,;.]{{0,{ASIDE_REACH}}}$", re.I)
    return CueTable(
        tuple(cues), tuple(patterns), any_cue, requires, overrides, priority, float(spec["min_score"]), aside
    )


ASIDE_REACH = 50  # characters between an aside phrase and the cue it makes another event's


def cue_scores(text: str) -> dict[str, tuple[float, re.Match]]:
    """Per sub-type: summed weight of its matched cues (each cue counted once) and its first match."""
    table = cue_table()
    scores: dict[str, tuple[float, re.Match]] = {}
    starts = _cue_starts(text, table.any_cue)
    if not starts:
        return scores
    seen: set[str] = set()
    for pattern in table.patterns:
        for match in _matches_at(pattern, text, starts):
            group = match.lastgroup
            if group in seen or table.aside.search(text, max(0, match.start() - ASIDE_REACH - 30), match.start()):
                continue
            seen.add(group)
            sub_type, weight = table.cues[int(group[1:])]
            total, first = scores.get(sub_type, (0.0, match))
            scores[sub_type] = (total + weight, first)
    return scores


def _cue_starts(text: str, any_cue: re.Pattern) -> list[int]:
    """Every position where some cue can begin. A cue of any sub-type that starts at p makes the combined
    pattern match at p too, unless p lies inside an earlier combined match: so the starts of the combined
    matches plus the word starts inside them are all the candidates, and each sub-type's pattern is tried
    there only instead of scanning the whole sentence 25 times."""
    starts: list[int] = []
    for match in any_cue.finditer(text):
        starts.append(match.start())
        starts.extend(match.start() + inner.start() for inner in _INNER_WORD.finditer(match.group(0)))
    return starts


_INNER_WORD = re.compile(r"(?<=[^\w-])[\w-]")


def _matches_at(pattern: re.Pattern, text: str, starts: list[int]):
    """What `pattern.finditer(text)` yields, trying the pattern only at the candidate starts."""
    resume = 0
    for start in starts:
        if start < resume:
            continue
        match = pattern.match(text, start)
        if match:
            resume = max(match.end(), start + 1)
            yield match


def classify_event(text: str) -> EventTyping | None:
    """The ACLED type and sub-type a sentence reports, or None when it reports no event."""
    table = cue_table()
    scores = cue_scores(text)
    scores = {
        k: v
        for k, v in scores.items()
        if v[0] >= table.min_score and (k not in table.requires or table.requires[k] & scores.keys())
    }
    if not scores:
        return None
    chosen, evidence = None, scores
    for needed, winner, at_least in table.overrides:
        if needed <= scores.keys() and all(scores[k][0] >= least for k, least in at_least.items()):
            chosen, evidence = winner, {k: scores[k] for k in needed}
            break
    if chosen is None:
        chosen = max(scores, key=lambda k: (scores[k][0], -table.priority.get(k, 99)))
    # an override may choose a type none of whose own cues matched ("protesters clashed" → riot)
    score, match = scores.get(chosen) or max(evidence.values(), key=lambda v: v[0])
    chosen = _territory_side(text, chosen)
    first_cue = min(m.start() for _, m in scores.values())
    return EventTyping(SUB_EVENT_TYPES[chosen], chosen, score, match.group(0), match.start(), match.end(), first_cue)


ATTRIBUTION = re.compile(r"\baccording to [^,]*,", re.I)
GOVERNMENT_REGAINS, NON_STATE_OVERTAKES = "Government regains territory", "Non-state actor overtakes territory"


@cache
def _new_episode_opener() -> re.Pattern:
    openers = load_yaml("event_cues.yaml")["new_episode"]
    return re.compile(rf"^\W*(?:{'|'.join(openers)})\b", re.I)


def opens_new_episode(sentence: str) -> bool:
    """ "Meanwhile, four civilians were killed …": the report turns to another incident."""
    return bool(_new_episode_opener().match(sentence))


@cache
def _territory_grammar() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    spec = load_yaml("event_cues.yaml")["territory"]

    def words(key: str) -> re.Pattern:
        alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(spec[key], key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I)

    return words("verbs"), words("state"), words("non_state")


def _territory_side(text: str, sub_type: str) -> str:
    """Who took the place decides ACLED's territory type: state forces regain it, anyone else overtakes
    it. The agent is the first state or non-state word of the verb's clause: its subject."""
    if sub_type not in (GOVERNMENT_REGAINS, NON_STATE_OVERTAKES):
        return sub_type
    verbs, state, non_state = _territory_grammar()
    verb = verbs.search(text)
    if verb is None:
        return sub_type
    clause_start = max((text.rfind(mark, 0, verb.start()) for mark in ".;:"), default=-1) + 1
    attribution = ATTRIBUTION.search(text, clause_start, verb.start())  # "according to an army spokesman, …"
    clause_start = attribution.end() if attribution else clause_start
    agents = [(m.start(), GOVERNMENT_REGAINS) for m in state.finditer(text, clause_start, verb.start())]
    agents += [(m.start(), NON_STATE_OVERTAKES) for m in non_state.finditer(text, clause_start, verb.start())]
    return min(agents)[1] if agents else sub_type


def combine_typings(first: EventTyping, later: EventTyping) -> EventTyping:
    """The typing of an episode told over several sentences: ACLED's precedence rules decide between
    them ("protesters marched … there were scuffles" is a violent demonstration); otherwise the first stays."""
    for needed, winner, _ in cue_table().overrides:
        if needed == {first.sub_event_type, later.sub_event_type} and winner != first.sub_event_type:
            source = later if later.sub_event_type == winner else first
            return replace(source, event_type=SUB_EVENT_TYPES[winner], sub_event_type=winner)
    return first

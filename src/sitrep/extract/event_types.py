"""ACLED event typing of a sentence from cue patterns (resources/event_cues.yaml)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from ..model import SUB_EVENT_TYPES
from ..resource_files import load_yaml
from .cues import ASIDE, ASIDE_REACH, ATTEMPT, GUARD_REACH, NEGATION, Cue, CueTable, compile_pattern, cue_table
from .sentence_starts import SentenceStarts, sentence_starts


@dataclass(frozen=True, slots=True)
class EventTyping:
    event_type: str
    sub_event_type: str
    score: float
    cue: str
    start: int
    end: int
    first_cue: int  # where the sentence's earliest cue of any kind starts ("rallied" before "tear gas")
    cue_id: str = ""  # the id of the cue that decided the sub-type (resources/event_cues.yaml)


@dataclass(frozen=True, slots=True)
class CueHit:
    """One cue that counts in a sentence, where it matched."""

    cue: Cue
    match: re.Match


def cue_hits(text: str) -> list[CueHit]:
    """Every cue that counts in a sentence (each once, at its first match), by sub-type in the file's order.
    A match does not count inside an aside ("in retaliation for a chlorine attack"), after an attempt or a
    negation ("tried to arrest", "no arrests"), or where the cue's own guards say so; a fallback cue counts
    only where no other cue does."""
    table = cue_table()
    starts = sentence_starts(text)
    hits: list[CueHit] = []
    seen: set[int] = set()
    for index, match in _cue_matches(table, text, starts):
        if index in seen:
            continue
        cue = table.cues[index]
        if _does_not_count(text, starts, match, cue, table):
            continue
        seen.add(index)
        hits.append(CueHit(cue, match))
    if any(not hit.cue.fallback for hit in hits):
        hits = [hit for hit in hits if not hit.cue.fallback]
    return hits


def cue_matches(text: str) -> list[tuple[int, re.Match]]:
    """Each sub-type's cue matches, (cue index, match), by sub-type in the file's order, as a search of the
    alternation of its cues finds them: at each place the first of its cues in the file that matches there, the
    search going on after that match. A cue is tried only where one of its prefixes begins, and not at all in a
    sentence that lacks a word it needs."""
    return _cue_matches(cue_table(), text, sentence_starts(text))  # the table the sentence scan reads


def _cue_matches(table: CueTable, text: str, starts: SentenceStarts) -> list[tuple[int, re.Match]]:
    tries: list[tuple[int, int, int]] = []  # sub-type, position, cue: sorted, the order the alternation tries
    groups = table.groups
    # a cue a word of whose is nowhere in the sentence cannot match, nor stop another cue's match: never tried
    for index, positions in table.required.admitted(starts.cues, starts.folded):
        group = groups[index]
        tries += [(group, start, index) for start in (range(len(text) + 1) if positions is None else positions)]
    tries.sort()
    found = []
    group_now, resume = -1, 0
    patterns, compiled = table.patterns, table.patterns.compiled
    for group, start, index in tries:
        if group != group_now:
            group_now, resume = group, 0
        elif start < resume:
            continue  # inside the sub-type's last match, or where an earlier cue matched
        match = (compiled[index] or patterns[index]).match(text, start)
        if match:
            resume = max(match.end(), start + 1)
            found.append((index, match))
    return found


def _does_not_count(text: str, starts: SentenceStarts, match: re.Match, cue: Cue, table: CueTable) -> bool:
    start = match.start()
    # where the aside, the negation and the attempt can begin: over the whole sentence (a search that may not
    # pass the cue's start tries only those before it)
    before = starts.before
    if _found_before(table.aside, text, before.get(ASIDE, []), max(0, start - ASIDE_REACH - 30), start):
        return True
    if _found_before(table.negation, text, before.get(NEGATION, []), max(0, start - 40), start):
        return True
    attempt = before.get(ATTEMPT, [])
    if not cue.attempt_counts and _found_before(table.attempt, text, attempt, max(0, start - 40), start):
        return True
    if cue.not_after is not None and cue.not_after.search(text, max(0, start - GUARD_REACH), start):
        return True
    return cue.not_before is not None and bool(cue.not_before.match(text, match.end()))


def _found_before(pattern: re.Pattern, text: str, starts: list[int] | None, window: int, end: int) -> bool:
    """Whether `pattern.search(text, window, end)` finds a match, trying it only at its candidate starts."""
    if starts is None:
        return bool(pattern.search(text, window, end))
    for start in starts[bisect_left(starts, window) :]:
        if start >= end:
            return False
        if pattern.match(text, start, end):
            return True
    return False


def cue_scores(text: str) -> dict[str, tuple[float, re.Match]]:
    """Per sub-type: summed weight of its matched cues (each cue counted once) and its first match."""
    return {sub_type: (total, first.match) for sub_type, (total, first) in _scores(text).items()}


def _scores(text: str) -> dict[str, tuple[float, CueHit]]:
    """Per sub-type: summed weight of its matched cues (each cue counted once) and its first hit."""
    scores: dict[str, tuple[float, CueHit]] = {}
    for hit in cue_hits(text):
        total, first = scores.get(hit.cue.sub_type, (0.0, hit))
        scores[hit.cue.sub_type] = (total + hit.cue.weight, first)
    return scores


@lru_cache(maxsize=64)  # the coder asks again about the sentences it has just typed; the answer is immutable
def classify_event(text: str) -> EventTyping | None:
    """The ACLED type and sub-type a sentence reports, or None when it reports no event."""
    table = cue_table()
    scores = _scores(text)
    scores = {
        k: v
        for k, v in scores.items()
        if v[0] >= table.min_score and (k not in table.requires or table.requires[k] & scores.keys())
    }
    if not scores:
        return None
    chosen, evidence = None, scores
    for number in table.overrides_for(scores.keys()):
        needed, winner, at_least = table.overrides[number]
        if needed <= scores.keys() and all(scores[k][0] >= least for k, least in at_least.items()):
            chosen, evidence = winner, {k: scores[k] for k in needed}
            break
    if chosen is None:
        chosen = max(scores, key=lambda k: (scores[k][0], -table.priority.get(k, 99)))
    # an override may choose a type none of whose own cues matched ("protesters clashed" → riot): the
    # strongest of its evidence tells it, and of two as strong the earlier in the sentence (not whichever
    # the set of needed sub-types happened to list first in this process)
    score, hit = scores.get(chosen) or max(evidence.values(), key=lambda v: (v[0], -v[1].match.start()))
    chosen = _territory_side(text, chosen)
    first_cue = min(first.match.start() for _, first in scores.values())
    match = hit.match
    return EventTyping(
        SUB_EVENT_TYPES[chosen], chosen, score, match.group(0), match.start(), match.end(), first_cue, hit.cue.id
    )


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
        return compile_pattern(rf"(?<![\w-])(?:{alternation})(?![\w-])", f"event_cues.yaml territory {key}")

    return words("verbs"), words("state"), words("non_state")


def _territory_side(text: str, sub_type: str) -> str:
    """Who took the place decides ACLED's territory type: state forces regain it, anyone else overtakes
    it. The agent is the first state or non-state word of the verb's clause: its subject; in the passive
    the "by" agent after the verb, or else the side the place was taken from was not ("the militants
    were driven out" is a state gain)."""
    if sub_type not in (GOVERNMENT_REGAINS, NON_STATE_OVERTAKES):
        return sub_type
    verbs, state, non_state = _territory_grammar()
    verb = verbs.search(text)
    if verb is None:
        return sub_type
    clause_start = max((text.rfind(mark, 0, verb.start()) for mark in ".;:"), default=-1) + 1
    attribution = ATTRIBUTION.search(text, clause_start, verb.start())  # "according to an army spokesman, …"
    clause_start = attribution.end() if attribution else clause_start
    if PASSIVE_AUXILIARY.search(text, clause_start, verb.start()):
        by = PASSIVE_AGENT.search(text, verb.end(), verb.end() + 80)
        agent = _first_agent(text, by.end(), by.end() + 40, state, non_state) if by else None
        if agent:
            return agent
        loser = _first_agent(text, clause_start, verb.start(), state, non_state)
        if loser:
            return NON_STATE_OVERTAKES if loser == GOVERNMENT_REGAINS else GOVERNMENT_REGAINS
        return sub_type
    return _first_agent(text, clause_start, verb.start(), state, non_state) or sub_type


PASSIVE_AUXILIARY = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", re.I)
PASSIVE_AGENT = re.compile(r"\bby\s+", re.I)


def _first_agent(text: str, start: int, end: int, state: re.Pattern, non_state: re.Pattern) -> str | None:
    agents = [(m.start(), GOVERNMENT_REGAINS) for m in state.finditer(text, start, end)]
    agents += [(m.start(), NON_STATE_OVERTAKES) for m in non_state.finditer(text, start, end)]
    return min(agents)[1] if agents else None


def combine_typings(first: EventTyping, later: EventTyping) -> EventTyping:
    """The typing of an episode told over several sentences: ACLED's precedence rules decide between
    them ("protesters marched … there were scuffles" is a violent demonstration); otherwise the first stays."""
    for needed, winner, _ in cue_table().overrides:
        if needed == {first.sub_event_type, later.sub_event_type} and winner != first.sub_event_type:
            source = later if later.sub_event_type == winner else first
            return replace(source, event_type=SUB_EVENT_TYPES[winner], sub_event_type=winner)
    return first

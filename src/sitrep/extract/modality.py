"""Whether a sentence reports an actual event, or why not (statement, plan, denial, background …)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .mood_table import MoodCue, mood_cues, mood_patterns, mood_required_words
from .prefixes import Candidates, matches_at
from .sentence_starts import sentence_starts

REPORTED = "reported"
ACCIDENT = "accident"
CRIME = "crime"
HABITUAL = "habitual"
LONG_SPAN = "long_span"
CONTEXT = "context"
WAR_TOLL = "war_toll"
# moods a sentence loses when it also dates its event ("regularly shelled, and on Monday a shell killed two")
UNLESS_DATED = frozenset({HABITUAL, LONG_SPAN})
# a relative clause set off by commas: what it says ("…, who say the law will ruin them, …") governs nothing
RELATIVE_CLAUSE = re.compile(r",\s*(?:who|which|whose|whom)\b[^,;]*(?:,|$)", re.I)
# a clause of its own that tells the event, with a verb of its own: "vowed revenge after gunmen killed three
# soldiers", not "expelled diplomats after a nerve agent attack"
OWN_CLAUSE = re.compile(r"\b(?:after|following|when|because)\s+", re.I)
GERUND = re.compile(r"\w{3,}ing\s+(?:the|a|an|\d|[A-Z])")
PAST_VERB = re.compile(
    r"\b(?:\w{3,}ed|shot|hit|struck|fought|blew|threw|stole|beat|fled|sent|seized|overran|took|broke|set|began|went|came)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Mood:
    """A sentence's mood and, unless it is reported, the cue that gave it."""

    name: str
    cue: MoodCue | None = None
    match: re.Match | None = None


def _cue_candidates(text: str) -> Candidates:
    """The mood cues that can match in the sentence, in order, each with where it can begin: it is tried only
    there (None: everywhere), and not at all where a word it needs is missing."""
    starts = sentence_starts(text)
    return mood_required_words().admitted(starts.moods, starts.folded)


def mood_of(text: str, event_start: int | None = None) -> Mood:
    """The first matching mood of resources/modality.yaml, with its cue; 'reported' when none matches.
    A scoped mood's cue counts only when it begins before the event's own cue (at `event_start`), outside a relative
    clause, and not when the event is told in a clause of its own after it: "protesters rallied, calling
    on the army to act" reports a rally; "the minister called for an attack" reports none; "the army
    vowed revenge after gunmen killed three soldiers" reports the killing."""
    cues, _ = mood_cues()
    patterns = mood_patterns()
    asides: list[tuple[int, int]] | None = None
    for index, starts in _cue_candidates(text):
        cue = cues[index]
        limit = event_start if cue.scoped else None
        for match in matches_at(patterns.compiled[index] or patterns[index], text, starts):
            if cue.unless is not None and cue.unless.search(text):
                break
            if limit is not None:
                if match.start() >= limit:  # it may reach into the cue: "the war … has killed 90,000"
                    break
                if asides is None:
                    asides = [m.span() for m in RELATIVE_CLAUSE.finditer(text)]
                if any(start <= match.start() < stop for start, stop in asides):
                    continue
                if _told_in_own_clause(text, match.end(), limit):
                    continue
            return Mood(cue.mood, cue, match)
    return Mood(REPORTED)


def _told_in_own_clause(text: str, start: int, event_start: int) -> bool:
    conjunction = OWN_CLAUSE.search(text, start, event_start)
    if conjunction is None:
        return False
    if GERUND.match(text, conjunction.end()):
        return True  # "will advance after seizing the town"
    stop = min((i for i in (text.find(mark, event_start) for mark in ",;.") if i >= 0), default=len(text))
    return bool(PAST_VERB.search(text, conjunction.end(), min(stop, event_start + 60)))


def sentence_mood(text: str, event_start: int | None = None) -> str:
    """'reported' for an actual event, else the name of the first matching mood (see `mood_of`)."""
    return mood_of(text, event_start).name


def war_toll_start(text: str) -> int | None:
    """Where a clause telling the war's running toll begins in a sentence that also tells an event ("…, killing
    five, in a war that has killed 400,000"): figures from there on are no figures of the event."""
    cues, _ = mood_cues()
    patterns = mood_patterns()
    found = sentence_starts(text)
    tolls = [candidate for candidate in found.moods if cues[candidate[0]].mood == WAR_TOLL]
    starts = [
        m.start()
        for index, cue_starts in mood_required_words().admitted(tolls, found.folded)
        for m in matches_at(patterns[index], text, cue_starts)
    ]
    if not starts:
        return None
    first = min(starts)
    clause = max(text.rfind(mark, 0, first) for mark in (",", ";", "—", " - ", "("))
    return clause + 1 if clause >= 0 else first

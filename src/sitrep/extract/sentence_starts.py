"""One scan of a sentence for the literal prefixes of every pattern table the coder reads it with: the event
cues, the asides, negations and attempts before a cue, the moods, and the clauses of earlier events.

Each table's patterns are tried only where one of their prefixes begins (`prefixes.PrefixScan`). The coder
types a sentence, asks whether a cue's match is an aside's, and asks its mood one after another: one pass of
one trie over the folded sentence finds the starts of all three tables, where three passes found them before.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter

from .cues import cue_table
from .mood_table import mood_prefixes
from .prefixes import Candidates, PrefixScan, fold


@dataclass(frozen=True, slots=True)
class SentenceStarts:
    """Where in one sentence each table's patterns can begin (what `PrefixScan.candidates` says of each)."""

    folded: str  # the sentence, `fold`ed
    cues: Candidates  # the cue table's
    before: dict[int, list[int] | None]  # the aside's, the negation's and the attempt's (cues.ASIDE, …)
    moods: Candidates  # the mood table's
    earlier: dict[int, list[int] | None]  # the antecedent's and the cause's (`old_events.EARLIER_EVENTS`)


@cache
def _scan() -> tuple[PrefixScan, int, int, int]:
    """The scan of every table's prefixes, and where the guards', the moods' and the earlier events' patterns
    begin in its order."""
    from .old_events import earlier_event_prefixes  # not at the top: old_events reads its clauses from this scan

    table = cue_table()
    moods = mood_prefixes()
    guards_from = len(table.prefixes)
    moods_from = guards_from + len(table.before_prefixes)
    earlier_from = moods_from + len(moods)
    scan = PrefixScan([*table.prefixes, *table.before_prefixes, *moods, *earlier_event_prefixes()])
    return scan, guards_from, moods_from, earlier_from


@lru_cache(maxsize=8)  # asked by the typing, the guards, the mood and the figures of the sentence being read
def sentence_starts(text: str) -> SentenceStarts:
    """Where each table's patterns can begin in the sentence, read in one pass."""
    folded = fold(text)
    scan, guards_from, moods_from, earlier_from = _scan()
    found = scan.candidates(folded)
    first_guard = _first_from(found, guards_from)
    first_mood = _first_from(found, moods_from)
    first_earlier = _first_from(found, earlier_from)
    return SentenceStarts(
        folded,
        found[:first_guard],
        {index - guards_from: starts for index, starts in found[first_guard:first_mood]},
        [(index - moods_from, starts) for index, starts in found[first_mood:first_earlier]],
        {index - earlier_from: starts for index, starts in found[first_earlier:]},
    )


def _first_from(found: Candidates, index: int) -> int:
    """Where in the candidates (in the order of their patterns) the patterns from `index` on begin."""
    return bisect_left(found, index, key=itemgetter(0))

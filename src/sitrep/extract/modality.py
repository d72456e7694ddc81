"""Whether a sentence reports an actual event, or why not (statement, plan, denial, background …)."""

from __future__ import annotations

import re
from functools import cache

from ..resource_files import load_yaml

REPORTED = "reported"
ACCIDENT = "accident"
HABITUAL = "habitual"
LONG_SPAN = "long_span"
CONTEXT = "context"
# moods a sentence loses when it also dates its event ("regularly shelled, and on Monday a shell killed two")
UNLESS_DATED = frozenset({HABITUAL, LONG_SPAN})


@cache
def _grammar() -> tuple[tuple[tuple[str, re.Pattern], ...], frozenset[str]]:
    """One pattern per mood (its cues joined), in the file's order, and the moods scoped by position."""
    spec = dict(load_yaml("modality.yaml"))
    scoped = frozenset(spec.pop("before_the_event_only", ()))
    moods = tuple((mood, re.compile("|".join(f"(?:{p})" for p in patterns), re.I)) for mood, patterns in spec.items())
    return moods, scoped


def sentence_mood(text: str, event_start: int | None = None) -> str:
    """'reported' for an actual event, else the first matching mood from resources/modality.yaml.
    A scoped mood's cue counts only before the event's own cue (at `event_start`): "protesters rallied,
    calling on the army to act" reports a rally; "the minister called for an attack" reports none."""
    moods, scoped = _grammar()
    for mood, pattern in moods:
        end = event_start if event_start is not None and mood in scoped else len(text)
        if pattern.search(text, 0, end):
            return mood
    return REPORTED

"""Whether a sentence reports an actual event, or why not (statement, plan, denial, background …)."""

from __future__ import annotations

import re
from functools import cache

from ..resource_files import load_yaml

REPORTED = "reported"


@cache
def _moods() -> tuple[tuple[str, re.Pattern], ...]:
    """One pattern per mood (its cues joined), in the file's order."""
    return tuple(
        (mood, re.compile("|".join(f"(?:{p})" for p in patterns), re.I))
        for mood, patterns in load_yaml("modality.yaml").items()
    )


def sentence_mood(text: str) -> str:
    """'reported' for an actual event, else the first matching mood from resources/modality.yaml."""
    for mood, pattern in _moods():
        if pattern.search(text):
            return mood
    return REPORTED

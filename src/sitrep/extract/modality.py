"""Whether a sentence reports an actual event, or why not (statement, plan, denial, background …)."""

from __future__ import annotations

import re
from functools import cache

from ..resource_files import load_yaml

REPORTED = "reported"


@cache
def _moods() -> tuple[tuple[str, tuple[re.Pattern, ...]], ...]:
    return tuple(
        (mood, tuple(re.compile(p, re.I) for p in patterns)) for mood, patterns in load_yaml("modality.yaml").items()
    )


def sentence_mood(text: str) -> str:
    """'reported' for an actual event, else the first matching mood from resources/modality.yaml."""
    for mood, patterns in _moods():
        if any(p.search(text) for p in patterns):
            return mood
    return REPORTED

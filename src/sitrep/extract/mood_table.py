"""The mood cues of resources/modality.yaml: every cue with its id, mood, pattern, guard and examples."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..errors import ResourceError
from ..resource_files import load_yaml
from .cues import compile_pattern, keep_acronym_case
from .prefix_cache import proven_prefixes, stored_prefixes
from .prefixes import OnDemand
from .required_words import RequiredWords


@dataclass(frozen=True, slots=True)
class MoodCue:
    id: str
    mood: str
    pattern: str  # as compiled (case-insensitive, acronyms kept): `mood_patterns()` holds it compiled
    example: str
    counter_example: str | None
    unless: re.Pattern | None  # found anywhere in the sentence, it makes the cue not count
    scoped: bool = False  # counts only before the event's own cue (its mood is, or the cue says so)


@cache
def mood_cues() -> tuple[tuple[MoodCue, ...], frozenset[str]]:
    """Every mood cue in the file's order, and the moods scoped by position (a cue may be scoped alone)."""
    spec = load_yaml("modality.yaml")
    cues = []
    for mood, entries in spec["moods"].items():
        for entry in entries:
            where = f"modality.yaml ({mood})"
            missing = [k for k in ("id", "pattern", "example") if not entry.get(k)]
            if missing:
                raise ResourceError(f"{where}: a cue lacks {', '.join(missing)}: {entry}")
            unless = compile_pattern(entry["unless"], f"{where} {entry['id']} unless") if entry.get("unless") else None
            pattern = keep_acronym_case(entry["pattern"])  # compiled when first tried (`mood_patterns`)
            scoped = mood in spec.get("before_the_event_only", ()) or bool(entry.get("before_the_event_only"))
            cues.append(
                MoodCue(entry["id"], mood, pattern, entry["example"], entry.get("counter_example"), unless, scoped)
            )
    ids = [c.id for c in cues]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ResourceError(f"modality.yaml: cue ids must be unique: {', '.join(duplicates)}")
    return tuple(cues), frozenset(spec.get("before_the_event_only", ()))


@cache
def mood_patterns() -> OnDemand:
    """The mood cues' patterns, in `mood_cues()`'s order, each compiled the first time it is tried."""
    return OnDemand([cue.pattern for cue in mood_cues()[0]], re.I)


@cache
def mood_prefixes() -> list[frozenset[str]]:
    """The mood cues' literal prefixes, in `mood_cues()`'s order (`prefixes`), as stored."""
    patterns = mood_patterns()
    return stored_prefixes(
        "modality",
        patterns,
        lambda: proven_prefixes(patterns, [(f"modality.yaml ({c.mood}) {c.id}", c.pattern) for c in mood_cues()[0]]),
    )


@cache
def mood_required_words() -> RequiredWords:
    """The words each mood cue's pattern needs anywhere in a sentence."""
    patterns = mood_patterns()
    return RequiredWords(patterns.sources, mood_prefixes(), patterns.flags)

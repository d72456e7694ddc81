"""The cue table of resources/event_cues.yaml: every cue with its id, weight, pattern, guards and examples."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from ..errors import ResourceError
from ..model import SUB_EVENT_TYPES
from ..pattern_store import regex
from ..resource_files import load_yaml
from .prefix_cache import proven_prefixes, stored_prefixes
from .prefixes import OnDemand
from .required_words import RequiredWords

# a run of two or more capitals in a pattern is an acronym and keeps its case: "IS" is not "is", "US" not "us"
ACRONYM = re.compile(r"(?:(?<=\\b)|(?<![\\A-Za-z]))([A-Z]{2,})(?![a-rt-z]|s[a-z])")
ASIDE_REACH = 50  # characters between an aside phrase and the cue it makes another event's
GUARD_REACH = 60  # characters before a cue where its `not_after` pattern may start
CUE_BOUNDARY = r"(?<![\w-])"  # a cue begins a word: not inside one, nor after a hyphen
ASIDE, NEGATION, ATTEMPT = range(3)  # the patterns of `CueTable.before`, in its order


def keep_acronym_case(pattern: str) -> str:
    """The pattern with each all-capital word matched case-sensitively under a case-insensitive search."""
    return ACRONYM.sub(r"(?-i:\1)", pattern)


def compile_pattern(pattern: str, where: str, flags: int = re.I) -> re.Pattern:
    try:
        return regex(keep_acronym_case(pattern), flags)
    except re.error as exc:
        raise ResourceError(f"{where}: bad pattern {pattern!r} ({exc})") from None


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    sub_type: str
    weight: float
    pattern: str  # as compiled: acronyms already case-sensitive
    example: str
    counter_example: str | None
    not_after: re.Pattern | None  # ending right before the cue, it makes the cue not count
    not_before: re.Pattern | None  # starting right after the cue, it makes the cue not count
    fallback: bool = False  # counts only where no other cue does (a plain "killed a …" with no kind of attack)
    attempt_counts: bool = False  # an attempt is the event too ("an attempt to protest" that police broke up)


@dataclass(frozen=True, slots=True)
class CueTable:
    cues: tuple[Cue, ...]  # by sub-type in the file's order, each sub-type's in the file's order
    patterns: OnDemand  # cues[i]'s pattern between word boundaries, compiled the first time it is tried
    prefixes: tuple[frozenset[str], ...]  # cues[i]'s literal prefixes: where in a sentence it can begin
    groups: tuple[int, ...]  # cues[i]'s sub-type, by its place in the file: cues of one sub-type never overlap
    requires: dict[str, frozenset[str]]
    overrides: tuple[tuple[frozenset[str], str, dict[str, float]], ...]  # when_all, choose, at_least
    priority: dict[str, int]
    min_score: float
    aside: re.Pattern  # "in retaliation for …", "accused of …": a cue right after it is another event
    attempt: re.Pattern  # "tried to …", "agreed to …": a cue right after it did not happen (yet)
    negation: re.Pattern  # "no …", "did not …", "fled …": a cue right after it did not happen (here)
    before_prefixes: tuple[frozenset[str], ...]  # those of the aside, the negation and the attempt (ASIDE, …)
    overrides_with: dict[str, tuple[int, ...]]  # per sub-type, in order, the overrides whose when_all holds it
    required: RequiredWords  # the words each cue's pattern needs anywhere in a sentence

    def overrides_for(self, sub_types: Collection[str]) -> list[int]:
        """In order, the overrides whose when_all can hold among these sub-types: each holds one of them."""
        if len(sub_types) == 1:
            return list(self.overrides_with.get(next(iter(sub_types)), ()))
        return sorted({i for sub_type in sub_types for i in self.overrides_with.get(sub_type, ())})

    def by_id(self, cue_id: str) -> Cue:
        return next(c for c in self.cues if c.id == cue_id)


def _cue(sub_type: str, entry: dict) -> Cue:
    where = f"event_cues.yaml ({sub_type})"
    missing = [k for k in ("id", "weight", "pattern", "example") if not entry.get(k)]
    if missing:
        raise ResourceError(f"{where}: a cue lacks {', '.join(missing)}: {entry}")
    pattern = keep_acronym_case(entry["pattern"])  # compiled with its sub-type's (`_sub_type_pattern`)
    guards = {
        key: compile_pattern(entry[key], f"{where} cue {entry['id']} {key}") if entry.get(key) else None
        for key in ("not_after", "not_before")
    }
    return Cue(
        entry["id"],
        sub_type,
        float(entry["weight"]),
        pattern,
        entry["example"],
        entry.get("counter_example"),
        guards["not_after"],
        guards["not_before"],
        bool(entry.get("fallback")),
        bool(entry.get("attempt_counts")),
    )


def cue_source(cue: Cue) -> str:
    """The cue's pattern as it is searched: beginning a word and ending one."""
    return rf"{CUE_BOUNDARY}(?:{cue.pattern})(?![\w-])"


@cache
def cue_table() -> CueTable:
    spec = load_yaml("event_cues.yaml")
    cues: list[Cue] = []
    groups: list[int] = []
    for group, (sub_type, entries) in enumerate(spec["cues"].items()):
        if sub_type not in SUB_EVENT_TYPES:
            raise ResourceError(f"event_cues.yaml: {sub_type!r} is not an ACLED sub-event type")
        for entry in entries:
            cues.append(_cue(sub_type, entry))
            groups.append(group)
    duplicates = sorted({c.id for c in cues if sum(d.id == c.id for d in cues) > 1})
    if duplicates:
        raise ResourceError(f"event_cues.yaml: cue ids must be unique: {', '.join(duplicates)}")
    overrides = tuple((frozenset(o["when_all"]), o["choose"], o.get("at_least", {})) for o in spec.get("overrides", []))
    overrides_with: dict[str, list[int]] = {}
    for number, (needed, _, _) in enumerate(overrides):
        for sub_type in needed or SUB_EVENT_TYPES:  # one that needs nothing holds whatever scored
            overrides_with.setdefault(sub_type, []).append(number)
    priority = {name: i for i, name in enumerate(spec["priority"])}
    requires = {k: frozenset(v) for k, v in spec.get("requires", {}).items()}
    aside = compile_pattern(rf"\b(?:{'|'.join(spec['aside_before'])})\b[^,;.]{{0,{ASIDE_REACH}}}$", "aside_before")
    attempt = compile_pattern("|".join(f"(?:{p})" for p in spec["attempt_before"]), "attempt_before")
    negation = compile_pattern(
        "|".join(f"(?:{p})" for p in spec["negation_before"] + spec.get("cause_before", [])), "negation_before"
    )
    patterns = OnDemand([cue_source(cue) for cue in cues], re.I)
    prefixes = stored_prefixes(
        "event_cues",
        patterns,
        lambda: proven_prefixes(patterns, [(f"event_cues.yaml ({c.sub_type}) cue {c.id}", c.pattern) for c in cues]),
    )
    before = OnDemand([aside.pattern, negation.pattern, attempt.pattern], re.I)
    # as long as the cues': "the scene of" and "the attempt to" begin at "the scen" and "the atte", where "the "
    # would be a candidate start in nearly every sentence
    guards = [
        ("aside_before", aside.pattern),
        ("negation_before", negation.pattern),
        ("attempt_before", attempt.pattern),
    ]
    before_prefixes = stored_prefixes("event_cue_guards", before, lambda: proven_prefixes(before, guards))
    return CueTable(
        tuple(cues),
        patterns,
        tuple(prefixes),
        tuple(groups),
        requires,
        overrides,
        priority,
        float(spec["min_score"]),
        aside,
        attempt,
        negation,
        tuple(before_prefixes),
        {sub_type: tuple(numbers) for sub_type, numbers in overrides_with.items()},
        RequiredWords(patterns.sources, prefixes, patterns.flags),
    )

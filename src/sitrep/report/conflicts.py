"""Conflicting claims within one event: claimants whose figures for the same victims differ by more than 2x.

Stands in for the merge stage's `conflict` field on canonical events; once the store serves canonical
events this module goes and the report reads their conflicts instead.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..model import Claim, Event

CONFLICT_RATIO = 2.0
_COUNTED_KINDS = ("killed", "wounded", "casualties", "missing", "detained", "kidnapped")
_VAGUE = ("several", "dozens", "hundreds", "thousands", "unknown")  # words, not figures to set against one
_INCREMENT = re.compile(r"^(?:more|other|another|further|additional)\b", re.I)  # "5 more civilians" adds to a toll


@dataclass(frozen=True, slots=True)
class ClaimConflict:
    """Claims of one kind about the same victims whose figures disagree."""

    kind: str
    victims: str  # as a reader says it: "civilians", "soldiers (Military Forces of Syria (2000-))"
    claims: tuple[Claim, ...]  # lowest figure first

    @property
    def ratio(self) -> float:
        low = max(self.claims[0].value, 1)
        return self.claims[-1].value / low


def claimant_of(claim: Claim, outlet: str | None) -> str:
    """Who makes the claim: its claimant, or the outlet in its own voice when none is named."""
    if claim.claimant:
        return claim.claimant
    return f"{outlet} (own reporting)" if outlet else "unattributed"


def _victims(claim: Claim) -> tuple[str, str]:
    """Whom a figure counts: the subject's head noun ("children" are not all "civilians") and the side."""
    words = (claim.subject or "people").casefold().split()
    return (words[-1] if words else "people"), claim.side or ""


def _victims_label(noun: str, side: str) -> str:
    return f"{noun} ({side})" if side and noun.casefold() not in side.casefold() else noun


def event_conflicts(event: Event) -> list[ClaimConflict]:
    """The event's conflicting claims: for each kind and victims, figures of named claimants > 2x apart."""
    groups: dict[tuple[str, tuple[str, str]], dict[str, Claim]] = defaultdict(dict)
    for claim in event.claims:
        if not claim.claimant or claim.kind not in _COUNTED_KINDS or claim.quantifier in _VAGUE:
            continue  # an outlet's own unattributed figure is no side's claim; a vague word no figure
        if _INCREMENT.match(claim.subject or ""):
            continue
        victims = _victims(claim)
        who = claim.claimant.casefold()
        best = groups[(claim.kind, victims)].get(who)
        if best is None or claim.value > best.value:
            groups[(claim.kind, victims)][who] = claim
    conflicts = []
    for (kind, victims), by_claimant in groups.items():
        claims = sorted(by_claimant.values(), key=lambda c: c.value)
        if len(claims) > 1 and claims[-1].value > CONFLICT_RATIO * max(claims[0].value, 1):
            conflicts.append(ClaimConflict(kind, _victims_label(*victims), tuple(claims)))
    return conflicts

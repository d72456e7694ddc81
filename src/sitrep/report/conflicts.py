"""Conflicting claims of a canonical event, as the merge stage's reconciliation found them: for each kind
of figure, the widest pair that opposite camps' sources give more than twice apart (`conflict_ratio` in
merge.yaml), turned back into the claims themselves so the report can quote their sentences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Claim, Event, EventCluster


@dataclass(frozen=True, slots=True)
class ClaimConflict:
    """Claims of one kind from opposite camps whose figures disagree."""

    kind: str
    victims: str  # as a reader says it: "civilians", "soldiers (Military Forces of Syria (2000-))"
    claims: tuple[Claim, ...]  # lowest figure first
    camps: tuple[str, ...]  # each claim's camp, in the same order

    @property
    def ratio(self) -> float:
        low = max(self.claims[0].value, 1)
        return self.claims[-1].value / low


def claimant_of(claim: Claim, outlet: str | None) -> str:
    """Who makes the claim: its claimant, or the outlet in its own voice when none is named."""
    if claim.claimant:
        return claim.claimant
    return f"{outlet} (own reporting)" if outlet else "unattributed"


def event_conflicts(event: Event) -> list[ClaimConflict]:
    """The reconciliation's conflicts of a canonical event (none for a report's own event)."""
    if not isinstance(event, EventCluster):
        return []
    found = []
    for entry in event.conflict:
        low, high = (_claim_of(event, entry["kind"], entry[end]) for end in ("low", "high"))
        if low is not None and high is not None:
            camps = (entry["low"]["camp"], entry["high"]["camp"])
            found.append(ClaimConflict(entry["kind"], _victims(high), (low, high), camps))
    return found


def _claim_of(event: EventCluster, kind: str, ref: dict[str, Any]) -> Claim | None:
    for claim in event.claims:
        same = (claim.kind, claim.value, claim.claimant, claim.outlet, claim.document_id)
        if same == (kind, ref["value"], ref.get("claimant"), ref.get("outlet"), ref.get("document_id")):
            return claim
    return None


def _victims(claim: Claim) -> str:
    """Whom a figure counts, as a reader says it: the subject's head noun and, when it adds something, the side."""
    words = (claim.subject or "people").casefold().split()
    noun = words[-1] if words else "people"
    side = claim.side or ""
    return f"{noun} ({side})" if side and noun not in side.casefold() else noun

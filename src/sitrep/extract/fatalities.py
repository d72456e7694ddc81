"""Fatality figures of an event from its claims: ACLED's `fatalities` and UCDP's low/best/high."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence

from ..model import Claim

PRECISE = ("exact", "about", "range")


def fatality_range(claims: Sequence[Claim]) -> tuple[int, int, int, int]:
    """(fatalities, low, best, high): per side the claims conflict, across sides they add up.

    ACLED's figure is the lowest credible one; UCDP's best prefers precise figures ("exact",
    "about", ranges) over bounds and vague amounts, and takes the median when claimants disagree.
    """
    by_side: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.kind == "killed":
            by_side[_side_key(claim)].append(claim)
    low = best = high = 0
    for side_claims in by_side.values():
        low += min(c.value for c in side_claims)
        high += max(c.value_high or c.value for c in side_claims)
        precise = [c.value for c in side_claims if c.quantifier in PRECISE] or [c.value for c in side_claims]
        best += int(statistics.median_low(precise))
    return low, low, best, high


def _side_key(claim: Claim) -> str:
    return claim.side or claim.subject.lower() or "?"

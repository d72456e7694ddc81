"""Fatality figures of an event from its claims: ACLED's `fatalities` and UCDP's low/best/high.

Figures that can be totalled: the dead of different sides add up; two sources' tolls of the same victims
are a range, never a sum; within one report, people the sentence names apart ("three children and two
women") add up, a part of a toll ("ten people, including three children") does not.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import Claim

PRECISE = ("exact", "about", "range")
UNKNOWN_SIDE = ""
OTHERS = re.compile(r"^(?:others?|more|another|also|further)\b", re.I)  # "… and 3 others died": other people
COMBATANTS = re.compile(
    r"\b(?:militants?|fighters?|rebels?|insurgents?|jihadists?|terrorists?|gunmen|attackers?|assailants?|militiam[ae]n)$",
    re.I,
)
SUBSET = re.compile(r"\b(?:including|among them|among whom|of whom|of them|among the dead|among those)\b", re.I)


@dataclass(frozen=True, slots=True)
class Estimate:
    low: int
    best: int
    high: int
    precise: bool  # every figure behind it is precise: it is preferred as the best estimate


def fatality_range(claims: Sequence[Claim]) -> tuple[int, int, int, int]:
    """(fatalities, low, best, high): ACLED's figure is the lowest credible one; UCDP's best prefers precise
    figures ("exact", "about", ranges) over bounds and vague amounts, and takes the median of disagreeing
    reports. A toll whose side is not known adds to a single side's toll as another report of it; beside
    several sides it is a total of them all."""
    groups: dict[str, list[Claim]] = {}
    for number, claim in enumerate(c for c in claims if c.kind == "killed"):
        groups.setdefault(_side_key(claim, number), []).append(claim)
    unknown = groups.pop(UNKNOWN_SIDE, [])
    if len(groups) == 1 and unknown:
        (only,) = groups
        groups[only] += unknown
        unknown = []
    sides = [_side_estimate(side_claims) for side_claims in groups.values()]
    total = Estimate(
        sum(e.low for e in sides), sum(e.best for e in sides), sum(e.high for e in sides), all(e.precise for e in sides)
    )
    if unknown:
        total = _combined(([total] if sides else []) + [_report_estimate([c]) for c in unknown])
    return total.low, total.low, total.best, total.high


def _side_key(claim: Claim, number: int) -> str:
    if claim.side:
        return claim.side
    if OTHERS.match(claim.subject):
        return f"others {number}"  # the text says these are other people
    if COMBATANTS.search(claim.subject):
        return f"combatants {claim.subject.lower()}"  # "15 militants": fighters of a side the text leaves unnamed
    return UNKNOWN_SIDE


def _side_estimate(claims: list[Claim]) -> Estimate:
    """One side's dead: each report (a claimant's sentence) is one estimate; the estimates are a range."""
    reports: dict[tuple[str | None, str], list[Claim]] = {}
    for claim in claims:
        reports.setdefault((claim.claimant, claim.text), []).append(claim)
    return _combined([_report_estimate(report) for report in reports.values()])


def _report_estimate(report: list[Claim]) -> Estimate:
    """One report's toll of a side: the people it names apart add up, unless it names a part of a toll."""
    by_subject: dict[str, Claim] = {}
    for claim in report:
        by_subject.setdefault(claim.subject.lower(), claim)
    claims = list(by_subject.values())
    if len(claims) > 1 and SUBSET.search(claims[0].text):
        claims = [max(claims, key=lambda c: c.value)]
    low = sum(c.value for c in claims)
    return Estimate(
        low, low, sum(c.value_high or c.value for c in claims), all(c.quantifier in PRECISE for c in claims)
    )


def _combined(estimates: list[Estimate]) -> Estimate:
    """Several estimates of the same dead: the lowest, the median of the precise ones (or of all), the highest."""
    precise = [e.best for e in estimates if e.precise]
    return Estimate(
        min(e.low for e in estimates),
        int(statistics.median_low(precise or [e.best for e in estimates])),
        max(e.high for e in estimates),
        bool(precise),
    )


VAGUE = ("several", "unknown", "dozens", "hundreds", "thousands")


def shared_claims(claims: list[Claim], parts: int) -> list[list[Claim]]:
    """The claims of a toll told for several events at once: the figures stay with the first event, except
    a vague toll of the dead ("several were killed"), which ACLED splits evenly across them."""
    shares: list[list[Claim]] = [list(claims)] + [[] for _ in range(parts - 1)]
    for claim in claims:
        if claim.kind != "killed" or claim.quantifier not in VAGUE:
            continue
        each, rest = divmod(claim.value, parts)
        shares[0][shares[0].index(claim)] = replace(claim, value=each + rest)
        for share in shares[1:]:
            if each:
                share.append(replace(claim, value=each))
    return shares

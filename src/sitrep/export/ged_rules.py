"""UCDP GED's counting rules over sitrep's events: the type of violence, the deaths by side, date spans.

GED codes organised lethal violence only: state-based (1), non-state (2) and one-sided violence against
civilians (3), each with at least one death. Deaths are counted per side (`deaths_a`, `deaths_b`),
for civilians and as unknown, and `best` is their sum.
"""

from __future__ import annotations

import calendar
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import Claim, Event
from .sides import EXTERNAL_FORCES, ORGANISED, STATE_FORCES, VIOLENT_TYPES, is_civilian

STATE_BASED, NON_STATE, ONE_SIDED = 1, 2, 3
PRECISE = ("exact", "about", "range")
WEEK_DAYS = 7


def violence_type(event: Event) -> int | None:
    """GED's type of violence from the kinds of the sides; None for events GED does not code
    (protests, riots, strategic developments, violence with a side missing)."""
    if event.event_type not in VIOLENT_TYPES and event.sub_event_type != "Excessive force against protesters":
        return None
    kinds = [(actor, inter) for actor, inter in ((event.actor1, event.inter1), (event.actor2, event.inter2)) if actor]
    targets_civilians = (
        event.event_type == "Violence against civilians"
        or event.sub_event_type == "Excessive force against protesters"
        or any(is_civilian(actor, inter) for actor, inter in kinds)
    )
    armed = [(actor, inter) for actor, inter in kinds if inter in ORGANISED and not is_civilian(actor, inter)]
    if targets_civilians:
        return ONE_SIDED if armed else None
    if len(armed) < 2:
        return None
    return STATE_BASED if any(is_state(actor, inter) for actor, inter in armed) else NON_STATE


def is_state(actor: str, inter: int | None) -> bool:
    return inter == STATE_FORCES or (
        inter == EXTERNAL_FORCES and actor.startswith(("Military Forces", "Police Forces"))
    )


def oriented_sides(event: Event, kind: int) -> tuple[str, str, bool]:
    """(side a, side b, swapped): GED puts the government first in state-based violence and the
    perpetrator first, civilians second, in one-sided violence."""
    first, second = (event.actor1, event.inter1), (event.actor2, event.inter2)
    swap = (kind == STATE_BASED and not is_state(*first) and is_state(*second)) or (
        kind == ONE_SIDED and is_civilian(*first)
    )
    if swap:
        first, second = second, first
    if kind == ONE_SIDED:
        return first[0], "Civilians", swap
    return first[0], second[0], swap


@dataclass(slots=True)
class Deaths:
    a: int = 0
    b: int = 0
    civilians: int = 0
    unknown: int = 0
    low: int = 0
    high: int = 0

    @property
    def best(self) -> int:
        return self.a + self.b + self.civilians + self.unknown


def count_deaths(event: Event, side_a: str, side_b: str, kind: int) -> Deaths:
    """Each report's figure per side (the median of its precise claims), then the median over the reports
    that give one; deaths the event counts but no claim places are unknown; low ≤ best ≤ high."""
    per_report: dict[str, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for claim in event.claims:
        if claim.kind == "killed":
            per_report[claim.document_id or ""][_category(claim, side_a, side_b, kind)].append(claim)
    estimates: dict[str, list[int]] = defaultdict(list)
    for categories in per_report.values():
        for category, claims in categories.items():
            precise = [c.value for c in claims if c.quantifier in PRECISE] or [c.value for c in claims]
            estimates[category].append(int(statistics.median_low(precise)))
    figure = {category: int(statistics.median_low(values)) for category, values in estimates.items()}
    deaths = Deaths(
        a=figure.get("a", 0),
        b=figure.get("b", 0),
        civilians=figure.get("civilians", 0),
        unknown=figure.get("unknown", 0),
    )
    event_best = event.fatalities_best if event.fatalities_best is not None else event.fatalities
    deaths.unknown += max(0, event_best - deaths.best)
    low = event.fatalities_low if event.fatalities_low is not None else event.fatalities
    high = event.fatalities_high if event.fatalities_high is not None else deaths.best
    deaths.low, deaths.high = min(low, deaths.best), max(high, deaths.best)
    return deaths


def _category(claim: Claim, side_a: str, side_b: str, kind: int) -> str:
    side = claim.side or ""
    if is_civilian(side, None) or "civilian" in claim.subject.lower():
        return "civilians"
    if side and side == side_a:
        return "a"
    if side and side == side_b and kind != ONE_SIDED:
        return "b"
    return "unknown"


def date_span(event_date: str | None, precision: int | None) -> tuple[str, str]:
    """GED's date_start and date_end: the day; the week that ends on the day sitrep dates a "past
    week" to (precision 2); the calendar month (precision 3)."""
    if not event_date:
        return "", ""
    day = date.fromisoformat(event_date)
    if precision == 2:
        return (day - timedelta(days=WEEK_DAYS - 1)).isoformat(), event_date
    if precision == 3:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1).isoformat(), day.replace(day=last).isoformat()
    return event_date, event_date

"""One canonical event from its member reports: fields by agreement, figures as a range, disagreements.

Figures are never added up across reports: each report's own figure for the event (its coder already
chose one per kind) is one estimate, and the canonical event gives their range (UCDP low/best/high)
and ACLED's conservative value. A re-published copy counts once, for the outlet it copies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from ..model import Claim, Event, EventCluster, Membership, Report
from .settings import MergeSettings


def reconcile(
    cluster_id: str,
    members: Sequence[Event],
    memberships: dict[str, Membership],
    published: dict[str, str | None],
    settings: MergeSettings,
) -> EventCluster:
    """The canonical event of one cluster (members: its report events, any order; `published`: their documents' dates)."""
    ordered = sorted(members, key=lambda e: (published.get(e.event_id) or "9999", e.document_id, e.event_id))
    copies = copied_from(ordered, memberships)
    originals = [e for e in ordered if e.event_id not in copies]
    voters = originals or ordered
    first = ordered[0]
    when = _finest(voters, lambda e: e.time_precision, lambda e: e.event_date)
    where = _finest(voters, lambda e: e.geo_precision, lambda e: e.location)
    kind = _most_common(voters, lambda e: (e.event_type, e.sub_event_type))
    typed = [e for e in voters if (e.event_type, e.sub_event_type) == (kind.event_type, kind.sub_event_type)]
    actors = _most_common(typed, lambda e: (e.actor1, e.actor2), prefer=lambda e: bool(e.actor1) + bool(e.actor2))
    outlets = _independent_outlets(ordered, copies)
    low, best, high, conservative = _figures(originals or ordered)
    canonical = EventCluster(
        event_id=cluster_id,
        document_id=first.document_id,
        event_date=when.event_date,
        time_precision=when.time_precision,
        event_type=kind.event_type,
        sub_event_type=kind.sub_event_type,
        actor1=actors.actor1,
        assoc_actor_1=actors.assoc_actor_1,
        inter1=actors.inter1,
        actor2=actors.actor2,
        assoc_actor_2=actors.assoc_actor_2,
        inter2=actors.inter2,
        country=where.country,
        admin1=where.admin1,
        admin2=where.admin2,
        admin3=where.admin3,
        location=where.location,
        latitude=where.latitude,
        longitude=where.longitude,
        geo_precision=where.geo_precision,
        fatalities=conservative,
        fatalities_low=low,
        fatalities_best=best,
        fatalities_high=high,
        claims=[replace(c, outlet=e.source, document_id=e.document_id) for e in ordered for c in e.claims],
        source=first.source,
        sources=outlets,
        republished_by=first.republished_by,
        text=first.text,
        start_char=first.start_char,
        end_char=first.end_char,
        coder="merge",
        reports=[_report(e, memberships[e.event_id], published.get(e.event_id), copies) for e in ordered],
        outlets=len(outlets),
    )
    canonical.conflict = disagreements(canonical.claims, settings)
    return canonical


def copied_from(ordered: Sequence[Event], memberships: dict[str, Membership]) -> dict[str, str]:
    """Each copy's original: of a set of near-verbatim reports, the first published is the origin."""
    group = {e.event_id: e.event_id for e in ordered}

    def root(event_id: str) -> str:
        while group[event_id] != event_id:
            event_id = group[event_id]
        return event_id

    for event in ordered:
        original = memberships[event.event_id].republication_of
        if original in group:
            group[root(event.event_id)] = root(original)
    origin: dict[str, str] = {}
    for event in ordered:  # earliest first: it becomes the origin of its group
        origin.setdefault(root(event.event_id), event.event_id)
    return {e.event_id: origin[root(e.event_id)] for e in ordered if origin[root(e.event_id)] != e.event_id}


def _report(event: Event, membership: Membership, published: str | None, copies: dict[str, str]) -> Report:
    return Report(
        document_id=event.document_id,
        event_id=event.event_id,
        source=event.source,
        published=published,
        score=membership.score,
        features=membership.features,
        republication_of=copies.get(event.event_id),
        reviewed=membership.pinned,
    )


def _finest(events: Sequence[Event], precision: Callable[[Event], int | None], value: Callable[[Event], Any]) -> Event:
    """The report with the finest precision; among those, the value most reports give (the earliest on a tie)."""
    known = [e for e in events if value(e) is not None]
    if not known:
        return events[0]
    finest = min(precision(e) or 9 for e in known)
    return _most_common([e for e in known if (precision(e) or 9) == finest], value)


def _most_common(
    events: Sequence[Event], key: Callable[[Event], Any], prefer: Callable[[Event], int] | None = None
) -> Event:
    """The first report whose key the most reports share (ties: the most `prefer`red, then the earliest)."""
    counts = Counter(key(e) for e in events)
    best_rank = max((counts[key(e)], prefer(e) if prefer else 0) for e in events)
    return next(e for e in events if (counts[key(e)], prefer(e) if prefer else 0) == best_rank)


def _independent_outlets(ordered: Sequence[Event], copies: dict[str, str]) -> list[str]:
    """Distinct outlets, a re-publication counted for the report it copies; in order of first report."""
    outlets: list[str] = []
    for event in ordered:
        name = event.source or "unknown outlet"
        if event.event_id not in copies and name not in outlets:
            outlets.append(name)
    return outlets


def _figures(reports: Sequence[Event]) -> tuple[int | None, int | None, int | None, int]:
    """UCDP low/best/high over the reports' own estimates, and ACLED's lowest credible figure."""
    estimates = [e for e in reports if e.fatalities or e.fatalities_best]
    if not estimates:
        return None, None, None, 0
    lows = [e.fatalities_low if e.fatalities_low is not None else e.fatalities for e in estimates]
    bests = sorted(e.fatalities_best if e.fatalities_best is not None else e.fatalities for e in estimates)
    highs = [e.fatalities_high if e.fatalities_high is not None else e.fatalities for e in estimates]
    best = bests[(len(bests) - 1) // 2]  # the median, the lower one of an even count
    conservative = min(e.fatalities for e in estimates if e.fatalities) if any(e.fatalities for e in estimates) else 0
    return min(lows), best, max(highs), conservative


def disagreements(claims: Sequence[Claim], settings: MergeSettings) -> list[dict[str, Any]]:
    """Per kind of figure, the widest pair that opposite camps' sources give more than `conflict_ratio` apart."""
    by_kind: dict[str, list[tuple[Claim, str]]] = {}
    for claim in claims:
        camp = claim_camp(claim, settings)
        if camp and claim.value > 0:
            by_kind.setdefault(claim.kind, []).append((claim, camp))
    found = []
    for kind, placed in sorted(by_kind.items()):
        pairs = [
            (high.value / low.value, low, low_camp, high, high_camp)
            for low, low_camp in placed
            for high, high_camp in placed
            if frozenset((low_camp, high_camp)) in settings.opposed_camps
            and high.value > settings.conflict_ratio * low.value
        ]
        if pairs:
            _, low, low_camp, high, high_camp = max(pairs, key=lambda p: p[0])
            found.append({"kind": kind, "low": _claim_ref(low, low_camp), "high": _claim_ref(high, high_camp)})
    return found


def _claim_ref(claim: Claim, camp: str) -> dict[str, Any]:
    return {
        "value": claim.value,
        "claimant": claim.claimant,
        "outlet": claim.outlet,
        "document_id": claim.document_id,
        "camp": camp,
    }


def claim_camp(claim: Claim, settings: MergeSettings) -> str | None:
    """Whom a figure speaks for: its claimant's words, else its outlet's leaning."""
    claimant = (claim.claimant or "").lower()
    for phrase, camp in settings.claimant_camps:
        if phrase in claimant:
            return camp
    leaning = settings.publisher_leanings.get(claim.outlet or "")
    return settings.leaning_camps.get(leaning or "")

"""The figures of a situation report, computed from the period's events: no I/O, no rendering."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ..model import EVENT_TYPES, Claim, Event, EventCluster
from ..profiles import ProfileRegistry, PublisherProfile
from .conflicts import claimant_of, event_conflicts

MOST_LETHAL = 10
UNKNOWN_ADMIN1 = "Governorate unknown"


@dataclass(frozen=True, slots=True)
class ReportScope:
    """What the report covers: a period and, optionally, governorates and event types."""

    date_from: date
    date_to: date
    admin1: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()

    @property
    def days(self) -> list[date]:
        return [self.date_from + timedelta(days=n) for n in range((self.date_to - self.date_from).days + 1)]

    def previous(self) -> ReportScope | None:
        """The period of the same length just before, with the same filters (None before the calendar starts)."""
        length = self.date_to - self.date_from + timedelta(days=1)
        try:
            start = self.date_from - length
        except OverflowError:
            return None
        return ReportScope(start, self.date_from - timedelta(days=1), self.admin1, self.event_types)


def outlets_of(event: Event) -> set[str]:
    """Every outlet behind an event: its sources, every member report's outlet (re-publishers included)."""
    reports = event.reports if isinstance(event, EventCluster) else []
    return {o for o in (*event.sources, event.source, event.republished_by, *(r.source for r in reports)) if o}


def outlet_of(claim: Claim, event: Event) -> str | None:
    """The outlet that carried a claim: its member report's, else the event's."""
    return claim.outlet or event.source


@dataclass(slots=True)
class Figures:
    """Counts over a set of events: ACLED's lowest credible count and UCDP's low/best/high."""

    events: int = 0
    fatalities: int = 0
    low: int = 0
    best: int = 0
    high: int = 0
    sources: set[str] = field(default_factory=set)

    def add(self, event: Event) -> None:
        self.events += 1
        self.fatalities += event.fatalities or 0
        self.low += event.fatalities_low or 0
        self.best += event.fatalities_best or 0
        self.high += event.fatalities_high or 0
        self.sources.update(outlets_of(event))

    @property
    def sorted_sources(self) -> list[str]:
        return sorted(self.sources, key=str.casefold)


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    figures: Figures
    detail: tuple[Row, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimLine:
    """A claim with who makes it and the outlet that carried it."""

    claim: Claim
    claimant: str
    outlet: str | None
    profile: PublisherProfile | None
    claimant_profile: PublisherProfile | None = None  # when the claimant is itself a profiled outlet (SOHR, SANA)


@dataclass(frozen=True, slots=True)
class EventLine:
    event: Event
    profile: PublisherProfile | None
    republisher: PublisherProfile | None
    claims: tuple[ClaimLine, ...]

    @property
    def best(self) -> int:
        return self.event.fatalities_best or self.event.fatalities or 0

    @property
    def reported_by(self) -> str:
        """The independent outlets that reported the event, in order of first report."""
        return ", ".join(self.event.sources or [self.event.source or "an unnamed outlet"])

    @property
    def documents(self) -> list[str]:
        """The event's member reports' documents (the one document of a report's own event)."""
        reports = self.event.reports if isinstance(self.event, EventCluster) else []
        return [r.document_id for r in reports] or [self.event.document_id]


@dataclass(frozen=True, slots=True)
class ConflictLine:
    event: EventLine
    kind: str
    victims: str
    claims: tuple[ClaimLine, ...]  # lowest figure first
    ratio: float
    camps: tuple[str, ...] = ()  # each claim's camp, in the same order


@dataclass(frozen=True, slots=True)
class SourceLine:
    name: str
    profile: PublisherProfile | None
    events: int
    claims: int
    republishes_here: tuple[str, ...]  # whose copy it carried in this period


@dataclass(slots=True)
class SituationReport:
    scope: ReportScope
    generated: datetime
    totals: Figures
    by_admin1: list[Row]
    by_type: list[Row]
    per_day: dict[date, Counter[str]]
    most_lethal: list[EventLine]
    conflicts: list[ConflictLine]
    sources: list[SourceLine]
    events: list[EventLine]
    located: int  # events with coordinates (on the map)
    actors: list[Row]
    conflict_ratio: float  # the ratio the merge stage used to flag conflicts, for the report's wording
    previous: Figures | None = None  # the period of the same length before, when the caller gave its events

    @property
    def empty(self) -> bool:
        return self.totals.events == 0

    @property
    def admin1_count(self) -> int:
        return sum(1 for row in self.by_admin1 if row.label != UNKNOWN_ADMIN1)


def build_report(
    events: Iterable[Event],
    scope: ReportScope,
    profiles: ProfileRegistry,
    *,
    conflict_ratio: float,
    previous_events: Iterable[Event] | None = None,
    generated: datetime | None = None,
) -> SituationReport:
    """Every figure of the report for these events (the caller has already filtered them to the scope);
    `previous_events` are those of scope.previous(), for the comparison; `conflict_ratio` is the merge
    stage's threshold for a conflict, which the report only quotes."""
    events = sorted(events, key=lambda e: (e.event_date or "", e.document_id, e.event_id))
    previous = None
    if previous_events is not None:
        previous = Figures()
        for event in previous_events:
            previous.add(event)
    lines = [_event_line(e, profiles) for e in events]
    totals = Figures()
    for event in events:
        totals.add(event)
    return SituationReport(
        scope=scope,
        generated=generated or datetime.now().astimezone().replace(microsecond=0),
        totals=totals,
        by_admin1=_by_admin1(events),
        by_type=_by_type(events),
        per_day=_per_day(events, scope),
        most_lethal=sorted((line for line in lines if line.best > 0), key=lambda line: -line.best)[:MOST_LETHAL],
        conflicts=[c for line in lines for c in _conflicts(line, profiles)],
        sources=_sources(events, profiles),
        events=lines,
        located=sum(1 for e in events if e.latitude is not None and e.longitude is not None),
        actors=_by_actor(events),
        conflict_ratio=conflict_ratio,
        previous=previous,
    )


def _event_line(event: Event, profiles: ProfileRegistry) -> EventLine:
    profile = profiles.get(event.source)
    claims = tuple(_claim_line(c, event, profiles) for c in event.claims)
    return EventLine(event, profile, profiles.get(event.republished_by), claims)


def _claim_line(claim: Claim, event: Event, profiles: ProfileRegistry) -> ClaimLine:
    outlet = outlet_of(claim, event)
    return ClaimLine(claim, claimant_of(claim, outlet), outlet, profiles.get(outlet), profiles.get(claim.claimant))


def _by_admin1(events: list[Event]) -> list[Row]:
    groups: dict[str, Figures] = defaultdict(Figures)
    for event in events:
        groups[event.admin1 or UNKNOWN_ADMIN1].add(event)
    rows = [Row(label, figures) for label, figures in groups.items()]
    return sorted(rows, key=lambda r: (r.label == UNKNOWN_ADMIN1, -r.figures.events, -r.figures.best, r.label))


def _by_actor(events: list[Event], top: int = 10) -> list[Row]:
    """The actors in most events (as initiator or target), civilians and protesters included."""
    groups: dict[str, Figures] = defaultdict(Figures)
    for event in events:
        for actor in {a for a in (event.actor1, event.actor2) if a}:
            groups[actor].add(event)
    rows = sorted(groups.items(), key=lambda item: (-item[1].events, -item[1].best, item[0]))
    return [Row(actor, figures) for actor, figures in rows[:top]]


def _by_type(events: list[Event]) -> list[Row]:
    by_type: dict[str, Figures] = defaultdict(Figures)
    by_sub: dict[str, dict[str, Figures]] = defaultdict(lambda: defaultdict(Figures))
    for event in events:
        by_type[event.event_type or "Other"].add(event)
        by_sub[event.event_type or "Other"][event.sub_event_type or "Other"].add(event)
    order = list(EVENT_TYPES)
    rows = []
    for name in sorted(by_type, key=lambda t: (order.index(t) if t in order else len(order), t)):
        subs = sorted(by_sub[name].items(), key=lambda item: (-item[1].events, item[0]))
        rows.append(Row(name, by_type[name], tuple(Row(sub, figures) for sub, figures in subs)))
    return rows


def _per_day(events: list[Event], scope: ReportScope) -> dict[date, Counter[str]]:
    days: dict[date, Counter[str]] = {day: Counter() for day in scope.days}
    for event in events:
        day = date.fromisoformat(event.event_date) if event.event_date else None
        if day in days:
            days[day][event.event_type or "Other"] += 1
    return days


def _conflicts(line: EventLine, profiles: ProfileRegistry) -> list[ConflictLine]:
    out = []
    for conflict in event_conflicts(line.event):
        claims = tuple(_claim_line(c, line.event, profiles) for c in conflict.claims)
        out.append(ConflictLine(line, conflict.kind, conflict.victims, claims, conflict.ratio, conflict.camps))
    return out


def _sources(events: list[Event], profiles: ProfileRegistry) -> list[SourceLine]:
    counts: Counter[str] = Counter()
    claims: Counter[str] = Counter()
    carried: dict[str, set[str]] = defaultdict(set)
    for event in events:
        for outlet in outlets_of(event):
            counts[outlet] += 1
            claims[outlet] += sum(1 for c in event.claims if outlet_of(c, event) == outlet)
        if event.republished_by and event.source:
            carried[event.republished_by].add(event.source)
        for copier, original in _republications(event):
            carried[copier].add(original)
    return [
        SourceLine(name, profiles.get(name), counts[name], claims[name], tuple(sorted(carried[name])))
        for name in sorted(counts, key=lambda n: (-counts[n], n.casefold()))
    ]


def _republications(event: Event) -> list[tuple[str, str]]:
    """(re-publisher, original outlet) for each member report that copies another."""
    if not isinstance(event, EventCluster):
        return []
    outlet = {r.event_id: r.source for r in event.reports}
    pairs = []
    for report in event.reports:
        original = outlet.get(report.republication_of) if report.republication_of else None
        if report.source and original and original != report.source:
            pairs.append((report.source, original))
    return pairs


def key_points(report: SituationReport) -> list[str]:
    """The few sentences an analyst puts at the top: volume, where, the deadliest event, conflicts, who reported."""
    if report.empty:
        return []
    totals = report.totals
    points = [
        f"{_count(totals.events, 'event')} in {_count(report.admin1_count, 'governorate')}; "
        f"{totals.best} killed by the best estimate of the sources' claims"
        + (f" (between {totals.low} and {totals.high})" if totals.low != totals.high else "")
        + f", {totals.fatalities} by ACLED's lowest credible count."
    ]
    before = report.scope.previous()
    if report.previous is not None and before is not None:
        points.append(
            f"The {len(before.days)} days before ({long_date(before.date_from)} to {long_date(before.date_to)}): "
            f"{_count(report.previous.events, 'event')} and {report.previous.best} killed "
            f"({_change(totals.events, report.previous.events, 'events')}, "
            f"{_change(totals.best, report.previous.best, 'killed')} this period)."
        )
    busiest = report.by_admin1[0]
    if busiest.label != UNKNOWN_ADMIN1:
        points.append(
            f"Most events: {busiest.label}, {_count(busiest.figures.events, 'event')} and {busiest.figures.best} killed."
        )
    if report.most_lethal:
        top = report.most_lethal[0].event
        place = ", ".join(dict.fromkeys(p for p in (top.location, top.admin1) if p)) or "an unknown place"
        actors = " vs ".join(a for a in (top.actor1, top.actor2) if a)
        points.append(
            f"Deadliest event: {top.sub_event_type or top.event_type} in {place} on {long_date(top.event_date) if top.event_date else 'an unknown day'}"
            + (f" ({actors})" if actors else "")
            + f", {report.most_lethal[0].best} killed, reported by {report.most_lethal[0].reported_by}."
        )
    if report.conflicts:
        events = {c.event.event.event_id for c in report.conflicts}
        points.append(
            f"Opposite sides' figures differ by more than {report.conflict_ratio:g}× on {_count(len(events), 'event')}: "
            "see Conflicting claims."
        )
    partisan = sum(1 for line in report.events if line.profile and line.profile.state_affiliation in ("state", "party"))
    if partisan:
        points.append(f"{partisan} of {totals.events} events come from state media or a party to the conflict.")
    return points


def _change(now: int, before: int, what: str) -> str:
    return f"{now - before:+d} {what}".replace("-", "−") if now != before else f"as many {what}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def long_date(day: date | str | None) -> str:
    """'3 July 2020' for a date or an ISO day; 'undated' for none."""
    if not day:
        return "undated"
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{day.day} {day:%B %Y}"

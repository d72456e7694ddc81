"""Reports into clusters, deterministically: the same reports in any order give the same clusters.

Reports are linked when their pair score reaches the join threshold; a connected set of links (with
an analyst's pins) is a component, and a component is clustered on its own, greedily in a canonical
order (event date, then document and event id) that does not depend on the order of arrival. Each
report joins the cluster it links to best, provided no member of that cluster rules it out (another
day, place or type); otherwise it opens a cluster. Reports an analyst pinned together form their
cluster first and keep its id; reports pinned apart never meet.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable

from ..model import Event, Membership
from .features import PairScore, pair_inputs, score_pair
from .settings import MergeSettings


def canonical_key(event: Event) -> tuple[str, str, str]:
    return (event.event_date or "9999", event.document_id, event.event_id)


def cluster_id_for(seed_event_id: str) -> str:
    """A cluster's id follows from its first report, so it does not depend on the order of arrival."""
    return "c" + hashlib.sha1(seed_event_id.encode("utf-8")).hexdigest()[:15]


class PairCache:
    """Pair scores computed once per clustering run (and remembered across runs, see RememberedScores)."""

    def __init__(self, settings: MergeSettings) -> None:
        self.settings = settings
        self._scores: dict[tuple[str, str], PairScore] = {}

    def __call__(self, a: Event, b: Event) -> PairScore:
        key = (a.event_id, b.event_id) if a.event_id < b.event_id else (b.event_id, a.event_id)
        found = self._scores.get(key)
        if found is None:
            first, second = (a, b) if a.event_id < b.event_id else (b, a)
            found = self._scores[key] = _remembered.score(first, second, self.settings)
        return found


class RememberedScores:
    """Pair scores across the clustering runs of one process. Merging a document re-clusters the
    neighbourhood it joins, so the same stored reports are paired again at every document that joins
    it: with four copies of a corpus, scoring pairs again was a third of the writer's time. A score is
    reused only for the same settings and for reports whose inputs to score_pair are those it was
    computed from (a revision may keep an event's id and change its fields): never a different result."""

    LIMIT = 100_000  # pairs remembered; past it, all are forgotten (some 70 MB at most)

    def __init__(self) -> None:
        self._settings: MergeSettings | None = None
        self._inputs: dict[str, tuple[tuple, int]] = {}  # event id → (its inputs, their generation)
        self._scores: dict[tuple[str, str], tuple[int, int, PairScore]] = {}
        self._generations = itertools.count()

    def score(self, first: Event, second: Event, settings: MergeSettings) -> PairScore:
        if settings is not self._settings or len(self._scores) >= self.LIMIT:
            self._settings, self._inputs, self._scores = settings, {}, {}
        one, other = self._generation(first), self._generation(second)
        key = (first.event_id, second.event_id)
        found = self._scores.get(key)
        if found is not None and found[0] == one and found[1] == other:
            return found[2]
        scored = score_pair(first, second, settings)
        self._scores[key] = (one, other, scored)
        return scored

    def _generation(self, event: Event) -> int:
        inputs = pair_inputs(event)
        seen = self._inputs.get(event.event_id)
        if seen is not None and seen[0] == inputs:
            return seen[1]
        generation = next(self._generations)
        self._inputs[event.event_id] = (inputs, generation)
        return generation


_remembered = RememberedScores()


def cluster_events(
    events: Iterable[Event],
    settings: MergeSettings,
    pins: dict[str, str] | None = None,
    pair: Callable[[Event, Event], PairScore] | None = None,
) -> list[Membership]:
    """Memberships of every event, in canonical order. `pins` maps event ids to an analyst's cluster id."""
    pins = pins or {}
    pair = pair or PairCache(settings)
    ordered = sorted(events, key=canonical_key)
    clusters: dict[str, list[Event]] = {}
    result: dict[str, Membership] = {}
    for event in ordered:
        if event.event_id in pins:
            cluster_id = pins[event.event_id]
            clusters.setdefault(cluster_id, []).append(event)
            result[event.event_id] = Membership(event.event_id, cluster_id, pinned=True)
    for event in ordered:
        if event.event_id in pins:
            continue
        best = _best_cluster(event, clusters, pins, pair, settings)
        if best is None:
            cluster_id = cluster_id_for(event.event_id)
            clusters[cluster_id] = [event]
            result[event.event_id] = Membership(event.event_id, cluster_id)
            continue
        cluster_id, member, link = best
        clusters[cluster_id].append(event)
        result[event.event_id] = Membership(
            event.event_id,
            cluster_id,
            score=link.score,
            features=link.features,
            linked_to=member.event_id,
            republication_of=member.event_id if link.republication else None,
        )
    _explain_pinned(result, clusters, pins, pair)
    return [result[e.event_id] for e in ordered]


def _best_cluster(
    event: Event,
    clusters: dict[str, list[Event]],
    pins: dict[str, str],
    pair: Callable[[Event, Event], PairScore],
    settings: MergeSettings,
) -> tuple[str, Event, PairScore] | None:
    best: tuple[str, Event, PairScore] | None = None
    for cluster_id, members in clusters.items():
        scores = [(member, pair(event, member)) for member in members]
        if any(s.score is None for _, s in scores):
            continue  # a member rules the event out: another day, place, type or the same report
        member, link = max(scores, key=lambda ms: (ms[1].score, ms[1].republication))
        if link.score is None or link.score < settings.join:
            continue
        if best is None or link.score > best[2].score:  # type: ignore[operator]
            best = (cluster_id, member, link)
    return best


def _explain_pinned(
    result: dict[str, Membership],
    clusters: dict[str, list[Event]],
    pins: dict[str, str],
    pair: Callable[[Event, Event], PairScore],
) -> None:
    """Pinned reports are members by an analyst's decision; still record their closest fellow member."""
    for members in clusters.values():
        for event in members:
            if event.event_id not in pins or len(members) == 1:
                continue
            others = [(m, pair(event, m)) for m in members if m.event_id != event.event_id]
            scored = [(s.score, m, s) for m, s in others if s.score is not None]
            if scored:
                _, member, link = max(scored, key=lambda sms: sms[0])
                membership = result[event.event_id]
                membership.score, membership.features, membership.linked_to = link.score, link.features, member.event_id
                membership.republication_of = member.event_id if link.republication else None

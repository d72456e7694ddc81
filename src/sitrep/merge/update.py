"""Incremental merging: a new document's events join or open clusters; a withdrawn revision's leave.

Only the neighbourhood of the change is read: candidates come from an indexed lookup by date window
and place, and the component re-clustered is the one the new links reach, so the cost of a document
does not grow with the size of the store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..model import Event, EventCluster, Membership
from .cluster import PairCache, cluster_events
from .reconcile import reconcile
from .settings import MergeSettings, merge_settings

MAX_COMPONENT = 5000  # reports re-clustered at most per change; a chain past it is cut, logged


class ClusterStore(Protocol):
    """What merging needs from the store (implemented by sitrep.store.StoreSession)."""

    def candidate_events(self, event: Event, windows: dict[int, int]) -> list[Event]: ...  # days by precision
    def add_links(self, links: list[tuple[str, str, float]]) -> None: ...
    def linked_events(self, event_ids: set[str]) -> set[str]: ...
    def pins(self, event_ids: set[str]) -> dict[str, str]: ...
    def pinned_members(self, cluster_ids: set[str]) -> set[str]: ...
    def clusters_of(self, event_ids: Iterable[str]) -> dict[str, str]: ...
    def members_of(self, cluster_ids: set[str]) -> set[str]: ...
    def load_events(self, event_ids: set[str]) -> list[Event]: ...
    def published_dates(self, event_ids: set[str]) -> dict[str, str | None]: ...
    def corrections(self, cluster_ids: set[str]) -> dict[str, dict[str, Any]]: ...
    def stored_clusters(self, cluster_ids: set[str]) -> dict[str, dict[str, Any]]: ...  # canonical payloads
    def remove_reports(self, event_ids: list[str]) -> None: ...
    def write_memberships(self, memberships: list[Membership]) -> None: ...
    def write_cluster(self, cluster: EventCluster, reason: str) -> None: ...
    def delete_cluster(self, cluster_id: str, reason: str) -> None: ...
    def current_event_ids(self) -> list[str]: ...


@dataclass(slots=True)
class MergeSummary:
    joined: int = 0  # new reports that joined an existing cluster
    opened: int = 0  # clusters opened
    changed: list[str] = field(default_factory=list)  # clusters written (new versions)
    deleted: list[str] = field(default_factory=list)


def update_clusters(
    store: ClusterStore,
    added: list[Event],
    retired: Iterable[str] = (),
    settings: MergeSettings | None = None,
    reason: str = "new report",
) -> MergeSummary:
    """Place a document's new events into clusters and take its withdrawn ones out, inside one transaction."""
    settings = settings or merge_settings()
    added_ids = {e.event_id for e in added}
    retired = [r for r in retired if r not in added_ids]
    before = store.clusters_of(list(added_ids) + retired)
    store.remove_reports(retired)
    pair = PairCache(settings)
    links = []
    for event in added:
        for other in store.candidate_events(event, settings.date_window_days):
            scored = pair(event, other)
            if scored.score is not None and scored.score >= settings.join:
                links.append((event.event_id, other.event_id, scored.score))
    store.add_links(links)
    seeds = added_ids | store.members_of(set(before.values()))
    return recluster(store, seeds, settings, reason, pair=pair, previous=before)


def rebuild(store: ClusterStore, settings: MergeSettings | None = None) -> MergeSummary:
    """Link and cluster every current report again (after an upgrade, or a change to merge.yaml).

    Pins and corrections stay: the analyst's decisions hold over a rebuild as over any merge.
    """
    settings = settings or merge_settings()
    pair = PairCache(settings)
    ids = store.current_event_ids()
    for start in range(0, len(ids), 500):
        for event in store.load_events(set(ids[start : start + 500])):
            links = []
            for other in store.candidate_events(event, settings.date_window_days):
                scored = pair(event, other)
                if scored.score is not None and scored.score >= settings.join:
                    links.append((event.event_id, other.event_id, scored.score))
            store.add_links(links)
    total, done = MergeSummary(), set()
    for event_id in ids:
        if event_id in done:
            continue
        summary = recluster(store, {event_id}, settings, "rebuild", pair=pair)
        done |= store.members_of(set(summary.changed)) | {event_id}
        total.changed += summary.changed
        total.deleted += summary.deleted
    return total


def recluster(
    store: ClusterStore,
    seeds: set[str],
    settings: MergeSettings,
    reason: str,
    pair: PairCache | None = None,
    previous: dict[str, str] | None = None,
) -> MergeSummary:
    """Cluster the component around `seeds` again and write every cluster that changed."""
    component = _component(store, seeds)
    events = store.load_events(component)
    pins = store.pins(component)
    old = {**(previous or {}), **store.clusters_of(component)}
    memberships = cluster_events(events, settings, pins, pair or PairCache(settings))
    store.write_memberships(memberships)
    summary = MergeSummary()
    members: dict[str, list[Event]] = {}
    by_id = {e.event_id: e for e in events}
    for membership in memberships:
        members.setdefault(membership.cluster_id, []).append(by_id[membership.event_id])
        if membership.event_id not in old:
            summary.joined += membership.score is not None
            summary.opened += membership.score is None and not membership.pinned
    affected = set(members) | set(old.values())
    stored = store.stored_clusters(affected)
    corrections = store.corrections(affected)
    published = store.published_dates(component)
    by_membership = {m.event_id: m for m in memberships}
    for cluster_id in sorted(affected):
        if cluster_id in members:
            canonical = reconcile(cluster_id, members[cluster_id], by_membership, published, settings)
            apply_corrections(canonical, corrections.get(cluster_id, {}))
            if _differs(canonical, stored.get(cluster_id)):
                store.write_cluster(canonical, reason)
                summary.changed.append(cluster_id)
        elif cluster_id in stored and not stored[cluster_id].get("deleted"):
            store.delete_cluster(cluster_id, _where_they_went(cluster_id, old, by_membership))
            summary.deleted.append(cluster_id)
    return summary


def apply_corrections(canonical: EventCluster, corrections: dict[str, Any]) -> None:
    """An analyst's values replace the reconciled ones, every time the event is rebuilt."""
    for name, value in corrections.items():
        if name == "deleted":
            canonical.deleted, canonical.deletion_reason = True, value
        else:
            setattr(canonical, name, value)
    canonical.corrections = dict(corrections)


def _component(store: ClusterStore, seeds: set[str]) -> set[str]:
    """The reports linked to the seeds, directly or through others, and those pinned with them."""
    component: set[str] = set()
    frontier = set(seeds)
    while frontier and len(component) < MAX_COMPONENT:
        component |= frontier
        pinned_to = set(store.pins(frontier).values())
        reached = store.linked_events(frontier) | store.pinned_members(pinned_to)
        frontier = reached - component
    return component


def _differs(canonical: EventCluster, stored: dict[str, Any] | None) -> bool:
    return stored is None or comparable(canonical.to_dict()) != comparable(stored)


def comparable(payload: dict[str, Any]) -> str:
    """A canonical event's content without its bookkeeping (version, change time)."""
    content = {k: v for k, v in payload.items() if k not in ("version", "changed_at")}
    return json.dumps(content, sort_keys=True, default=str)


def _where_they_went(cluster_id: str, old: dict[str, str], memberships: dict[str, Membership]) -> str:
    went = sorted({memberships[e].cluster_id for e, c in old.items() if c == cluster_id and e in memberships})
    if len(went) == 1:
        return f"merged into {went[0]}"
    if went:
        return "split into " + ", ".join(went)
    return "its reports were withdrawn (superseded by a new revision of their document)"

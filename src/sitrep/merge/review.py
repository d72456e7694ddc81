"""An analyst's corrections: merge, split, set a field, delete. Each is logged and survives re-merging.

A decision pins the reports it is about to their cluster (by document and position, so re-extraction
keeps it); merging then builds clusters around the pins and never moves a pinned report, and field
corrections are applied again every time a canonical event is rebuilt.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from datetime import date
from typing import Any, Protocol

from ..errors import ConfigError
from ..model import SUB_EVENT_TYPES, Event
from .settings import MergeSettings, merge_settings
from .update import ClusterStore, MergeSummary, recluster

# Fields an analyst may set, by the type their value must have (None allowed where the contract allows it).
INTEGER_FIELDS = {"time_precision", "geo_precision", "inter1", "inter2", "fatalities", "fatalities_low"}
INTEGER_FIELDS |= {"fatalities_best", "fatalities_high"}
NUMBER_FIELDS = {"latitude", "longitude"}
NOT_SETTABLE = {"event_id", "document_id", "claims", "sources", "start_char", "end_char", "coder"}
SETTABLE = [f.name for f in fields(Event) if f.name not in NOT_SETTABLE]


class ReviewStore(ClusterStore, Protocol):
    """What review needs from the store besides what merging needs."""

    def event_positions(self, event_ids: set[str]) -> dict[str, tuple[str, int]]: ...
    def cluster_exists(self, cluster_id: str) -> bool: ...
    def pin(self, positions: Any, cluster_id: str) -> None: ...
    def set_correction(self, cluster_id: str, field: str, value: Any) -> None: ...
    def log_review(self, who: str, action: str, cluster_ids: list[str], details: dict, reason: str | None) -> None: ...


def merge_clusters(
    store: ReviewStore,
    target: str,
    others: list[str],
    who: str,
    reason: str | None,
    settings: MergeSettings | None = None,
) -> MergeSummary:
    """Every report of `others` joins `target`, for good."""
    members = _members(store, [target, *others])
    store.pin(store.event_positions(members).values(), target)
    store.log_review(who, "merge", [target, *others], {"into": target, "reports": sorted(members)}, reason)
    return recluster(store, members, settings or merge_settings(), f"review merge by {who}")


def split_cluster(
    store: ReviewStore,
    cluster_id: str,
    reports: list[str],
    who: str,
    reason: str | None,
    settings: MergeSettings | None = None,
) -> tuple[str, MergeSummary]:
    """The given reports (document ids or event ids) leave the cluster for a new one of their own."""
    members = _members(store, [cluster_id])
    positions = store.event_positions(members)
    moving = {e for e, (document_id, _) in positions.items() if e in reports or document_id in reports}
    if not moving:
        raise ConfigError(f"none of {', '.join(reports)} is a report of {cluster_id}")
    if moving == members:
        raise ConfigError(f"that is every report of {cluster_id}: nothing would be left to split from")
    new_id = "c" + hashlib.sha1(("split\x1f" + "\x1f".join(sorted(moving))).encode()).hexdigest()[:15]
    store.pin([positions[e] for e in members - moving], cluster_id)
    store.pin([positions[e] for e in moving], new_id)
    store.log_review(who, "split", [cluster_id, new_id], {"from": cluster_id, "moved": sorted(moving)}, reason)
    return new_id, recluster(store, members, settings or merge_settings(), f"review split by {who}")


def set_field(
    store: ReviewStore,
    cluster_id: str,
    name: str,
    raw: str,
    who: str,
    reason: str | None,
    settings: MergeSettings | None = None,
) -> MergeSummary:
    """Correct one field of a canonical event; the value holds over every later rebuild."""
    value = parse_value(name, raw)
    members = _members(store, [cluster_id])
    store.pin(store.event_positions(members).values(), cluster_id)
    store.set_correction(cluster_id, name, value)
    if name == "sub_event_type" and value:
        store.set_correction(cluster_id, "event_type", SUB_EVENT_TYPES[value])
    store.log_review(who, "set", [cluster_id], {"field": name, "value": value}, reason)
    return recluster(store, members, settings or merge_settings(), f"review set {name} by {who}")


def delete_event(
    store: ReviewStore, cluster_id: str, who: str, reason: str, settings: MergeSettings | None = None
) -> MergeSummary:
    """Soft deletion by an analyst: the canonical event stays, marked deleted with the reason."""
    if not reason:
        raise ConfigError("a deletion needs a reason (--reason)")
    members = _members(store, [cluster_id])
    store.pin(store.event_positions(members).values(), cluster_id)
    store.set_correction(cluster_id, "deleted", reason)
    store.log_review(who, "delete", [cluster_id], {}, reason)
    return recluster(store, members, settings or merge_settings(), f"review delete by {who}")


def parse_value(name: str, raw: str) -> Any:
    """A command-line value as the field's type; a clear error naming the field otherwise."""
    if name not in SETTABLE:
        raise ConfigError(f"cannot set {name!r}; fields: {', '.join(SETTABLE)}")
    if raw.lower() in ("", "null", "none") and name not in ("event_type", "sub_event_type"):
        return None if name not in ("fatalities",) else 0
    try:
        if name in INTEGER_FIELDS:
            value: Any = int(raw)
            if value < 0:
                raise ValueError
            return value
        if name in NUMBER_FIELDS:
            number = float(raw)
            limit = 90 if name == "latitude" else 180
            if not -limit <= number <= limit:
                raise ValueError
            return number
    except ValueError:
        raise ConfigError(f"{name} takes a number in range, got {raw!r}") from None
    if name == "sub_event_type" and raw not in SUB_EVENT_TYPES:
        raise ConfigError(f"{raw!r} is not one of ACLED's sub-event types")
    if name == "event_type" and raw not in set(SUB_EVENT_TYPES.values()):
        raise ConfigError(f"{raw!r} is not one of ACLED's event types")
    if name == "event_date":
        try:
            date.fromisoformat(raw)
        except ValueError:
            raise ConfigError(f"event_date takes YYYY-MM-DD, got {raw!r}") from None
    return raw


def _members(store: ReviewStore, cluster_ids: list[str]) -> set[str]:
    for cluster_id in cluster_ids:
        if not store.cluster_exists(cluster_id):
            raise ConfigError(f"no canonical event {cluster_id!r} in this store (see `sitrep events`)")
    return store.members_of(set(cluster_ids))

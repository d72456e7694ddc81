"""The gold set: loading, checking and the fixed split into a tuning half and a test half.

Items live in `tuning/*.yaml` and `test/*.yaml` (the format is in README.md). Which half an item
belongs to is decided once, by a hash of its id, and never changes: `half_of(id)`. The file an item
sits in must agree with its hash (a test checks it), so a rules engineer can read `tuning/` and never
open `test/`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from sitrep.model import CLAIM_KINDS, QUANTIFIERS, SUB_EVENT_TYPES

GOLD = Path(__file__).parent
HALVES = ("tuning", "test")
KINDS = ("sentence", "note", "snippet", "article")
NON_EVENT_CATEGORIES = (
    "crime",
    "accident",
    "disaster",
    "diplomacy",
    "statement",
    "plan",
    "denial",
    "toll",
    "background",
    "forecast",
    "habitual",
    "negated",
    "humanitarian",
)
SALT = "sitrep-gold-split-v1"
EVENT_FIELDS = (
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "event_date",
    "admin1",
    "location",
    "fatalities",
    "claims",
)
ITEM_FIELDS = {"id", "kind", "text", "title", "published", "publisher", "source", "events", "non_event", "why"}
CLAIM_FIELDS = {"kind", "value", "value_high", "quantifier", "claimant"}


def half_of(item_id: str) -> str:
    """The half an item belongs to: the parity of the first byte of sha256(salt + id). Fixed forever."""
    digest = hashlib.sha256(f"{SALT}:{item_id}".encode()).digest()
    return HALVES[digest[0] & 1]


@dataclass(frozen=True, slots=True)
class GoldItem:
    id: str
    kind: str
    text: str
    half: str
    path: Path
    events: list[dict[str, Any]]
    published: str | None = None
    publisher: str | None = None
    title: str | None = None
    source: str | None = None
    non_event: str | None = None
    why: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_event(self) -> bool:
        return bool(self.events)


def _iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _event(raw: dict[str, Any]) -> dict[str, Any]:
    event = {name: raw.get(name) for name in EVENT_FIELDS}
    event["event_date"] = _iso(event["event_date"])
    for name in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"):
        event[name] = event[name] or ""
    event["claims"] = [dict(claim) for claim in raw.get("claims") or []]
    event["unknown"] = sorted(set(raw) - set(EVENT_FIELDS))
    return event


def item_from_raw(raw: dict[str, Any], half: str, path: Path) -> GoldItem:
    return GoldItem(
        id=str(raw.get("id")),
        kind=raw.get("kind"),
        text=raw.get("text") or "",
        half=half,
        path=path,
        events=[_event(e) for e in raw.get("events") or []],
        published=_iso(raw.get("published")),
        publisher=raw.get("publisher"),
        title=raw.get("title"),
        source=raw.get("source"),
        non_event=raw.get("non_event"),
        why=raw.get("why"),
        extra={k: v for k, v in raw.items() if k not in ITEM_FIELDS},
    )


def load_items(halves: tuple[str, ...] = HALVES) -> list[GoldItem]:
    """Every item of the given halves, in file order."""
    items = []
    for half in halves:
        for path in sorted((GOLD / half).glob("*.yaml")):
            raws = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or []
            items += [item_from_raw(raw, half, path) for raw in raws]
    return items


def problems(item: GoldItem) -> list[str]:
    """What is wrong with an item's coding (empty when it is well-formed)."""
    found = []
    if item.extra:
        found.append(f"unknown item fields {sorted(item.extra)}")
    if item.kind not in KINDS:
        found.append(f"kind {item.kind!r} is not one of {KINDS}")
    if not item.text.strip():
        found.append("no text")
    if half_of(item.id) != item.half:
        found.append(f"sits in {item.half}/ but its hash puts it in {half_of(item.id)}/")
    if item.events and item.non_event:
        found.append("has events and a non_event category")
    if not item.events and item.non_event not in NON_EVENT_CATEGORIES:
        found.append(f"a non-event needs a category from {NON_EVENT_CATEGORIES}")
    for number, event in enumerate(item.events, start=1):
        found += [f"event {number}: {p}" for p in _event_problems(event)]
    return found


def _event_problems(event: dict[str, Any]) -> list[str]:
    found = []
    if event["unknown"]:
        found.append(f"unknown fields {event['unknown']}")
    sub = event["sub_event_type"]
    if sub not in SUB_EVENT_TYPES:
        found.append(f"sub_event_type {sub!r} is not ACLED's")
    elif event["event_type"] != SUB_EVENT_TYPES[sub]:
        found.append(f"event_type {event['event_type']!r} but {sub!r} is {SUB_EVENT_TYPES[sub]!r}")
    if not event["actor1"]:
        found.append("no actor1")
    if not isinstance(event["fatalities"], int) or event["fatalities"] < 0:
        found.append("fatalities must be a whole number")
    if event["event_date"] is not None:
        try:
            date.fromisoformat(event["event_date"])
        except ValueError:
            found.append(f"event_date {event['event_date']!r} is not YYYY-MM-DD")
    for claim in event["claims"]:
        if set(claim) - CLAIM_FIELDS or not {"kind", "value", "quantifier"} <= set(claim):
            found.append(f"claim {claim} needs kind, value, quantifier (and optionally value_high, claimant)")
        elif claim["kind"] not in CLAIM_KINDS or claim["quantifier"] not in QUANTIFIERS:
            found.append(f"claim {claim}: kind or quantifier outside the contract")
    return found

"""The shared types every stage speaks: Document, Claim, Actor, Place, Toponym, Event, EventCluster.

No I/O here. Field names follow the contracts in DESIGN.md; add fields, never rename them.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from typing import Any, Protocol

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
SUB_EVENT_TYPES: dict[str, str] = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}

CLAIM_KINDS = ("killed", "wounded", "missing", "detained", "kidnapped", "displaced", "destroyed", "casualties")
QUANTIFIERS = (
    "exact",
    "at_least",
    "up_to",
    "more_than",
    "less_than",
    "about",
    "range",
    "several",
    "dozens",
    "hundreds",
    "thousands",
    "unknown",
)


def content_hash(text: str) -> str:
    """Stable hash of a document's text, the key for idempotent ingest."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_document_id(text: str) -> str:
    """The id of a document that declares none: derived from its text, never from where it was read."""
    return "doc-" + content_hash(text)[:20]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    return names


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS or isinstance(value, str | int | float):  # the exact types first: most fields
        return value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if is_dataclass(value):
        return _as_dict(value)
    return copy.deepcopy(value)


def _as_dict(obj: Any, **given: Any) -> dict[str, Any]:
    """What `dataclasses.asdict` returns for these contract objects, without its generic deep-copying
    recursion, which cost more than writing the JSON line itself (every event is turned into a dict
    once per output, per store write and per payload). Fields in `given` take that value instead."""
    if given:
        return {name: given[name] if name in given else _plain(getattr(obj, name)) for name in _field_names(type(obj))}
    return {name: _plain(getattr(obj, name)) for name in _field_names(type(obj))}


@dataclass(slots=True)
class Document:
    """One article as read: clean main text plus what we know of its origin."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    publisher: str | None = None
    republished_by: str | None = None
    url: str | None = None
    source_path: str | None = None
    read_from: str | None = None  # where it was read, for messages: "docs.jsonl:12", "page.html", "stdin"
    format: str = "text"  # text | markdown | html | jsonl | feed
    fetched_at: datetime | None = None  # when `sitrep watch` fetched it from the web (UTC)
    dropped_paragraphs: list[str] = field(default_factory=list)  # boilerplate removed by the filter

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(slots=True)
class Actor:
    """A canonical actor (ACLED-style name) as mentioned at a place in the text."""

    name: str
    inter: int | None = None
    country: str | None = None
    mention: str = ""
    start_char: int | None = None
    end_char: int | None = None


@dataclass(slots=True)
class Place:
    """A gazetteer entry resolved for a query or a mention (the Place contract)."""

    query: str
    name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    feature: str | None = None  # GeoNames feature code, or "REGION" for regional expressions
    population: int | None = None
    geonameid: int | None = None
    precision: int | None = None  # ACLED geo_precision 1/2/3
    score: float | None = None
    reason: str | None = None  # why it stays unresolved
    source: str | None = None  # which gazetteer the entry came from

    @property
    def resolved(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def to_dict(self) -> dict[str, Any]:
        out = _as_dict(self)
        if out["reason"] is None:
            out.pop("reason")
        return out


@dataclass(slots=True)
class Toponym:
    """A place name found in a text, with its offsets and its resolution."""

    text: str
    start_char: int
    end_char: int
    place: Place


@dataclass(slots=True)
class Claim:
    """One reported figure, tied to its sentence and to who claims it."""

    kind: str
    value: int
    value_high: int | None = None
    quantifier: str = "exact"
    subject: str = ""
    side: str | None = None
    claimant: str | None = None
    text: str = ""
    start_char: int | None = None
    end_char: int | None = None
    outlet: str | None = None  # set on a canonical event's claims: the report's publisher
    document_id: str | None = None  # … and the report it was read from

    def to_dict(self) -> dict[str, Any]:
        out = _as_dict(self)
        if out["outlet"] is None and out["document_id"] is None:
            del out["outlet"], out["document_id"]
        return out


@dataclass(slots=True)
class Event:
    """One coded event (the Event contract in DESIGN.md)."""

    event_id: str
    document_id: str
    event_date: str | None = None
    time_precision: int | None = None
    event_type: str = ""
    sub_event_type: str = ""
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int | None = None
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int = 0
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    claims: list[Claim] = field(default_factory=list)
    source: str | None = None
    sources: list[str] = field(default_factory=list)
    republished_by: str | None = None
    text: str = ""
    start_char: int | None = None
    end_char: int | None = None
    coder: str = ""

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self, claims=[c.to_dict() for c in self.claims])

    def set_place(self, place: Place) -> None:
        """Copy a resolved place onto the event's location fields."""
        self.country = place.country
        self.admin1 = place.admin1
        self.admin2 = place.admin2
        self.admin3 = place.admin3
        self.location = place.name
        self.latitude = place.latitude
        self.longitude = place.longitude
        self.geo_precision = place.precision


@dataclass(slots=True)
class Report:
    """One member report of a canonical event, and why it is a member (features and score)."""

    document_id: str
    event_id: str | None  # None for a report that corroborates the event without being coded itself
    source: str | None
    published: str | None
    score: float | None = None
    features: dict[str, float] = field(default_factory=dict)
    republication_of: str | None = None  # the report (event id) this one copies
    reviewed: bool = False  # placed by an analyst, not by the merger

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(slots=True)
class Membership:
    """Why a report is in its cluster: the member it links to best, with that pair's score and features."""

    event_id: str
    cluster_id: str
    score: float | None = None  # None for the report that opened the cluster
    features: dict[str, float] = field(default_factory=dict)
    linked_to: str | None = None
    republication_of: str | None = None
    pinned: bool = False


@dataclass(slots=True)
class EventCluster(Event):
    """A canonical event: the Event fields reconciled over its member reports (the Canonical event contract).

    `event_id` is the cluster id; `claims` lists every member's claims with their outlet; `outlets` counts
    independent outlets (a re-publication counts once, for its origin); `conflict` lists the claims that
    disagree across opposite sides (empty when they agree).
    """

    reports: list[Report] = field(default_factory=list)
    outlets: int = 0
    conflict: list[dict[str, Any]] = field(default_factory=list)
    version: int = 1
    changed_at: str | None = None
    deleted: bool = False
    deletion_reason: str | None = None
    corrections: dict[str, Any] = field(default_factory=dict)  # fields an analyst set, with their values

    def to_dict(self) -> dict[str, Any]:
        out = Event.to_dict(self)
        out["reports"] = [r.to_dict() for r in self.reports]
        return out


def make_event_id(document_id: str, document_hash: str, ordinal: int) -> str:
    """Deterministic event id: same document text and position, same id."""
    key = f"{document_id}\x1f{document_hash}\x1f{ordinal}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class Coder(Protocol):
    """What every coder (rule-based, learned, remote) provides: a document in, its events out.

    `toponyms` are the document's place names already found and resolved by the geoparser; a coder
    uses them to split episodes by place and copies the chosen one onto each event (Event.set_place).
    Events come back in document order, the main one first, with `start_char`/`end_char` into
    `document.text`.
    """

    name: str

    def code(self, document: Document, toponyms: Sequence[Toponym]) -> list[Event]: ...

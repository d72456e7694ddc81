"""How stored rows are shown: an event in the shape of a canonical event, its claims, and the checks
the reader needs at a glance (which figures disagree, where a figure sits in its sentence)."""

from __future__ import annotations

import json
import math
from dataclasses import fields
from functools import cache
from typing import Any

from sqlalchemy import func, select

from ..model import Event
from .schema import claims

EVENT_FIELDS = [f.name for f in fields(Event)]
REPORT_FIELDS = ["reports", "outlets", "conflict", "published", "title", "url", "superseded"]
LISTED_FIELDS = EVENT_FIELDS + REPORT_FIELDS  # what an event shows; `fields=` picks among them
STORED_FIELDS = [name for name in EVENT_FIELDS if name not in ("claims", "sources")]  # plain `events` columns


@cache
def _plain_fields(include: frozenset[str]) -> tuple[str, ...]:
    return tuple(name for name in STORED_FIELDS if name in include)


_CONFLICT_COLUMNS = [
    claims.c[name] for name in ("event_id", "kind", "value", "value_high", "quantifier", "side", "claimant")
]


def repeated_toll_claims(conn, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The claims that could disagree (two or more about one toll on one side of an event), read in one
    pass with a window count: most events have one claim per toll and need no look at all."""
    by_event: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(event_ids), 500):
        same_toll = func.count().over(partition_by=(claims.c.event_id, claims.c.kind, claims.c.side))
        counted = (
            select(*_CONFLICT_COLUMNS, same_toll.label("same_toll"))
            .where(claims.c.event_id.in_(event_ids[start : start + 500]))
            .subquery()
        )
        statement = select(*(counted.c[c.name] for c in _CONFLICT_COLUMNS)).where(counted.c.same_toll > 1)
        for c in conn.execute(statement).mappings():
            by_event.setdefault(c["event_id"], []).append(dict(c))
    return by_event


_EVERY_CLAIM_COLUMN = [c for c in claims.c if c.name not in ("id", "ordinal")]


def claims_of(conn, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every claim of these events, in their order."""
    by_event: dict[str, list[dict[str, Any]]] = {}
    columns = _EVERY_CLAIM_COLUMN
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start : start + 500]
        statement = select(*columns).where(claims.c.event_id.in_(chunk)).order_by(claims.c.event_id, claims.c.ordinal)
        for c in conn.execute(statement).mappings():
            by_event.setdefault(c["event_id"], []).append(dict(c))
    return by_event


def shape_event(
    row, event_claims: list[dict[str, Any]], include: frozenset[str] = frozenset(LISTED_FIELDS)
) -> dict[str, Any]:
    """A stored per-report event as the API shows it: contract fields plus canonical-event fields
    (only those in `include`, so that pages of thousands of map markers stay cheap)."""
    wanted = include
    event = {name: row[name] for name in _plain_fields(include)}
    if "sources" in wanted:
        event["sources"] = json.loads(row["sources"] or "[]") or ([row["source"]] if row["source"] else [])
    for claim in event_claims:
        claim.pop("event_id", None)
        claim["outlet"] = row["source"]
        claim["document_id"] = row["document_id"]
    if "claims" in wanted:
        event["claims"] = event_claims
    if "reports" in wanted:
        source, published = row["source"], iso(row["published"])
        event["reports"] = [
            {"document_id": row["document_id"], "event_id": row["event_id"], "source": source, "published": published}
        ]
    if "outlets" in wanted:
        event["outlets"] = [row["source"]] if row["source"] else []
    if "conflict" in wanted:
        event["conflict"] = disagreeing_claims(event_claims)
    for name in ("title", "url", "superseded", "published"):
        if name in wanted:
            event[name] = iso(row[name]) if name == "published" else row[name]
    if "superseded" in event:
        event["superseded"] = bool(event["superseded"])
    return event


def figure_in_sentence(document_text: str, claim: dict[str, Any]) -> list[int] | None:
    """Where the claim's figure lies inside its sentence (`claim["text"]`), as [start, end] offsets."""
    start, end, sentence = claim.get("start_char"), claim.get("end_char"), claim.get("text") or ""
    if start is None or end is None or not sentence:
        return None
    begin = document_text.rfind(sentence, max(0, end - len(sentence)), start + len(sentence))
    if begin < 0 or begin > start or begin + len(sentence) < end:
        return None
    return [start - begin, end - begin]


def disagreeing_claims(event_claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claims about the same kind of toll on the same side that cannot all be true (their ranges do not
    meet): "12 killed" against "at least 20 killed"; "at least 12" against "up to 15" agree."""
    groups: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for claim in event_claims:
        groups.setdefault((claim["kind"], claim.get("side")), []).append(claim)
    conflicts = []
    for (kind, side), group in groups.items():
        bounds = [_claim_bounds(c) for c in group]
        if len(group) > 1 and max(low for low, _ in bounds) > min(high for _, high in bounds):
            conflicts.append(
                {
                    "kind": kind,
                    "side": side,
                    "values": sorted({c["value"] for c in group}),
                    "claimants": sorted({c.get("claimant") or "unattributed" for c in group}),
                }
            )
    return conflicts


def _claim_bounds(claim: dict[str, Any]) -> tuple[float, float]:
    """The figures a claim allows: exact one, at least some, up to some; vague words allow anything."""
    value, high, quantifier = claim["value"], claim.get("value_high"), claim.get("quantifier")
    if quantifier == "exact":
        return value, value
    if quantifier in ("at_least", "more_than"):
        return value, math.inf
    if quantifier in ("up_to", "less_than"):
        return 0, value
    if quantifier == "range" and high is not None:
        return value, high
    if quantifier == "about":
        return value * 0.8, value * 1.25
    return 0, math.inf


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None

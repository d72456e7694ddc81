"""Writing documents and their events inside one write transaction: identity, revisions, supersession."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime

from sqlalchemy import Connection, bindparam, insert, select, text, update

from ..model import Claim, Document, Event
from .schema import claims, documents, events

EVENT_COLUMNS = [f.name for f in fields(Event) if f.name not in ("claims", "sources")]
CLAIM_COLUMNS = [f.name for f in fields(Claim) if f.name not in ("outlet", "document_id")]
REVISION_FIELDS = ("content_hash", "title", "published", "publisher", "republished_by")

# The statements every document runs, built once (see session.py: building them each time cost as
# much as running them).
_CURRENT_REVISION = (
    select(documents.c.row_id, documents.c.revision, *(documents.c[name] for name in REVISION_FIELDS))
    .where(documents.c.doc_id == bindparam("doc_id"))
    .order_by(documents.c.revision.desc())
    .limit(1)
)
_INSERT_DOCUMENT = insert(documents)
_INSERT_FTS = text("INSERT INTO documents_fts(rowid, title, text) VALUES (:r, :t, :x)")
_EVENTS_EXISTING = select(events.c.event_id).where(events.c.event_id.in_(bindparam("ids", expanding=True)))
_INSERT_EVENTS = insert(events)
_INSERT_CLAIMS = insert(claims)


@dataclass
class SaveResult:
    status: str  # new | unchanged | revision
    document_id: str
    revision: int
    events: int
    stored_events: list[Event] = field(default_factory=list)  # the events this save added
    retired_event_ids: list[str] = field(default_factory=list)  # events of the revision it superseded
    row_id: int | None = None  # the row of the revision it stored


def save_document(conn: Connection, document: Document, doc_events: list[Event]) -> SaveResult:
    """Store a document and its events unless its current revision already says the same.

    Compared with the current revision only (text and metadata: title, date, publisher), so a
    document that goes back to an earlier text (A → B → A) makes that text current again.
    """
    planned = read_revision(conn, document, doc_events)
    if isinstance(planned, int):
        return SaveResult("unchanged", document.id, planned, 0)
    revision, retired, revived = planned
    row_id = write_revision(conn, document, doc_events, revision, retired, revived)
    status = "revision" if revision > 1 else "new"
    return SaveResult(status, document.id, revision, len(doc_events), list(doc_events), retired, row_id)


def read_revision(
    conn: Connection, document: Document, doc_events: list[Event]
) -> int | tuple[int, list[str], set[str]]:
    """What save_document would write: the current revision's number when the document is stored as it
    is, else its new revision number, the events of the revision it supersedes and the ids of events
    stored before that it revives (A → B → A)."""
    current = conn.execute(_CURRENT_REVISION, {"doc_id": document.id}).mappings().first()
    if current is not None and _same_revision(current, document):
        return current["revision"]
    retired = _current_events(conn, document.id) if current is not None else []
    revived = set(retired) | _existing(conn, [ev.event_id for ev in doc_events])
    return (current["revision"] + 1 if current else 1), retired, revived


def write_revision(
    conn: Connection,
    document: Document,
    doc_events: list[Event],
    revision: int,
    retired: list[str],
    revived: set[str] = frozenset(),  # type: ignore[assignment]
) -> int:
    """Insert a document's revision and its events, superseding the revision before (its `retired`
    events); events whose ids are `revived` replace the rows stored under them. Returns its row id."""
    now = datetime.now(UTC)
    row_id = _insert_document(conn, document, revision, now)
    if revision > 1:
        conn.execute(
            update(documents)
            .where(documents.c.doc_id == document.id, documents.c.row_id != row_id)
            .values(superseded=True)
        )
        if retired:
            conn.execute(
                update(events)
                .where(events.c.event_id.in_(retired))
                .values(superseded=True, superseded_by=row_id, changed_at=now)
            )
    _insert_events(conn, row_id, doc_events, now, revived)
    return row_id


def _current_events(conn: Connection, document_id: str) -> list[str]:
    return list(
        conn.scalars(
            select(events.c.event_id).where(events.c.document_id == document_id, events.c.superseded.is_(False))
        )
    )


def _same_revision(current, document: Document) -> bool:
    wanted = {
        "content_hash": document.content_hash,
        "title": document.title,
        "published": document.published,
        "publisher": document.publisher,
        "republished_by": document.republished_by,
    }
    return all(current[name] == value for name, value in wanted.items())


def revision_key(document: Document) -> str:
    """What decides whether a document is stored as it is: a hash of its REVISION_FIELDS. When it equals
    the key of the current revision (current_revision_keys), save_document finds the document unchanged."""
    return _revision_key({name: getattr(document, name) for name in REVISION_FIELDS})


def current_revision_keys(conn: Connection, doc_ids: list[str]) -> dict[str, str]:
    """For each stored id among doc_ids, the revision_key of its current revision."""
    found: dict[str, str] = {}
    for start in range(0, len(doc_ids), 500):
        query = select(documents.c.doc_id, *(documents.c[name] for name in REVISION_FIELDS)).where(
            documents.c.doc_id.in_(doc_ids[start : start + 500]), documents.c.superseded.is_(False)
        )
        for row in conn.execute(query).mappings():
            found[row["doc_id"]] = _revision_key(row)
    return found


def _revision_key(values) -> str:
    parts = ["" if values[name] is None else str(values[name]) for name in REVISION_FIELDS]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _insert_document(conn: Connection, document: Document, revision: int, now: datetime) -> int:
    values = document_row(document, revision, now)
    inserted = conn.execute(_INSERT_DOCUMENT, values).inserted_primary_key
    assert inserted is not None
    row_id = inserted[0]
    if conn.dialect.name == "sqlite":
        conn.execute(_INSERT_FTS, fts_row(row_id, document))
    return row_id


def fts_row(row_id: int, document: Document) -> dict:
    return dict(r=row_id, t=document.title or "", x=document.text)


def document_row(document: Document, revision: int, now: datetime) -> dict:
    """The documents row of a document's revision (its row id the database's)."""
    return dict(
        doc_id=document.id,
        revision=revision,
        content_hash=document.content_hash,
        title=document.title,
        published=document.published,
        publisher=document.publisher,
        republished_by=document.republished_by,
        url=document.url,
        format=document.format,
        source_path=document.source_path,
        text=document.text,
        superseded=False,
        ingested_at=now,
        fetched_at=document.fetched_at,
    )


def _insert_events(conn: Connection, row_id: int, doc_events: list[Event], now: datetime, revived: set[str]) -> None:
    """Insert the events; one whose id an earlier revision already used (same text, A → B → A) is revived."""
    fresh = []
    for ordinal, ev in enumerate(doc_events):
        values = event_values(ev, row_id, ordinal, now)
        if ev.event_id in revived:
            conn.execute(update(events).where(events.c.event_id == ev.event_id).values(**values))
            conn.execute(claims.delete().where(claims.c.event_id == ev.event_id))
        else:
            fresh.append(values)
    if fresh:
        conn.execute(_INSERT_EVENTS, fresh)
    claim_rows = claims_rows(doc_events)
    if claim_rows:
        conn.execute(_INSERT_CLAIMS, claim_rows)


def _existing(conn: Connection, event_ids: list[str]) -> set[str]:
    """Those of the ids stored already (by an earlier revision of the same text: A → B → A)."""
    return set(conn.scalars(_EVENTS_EXISTING, {"ids": event_ids})) if event_ids else set()


def claims_rows(doc_events: list[Event]) -> list[dict]:
    return [
        {"event_id": ev.event_id, "ordinal": number, **{k: getattr(claim, k) for k in CLAIM_COLUMNS}}
        for ev in doc_events
        for number, claim in enumerate(ev.claims)
    ]


def event_values(ev: Event, row_id: int, ordinal: int, now: datetime) -> dict:
    values = {name: getattr(ev, name) for name in EVENT_COLUMNS}
    values.update(
        document_row=row_id,
        ordinal=ordinal,
        superseded=False,
        superseded_by=None,
        sources=json.dumps(ev.sources),
        changed_at=now,
    )
    return values

"""The store: documents, their revisions, events and claims, behind a few repository functions."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime

from sqlalchemy import Engine, and_, create_engine, event, func, insert, or_, select, text, true, update
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from ..errors import StoreError
from ..model import Claim, Document, Event
from ..settings import default_db_url
from .schema import MIGRATIONS, claims, documents, events, migrations_table

log = logging.getLogger(__name__)

EVENT_COLUMNS = [f.name for f in fields(Event) if f.name not in ("claims", "sources")]
CLAIM_COLUMNS = [f.name for f in fields(Claim)]


@dataclass
class SaveResult:
    status: str  # new | unchanged | revision
    document_id: str
    revision: int
    events: int


@dataclass
class EventFilter:
    date_from: date | None = None
    date_to: date | None = None
    admin1: str | None = None
    event_type: str | None = None
    actor: str | None = None
    publisher: str | None = None
    text: str | None = None
    include_superseded: bool = False
    limit: int | None = None


class Store:
    """Documents and events in a SQL database (SQLite by default, PostgreSQL by URL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        url = url or default_db_url()
        try:
            engine = create_engine(url)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"cannot use database URL {url!r}: {exc}") from None
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine)
        try:
            store.migrate()
        except OperationalError as exc:
            raise StoreError(f"cannot open database {url!r}: {exc.orig}") from None
        return store

    def migrate(self, until: str | None = None) -> list[str]:
        """Apply pending named migrations in order (up to and including `until`); return their names."""
        applied_now = []
        with self.engine.begin() as conn:
            migrations_table.create(conn, checkfirst=True)
            done = set(conn.scalars(select(migrations_table.c.name)))
            for name, step in MIGRATIONS:
                if name not in done:
                    step(conn)
                    conn.execute(insert(migrations_table).values(name=name, applied_at=datetime.now(UTC)))
                    applied_now.append(name)
                if name == until:
                    break
        return applied_now

    def applied_migrations(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.scalars(select(migrations_table.c.name).order_by(migrations_table.c.name)))

    def save_document(self, document: Document, doc_events: list[Event]) -> SaveResult:
        """Store a document and its events in one transaction (idempotent by content hash)."""
        digest = document.content_hash
        try:
            with self.engine.begin() as conn:
                rows = conn.execute(
                    select(documents.c.row_id, documents.c.revision, documents.c.content_hash).where(
                        documents.c.doc_id == document.id
                    )
                ).all()
                for row in rows:
                    if row.content_hash == digest:
                        return SaveResult("unchanged", document.id, row.revision, 0)
                revision = max((r.revision for r in rows), default=0) + 1
                row_id = self._insert_document(conn, document, revision)
                if rows:
                    old = [r.row_id for r in rows]
                    conn.execute(update(documents).where(documents.c.row_id.in_(old)).values(superseded=True))
                    conn.execute(
                        update(events)
                        .where(events.c.document_row.in_(old), events.c.superseded.is_(False))
                        .values(superseded=True, superseded_by=row_id)
                    )
                self._insert_events(conn, row_id, doc_events)
        except SQLAlchemyError as exc:
            raise StoreError(f"could not store document {document.id}: {exc}") from None
        return SaveResult("revision" if rows else "new", document.id, revision, len(doc_events))

    def _insert_document(self, conn, document: Document, revision: int) -> int:
        values = dict(
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
            ingested_at=datetime.now(UTC),
            fetched_at=document.fetched_at,
        )
        row_id = conn.execute(insert(documents).values(**values)).inserted_primary_key[0]
        if conn.dialect.name == "sqlite":
            conn.execute(
                text("INSERT INTO documents_fts(rowid, title, text) VALUES (:r, :t, :x)"),
                dict(r=row_id, t=document.title or "", x=document.text),
            )
        return row_id

    def _insert_events(self, conn, row_id: int, doc_events: list[Event]) -> None:
        if not doc_events:
            return
        event_rows, claim_rows = [], []
        for ordinal, ev in enumerate(doc_events):
            values = {name: getattr(ev, name) for name in EVENT_COLUMNS}
            values.update(document_row=row_id, ordinal=ordinal, superseded=False, sources=json.dumps(ev.sources))
            event_rows.append(values)
            for number, claim in enumerate(ev.claims):
                claim_rows.append({"event_id": ev.event_id, "ordinal": number, **claim.to_dict()})
        conn.execute(insert(events), event_rows)
        if claim_rows:
            conn.execute(insert(claims), claim_rows)

    def query_events(self, filters: EventFilter | None = None) -> list[Event]:
        """Stored events matching the filters, in date then document order, with their claims."""
        filters = filters or EventFilter()
        query = select(events).join(documents, events.c.document_row == documents.c.row_id)
        query = query.where(and_(true(), *self._conditions(filters)))
        query = query.order_by(events.c.event_date, events.c.document_row, events.c.ordinal)
        if filters.limit:
            query = query.limit(filters.limit)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
            by_event: dict[str, list[Claim]] = {}
            ids = [r["event_id"] for r in rows]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for c in conn.execute(
                    select(claims).where(claims.c.event_id.in_(chunk)).order_by(claims.c.event_id, claims.c.ordinal)
                ).mappings():
                    by_event.setdefault(c["event_id"], []).append(Claim(**{k: c[k] for k in CLAIM_COLUMNS}))
        return [self._event_from_row(r, by_event.get(r["event_id"], [])) for r in rows]

    def _conditions(self, f: EventFilter) -> list:
        conditions = []
        if not f.include_superseded:
            conditions.append(events.c.superseded.is_(False))
        if f.date_from:
            conditions.append(events.c.event_date >= f.date_from.isoformat())
        if f.date_to:
            conditions.append(events.c.event_date <= f.date_to.isoformat())
        if f.admin1:
            conditions.append(func.lower(events.c.admin1) == f.admin1.lower())
        if f.event_type:
            wanted = f.event_type.lower()
            conditions.append(
                or_(func.lower(events.c.event_type) == wanted, func.lower(events.c.sub_event_type) == wanted)
            )
        if f.actor:
            pattern = f"%{f.actor.lower()}%"
            conditions.append(
                or_(
                    *(
                        func.lower(col).like(pattern)
                        for col in (events.c.actor1, events.c.actor2, events.c.assoc_actor_1, events.c.assoc_actor_2)
                    )
                )
            )
        if f.publisher:
            conditions.append(
                or_(
                    func.lower(events.c.source) == f.publisher.lower(),
                    func.lower(documents.c.republished_by) == f.publisher.lower(),
                )
            )
        if f.text:
            conditions.append(self._text_condition(f.text))
        return conditions

    def _text_condition(self, query: str):
        if self.engine.dialect.name == "sqlite":
            fts = text("documents.row_id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q)")
            return or_(fts.bindparams(q=_fts_query(query)), events.c.text.ilike(f"%{query}%"))
        if self.engine.dialect.name == "postgresql":
            ts = text(
                "to_tsvector('english', coalesce(documents.title, '') || ' ' || documents.text) "
                "@@ plainto_tsquery('english', :q)"
            ).bindparams(q=query)
            return or_(ts, events.c.text.ilike(f"%{query}%"))
        return or_(documents.c.text.ilike(f"%{query}%"), events.c.text.ilike(f"%{query}%"))

    @staticmethod
    def _event_from_row(row, event_claims: list[Claim]) -> Event:
        values = {name: row[name] for name in EVENT_COLUMNS}
        return Event(**values, claims=event_claims, sources=json.loads(row["sources"] or "[]"))

    def current_revision_keys(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """For each stored id among doc_ids, the revision_key of its current revision."""
        wanted = list(dict.fromkeys(doc_ids))
        found: dict[str, str] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                query = select(documents).where(
                    documents.c.doc_id.in_(wanted[start : start + 500]), documents.c.superseded.is_(False)
                )
                for row in conn.execute(query).mappings():
                    found[row["doc_id"]] = _revision_key(
                        row["content_hash"], row["title"], row["published"], row["publisher"], row["republished_by"]
                    )
        return found

    def get_document(self, doc_id: str) -> dict | None:
        """The current revision of a document."""
        with self.engine.connect() as conn:
            row = (
                conn.execute(
                    select(documents).where(documents.c.doc_id == doc_id).order_by(documents.c.revision.desc()).limit(1)
                )
                .mappings()
                .first()
            )
        return dict(row) if row else None

    def stats(self) -> dict:
        with self.engine.connect() as conn:
            return {
                "documents": conn.scalar(
                    select(func.count()).select_from(documents).where(documents.c.superseded.is_(False))
                ),
                "revisions": conn.scalar(select(func.count()).select_from(documents)),
                "events": conn.scalar(select(func.count()).select_from(events).where(events.c.superseded.is_(False))),
                "superseded_events": conn.scalar(
                    select(func.count()).select_from(events).where(events.c.superseded.is_(True))
                ),
            }

    def close(self) -> None:
        self.engine.dispose()


def revision_key(document: Document) -> str:
    """What decides whether a document is already stored as it is: its text and its metadata. When this
    equals the current revision's key, save_document finds the document unchanged."""
    return _revision_key(
        document.content_hash, document.title, document.published, document.publisher, document.republished_by
    )


def _revision_key(digest: str, *metadata: object) -> str:
    parts = [digest, *("" if value is None else str(value) for value in metadata)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _fts_query(query: str) -> str:
    """User words as an FTS5 query of quoted terms (no syntax errors from punctuation)."""
    terms = [t.replace('"', "") for t in query.split() if t.replace('"', "")]
    return " ".join(f'"{t}"' for t in terms) or '""'


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()

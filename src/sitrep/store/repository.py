"""The store: documents, their revisions, events and claims, behind a few repository functions."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Engine, and_, func, insert, or_, select, true
from sqlalchemy.exc import DatabaseError, IntegrityError, SQLAlchemyError

from ..errors import StoreError
from ..model import Claim, Document, Event
from ..settings import default_db_url
from .canonical import CanonicalReads
from .documents import CLAIM_COLUMNS, SaveResult, current_revision_keys, save_document
from .engine import describe_failure, make_engine, migration_transaction, prepare_engine, write_transaction
from .export_numbers import ExportRecords
from .filters import EventFilter, field_conditions
from .schema import MIGRATIONS, claims, documents, events, migrations_table
from .session import StoreSession, event_from_row

log = logging.getLogger(__name__)

__all__ = ["EventFilter", "SaveResult", "Store"]


class Store(CanonicalReads, ExportRecords):
    """Documents and events in a SQL database (SQLite by default, PostgreSQL by URL)."""

    def __init__(self, engine: Engine, url: str | None = None) -> None:
        prepare_engine(engine)
        self.engine = engine
        self.url = url or str(engine.url)

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        url = url or default_db_url()
        store = cls(make_engine(url), url)
        try:
            store.migrate()
        except DatabaseError as exc:
            store.close()
            raise describe_failure(url, exc) from None
        return store

    def migrate(self, until: str | None = None) -> list[str]:
        """Apply pending named migrations in order (up to and including `until`); return their names.

        One process at a time: a second one starting on a new store waits, then finds them applied.
        """
        applied_now = []
        with migration_transaction(self.engine) as conn:
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

    @contextmanager
    def writing(self) -> Iterator[StoreSession]:
        """One write transaction, holding the store's write lock: all of it is stored, or none."""
        try:
            with write_transaction(self.engine) as conn:
                yield StoreSession(conn)
        except IntegrityError as exc:
            raise StoreError(f"the store refused the write ({_first_line(exc)}); nothing of it was stored") from None
        except SQLAlchemyError as exc:
            raise StoreError(f"could not write to the store: {_first_line(exc)}") from None

    def applied_migrations(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.scalars(select(migrations_table.c.name).order_by(migrations_table.c.name)))

    def save_document(self, document: Document, doc_events: list[Event]) -> SaveResult:
        """Store a document and its events in one transaction (see store.documents.save_document)."""
        try:
            with write_transaction(self.engine) as conn:
                return save_document(conn, document, doc_events)
        except SQLAlchemyError as exc:
            raise StoreError(f"could not store document {document.id}: {_first_line(exc)}") from None

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
        return [event_from_row(r, by_event.get(r["event_id"], [])) for r in rows]

    def _conditions(self, f: EventFilter) -> list:
        conditions: list = []
        if not f.include_superseded and not f.changed_since:
            conditions.append(events.c.superseded.is_(False))
        if f.changed_since:
            conditions.append(events.c.changed_at > f.changed_since)
        conditions.extend(field_conditions(events, f))
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
        """Events whose own sentences hold every word of the query (a word matches inside longer words,
        "ambush" finds "ambushed"), not events of a document that mentions it somewhere else."""
        words = [w for w in query.split() if w]
        return and_(true(), *(events.c.text.ilike(f"%{_like_escaped(w)}%", escape="\\") for w in words))

    def current_revision_keys(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """For each stored id among doc_ids, the revision_key of its current revision."""
        with self.engine.connect() as conn:
            return current_revision_keys(conn, list(dict.fromkeys(doc_ids)))

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


def _like_escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0]

"""Tables of the store (SQLAlchemy Core) and the named migrations that create and evolve them."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    text,
)

metadata = MetaData()

migrations_table = Table(
    "schema_migrations",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("row_id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(500), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("title", Text),
    Column("published", Date),
    Column("publisher", String(300)),
    Column("republished_by", String(300)),
    Column("url", Text),
    Column("format", String(20)),
    Column("source_path", Text),
    Column("text", Text, nullable=False),
    Column("superseded", Boolean, nullable=False, default=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("fetched_at", DateTime(timezone=True)),  # when a watched feed's page was fetched; null for files
    UniqueConstraint("doc_id", "content_hash", name="uq_document_revision_text"),
)

events = Table(
    "events",
    metadata,
    Column("event_id", String(32), primary_key=True),
    Column("document_row", Integer, ForeignKey("documents.row_id"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("superseded", Boolean, nullable=False, default=False),
    Column("superseded_by", Integer, ForeignKey("documents.row_id")),
    Column("document_id", String(500), nullable=False),
    Column("event_date", String(10)),
    Column("time_precision", Integer),
    Column("event_type", String(60)),
    Column("sub_event_type", String(60)),
    Column("actor1", String(300)),
    Column("assoc_actor_1", Text),
    Column("inter1", Integer),
    Column("actor2", String(300)),
    Column("assoc_actor_2", Text),
    Column("inter2", Integer),
    Column("country", String(100)),
    Column("admin1", String(100)),
    Column("admin2", String(100)),
    Column("location", String(300)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("fatalities", Integer, nullable=False, default=0),
    Column("fatalities_low", Integer),
    Column("fatalities_best", Integer),
    Column("fatalities_high", Integer),
    Column("source", String(300)),
    Column("sources", Text),
    Column("republished_by", String(300)),
    Column("text", Text),
    Column("start_char", Integer),
    Column("end_char", Integer),
    Column("coder", String(60)),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(32), ForeignKey("events.event_id"), nullable=False, index=True),
    Column("ordinal", Integer, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("value", Integer, nullable=False),
    Column("value_high", Integer),
    Column("quantifier", String(30), nullable=False),
    Column("subject", String(200)),
    Column("side", String(300)),
    Column("claimant", String(300)),
    Column("text", Text),
    Column("start_char", Integer),
    Column("end_char", Integer),
)


def _create_base(conn: Connection) -> None:
    for table in (documents, events, claims):
        table.create(conn, checkfirst=True)


def _add_full_text_search(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(title, text)"))
        conn.execute(text("INSERT INTO documents_fts(rowid, title, text) SELECT row_id, title, text FROM documents"))
    elif conn.dialect.name == "postgresql":
        conn.execute(
            text(
                "CREATE INDEX IF NOT EXISTS ix_documents_fts ON documents "
                "USING gin (to_tsvector('english', coalesce(title, '') || ' ' || text))"
            )
        )


def _add_query_indexes(conn: Connection) -> None:
    for name, table, column in (
        ("ix_events_date", "events", "event_date"),
        ("ix_events_admin1", "events", "admin1"),
        ("ix_events_superseded", "events", "superseded"),
        ("ix_documents_doc_id", "documents", "doc_id"),
    ):
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})"))


def _add_fetch_times(conn: Connection) -> None:
    if "fetched_at" not in {column["name"] for column in inspect(conn).get_columns("documents")}:
        conn.execute(text("ALTER TABLE documents ADD COLUMN fetched_at TIMESTAMP WITH TIME ZONE"))


MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("001_base_tables", _create_base),
    ("002_full_text_search", _add_full_text_search),
    ("003_query_indexes", _add_query_indexes),
    ("008_document_fetch_times", _add_fetch_times),
]

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
    inspect,
    text,
)

metadata = MetaData()

# The Event columns a canonical event keeps as columns of its own (the rest lives in its JSON payload).
CANONICAL_COLUMNS = (
    "document_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "source",
    "text",
)

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
    # one row per revision: (doc_id, revision) is unique (migration 004); a text may come back (A → B → A)
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
    Column("admin3", String(100)),
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
    Column("changed_at", DateTime(timezone=True)),  # stored, or superseded by a new revision
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


# Canonical events: one row per cluster of reports, with the Event columns (for filters and candidate
# lookup) and the whole canonical event as JSON. A cluster is never removed, only marked deleted.
clusters = Table(
    "clusters",
    metadata,
    Column("cluster_id", String(32), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False, index=True),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("deletion_reason", Text),
    *(Column(column.name, column.type) for column in events.columns if column.name in CANONICAL_COLUMNS),
    Column("payload", Text, nullable=False),
)

# Which cluster each current report event is in, and why (the member it links to best, score, features).
memberships = Table(
    "memberships",
    metadata,
    Column("event_id", String(32), primary_key=True),
    Column("cluster_id", String(32), nullable=False, index=True),
    Column("score", Float),
    Column("features", Text),
    Column("linked_to", String(32)),
    Column("republication_of", String(32)),
    Column("pinned", Boolean, nullable=False, default=False),
)

# Pairs of report events that score at least the join threshold: the graph that clusters are cut from.
cluster_links = Table(
    "cluster_links",
    metadata,
    Column("event_a", String(32), primary_key=True),
    Column("event_b", String(32), primary_key=True, index=True),
    Column("score", Float, nullable=False),
)

# Every version of every canonical event, with why it changed.
cluster_versions = Table(
    "cluster_versions",
    metadata,
    Column("cluster_id", String(32), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("reason", Text),
    Column("payload", Text, nullable=False),
)

# An analyst's decisions, which merging never overrides: report events pinned to a cluster (by document
# and position, so they survive re-extraction), fields corrected, and the audit log of every change.
review_pins = Table(
    "review_pins",
    metadata,
    Column("document_id", String(500), primary_key=True),
    Column("ordinal", Integer, primary_key=True),
    Column("cluster_id", String(32), nullable=False, index=True),
)

review_corrections = Table(
    "review_corrections",
    metadata,
    Column("cluster_id", String(32), primary_key=True),
    Column("field", String(60), primary_key=True),
    Column("value", Text, nullable=False),
)

review_log = Table(
    "review_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String(200), nullable=False),
    Column("action", String(30), nullable=False),
    Column("clusters", Text, nullable=False),
    Column("details", Text, nullable=False),
    Column("reason", Text),
)

# The number an export gives each event, per numbering scheme ("acled:SYR", "ged"): given once, the first
# time the event is exported, and never changed, so a row keeps its id across exports.
export_numbers = Table(
    "export_numbers",
    metadata,
    Column("scheme", String(20), primary_key=True),
    Column("event_id", String(32), primary_key=True),
    Column("number", Integer, nullable=False),
)

CLUSTER_TABLES = (clusters, memberships, cluster_links, cluster_versions, review_pins, review_corrections, review_log)


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


def _revisions_by_number(conn: Connection) -> None:
    """A revision is unique by (doc_id, revision), no longer by its text: A → B → A is three revisions."""
    if conn.dialect.name == "sqlite":
        _rebuild_sqlite_documents_without_text_key(conn)
    elif conn.dialect.name == "postgresql":
        conn.execute(text("ALTER TABLE documents DROP CONSTRAINT IF EXISTS uq_document_revision_text"))
    conn.execute(text("CREATE UNIQUE INDEX IF NOT EXISTS uq_documents_revision ON documents (doc_id, revision)"))


def _rebuild_sqlite_documents_without_text_key(conn: Connection) -> None:
    # SQLite cannot drop a table constraint: copy the table (foreign keys are off during migrations)
    keyed = [row for row in conn.execute(text("PRAGMA index_list(documents)")) if row[3] == "u"]
    if not keyed:
        return
    rebuilt = documents.to_metadata(MetaData(), name="documents_rebuilt")
    rebuilt.create(conn)
    existing = {column["name"] for column in inspect(conn).get_columns("documents")}  # later columns come later
    names = ", ".join(c.name for c in documents.columns if c.name in existing)
    conn.execute(text(f"INSERT INTO documents_rebuilt ({names}) SELECT {names} FROM documents"))
    conn.execute(text("DROP TABLE documents"))
    conn.execute(text("ALTER TABLE documents_rebuilt RENAME TO documents"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_documents_doc_id ON documents (doc_id)"))


def _event_change_times(conn: Connection) -> None:
    if "changed_at" not in {c["name"] for c in inspect(conn).get_columns("events")}:
        conn.execute(text("ALTER TABLE events ADD COLUMN changed_at TIMESTAMP"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_changed_at ON events (changed_at)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_document_ordinal ON events (document_id, ordinal)"))


def _add_clusters(conn: Connection) -> None:
    for table in CLUSTER_TABLES:
        table.create(conn, checkfirst=True)
    for name, column in (("ix_clusters_date", "event_date"), ("ix_clusters_admin1", "admin1")):
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON clusters ({column})"))


def _add_candidate_index(conn: Connection) -> None:
    """Merging looks up events by precision and date range; without it a lookup reads every current event."""
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_candidates ON events (time_precision, event_date)"))


def _add_export_numbers(conn: Connection) -> None:
    export_numbers.create(conn, checkfirst=True)
    conn.execute(text("CREATE UNIQUE INDEX IF NOT EXISTS uq_export_numbers ON export_numbers (scheme, number)"))


def _add_fetch_times(conn: Connection) -> None:
    if "fetched_at" not in {column["name"] for column in inspect(conn).get_columns("documents")}:
        conn.execute(text("ALTER TABLE documents ADD COLUMN fetched_at TIMESTAMP WITH TIME ZONE"))


def _add_admin3(conn: Connection) -> None:
    if "admin3" not in {column["name"] for column in inspect(conn).get_columns("events")}:
        conn.execute(text("ALTER TABLE events ADD COLUMN admin3 VARCHAR(100)"))


MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("001_base_tables", _create_base),
    ("002_full_text_search", _add_full_text_search),
    ("003_query_indexes", _add_query_indexes),
    ("004_revisions_by_number", _revisions_by_number),
    ("005_event_change_times", _event_change_times),
    ("006_clusters", _add_clusters),
    ("007_candidate_index", _add_candidate_index),
    ("008_export_numbers", _add_export_numbers),
    ("009_document_fetch_times", _add_fetch_times),
    ("010_event_admin3", _add_admin3),
]

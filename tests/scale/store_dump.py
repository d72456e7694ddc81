"""A store's contents in a comparable form: every document revision, event, claim and canonical event,
keyed by what they are (document id and revision, event id, cluster id), without row numbers or the
times of writing."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, text

WRITE_TIMES = {"ingested_at", "fetched_at", "changed_at", "created_at"}
CANONICAL_TABLES = ("clusters", "memberships", "cluster_links", "cluster_versions")


def dump_store(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            revisions = {
                row.row_id: (row.doc_id, row.revision)
                for row in conn.execute(text("SELECT row_id, doc_id, revision FROM documents"))
            }
            dump = {
                "documents": _rows(conn, "documents", drop={"row_id"}),
                "events": _rows(conn, "events", rows_of=revisions, row_columns={"document_row", "superseded_by"}),
                "claims": _rows(conn, "claims", drop={"id"}),
            }
            for table in CANONICAL_TABLES:
                dump[table] = _rows(conn, table)
            return dump
    finally:
        engine.dispose()


def _rows(conn, table: str, *, drop=frozenset(), rows_of=None, row_columns=frozenset()) -> list[tuple]:
    result = conn.execute(text(f"SELECT * FROM {table}")).mappings().all()
    rows = []
    for row in result:
        values = []
        for name in sorted(row.keys()):
            if name in drop or name in WRITE_TIMES:
                continue
            value = row[name]
            if name in row_columns and value is not None:
                value = rows_of[value]
            if name == "payload":
                value = _without_times(json.loads(value))
            values.append((name, value))
        rows.append(tuple(values))
    return sorted(rows, key=repr)


def _without_times(value):
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in sorted(value.items()) if k not in WRITE_TIMES}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value

"""Events as Parquet (the `[frames]` extra: pyarrow): typed columns, claims and reports as nested lists.

One row per event; `event_date` is a date, coordinates doubles, figures integers, so pandas, DuckDB,
R's arrow and Spark read the types without guessing. Canonical events add their own columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, BinaryIO

from ..errors import ConfigError
from ..model import Event, EventCluster
from .context import ExportContext
from .rows import is_text

if TYPE_CHECKING:
    import pyarrow as pa


def _arrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401  (a submodule, loaded for write_table)
    except ImportError:
        raise ConfigError("the parquet format needs pyarrow: pip install 'sitrep[frames]'") from None
    return pyarrow


def event_schema(canonical: bool) -> pa.Schema:
    pa = _arrow()
    text, integer = pa.string(), pa.int64()
    claim = pa.struct(
        [
            ("kind", text),
            ("value", integer),
            ("value_high", integer),
            ("quantifier", text),
            ("subject", text),
            ("side", text),
            ("claimant", text),
            ("text", text),
            ("start_char", integer),
            ("end_char", integer),
            ("outlet", text),
            ("document_id", text),
        ]
    )
    fields = [
        ("event_id", text),
        ("document_id", text),
        ("event_date", pa.date32()),
        ("time_precision", pa.int8()),
        ("event_type", text),
        ("sub_event_type", text),
        ("actor1", text),
        ("assoc_actor_1", text),
        ("inter1", pa.int8()),
        ("actor2", text),
        ("assoc_actor_2", text),
        ("inter2", pa.int8()),
        ("country", text),
        ("admin1", text),
        ("admin2", text),
        ("admin3", text),
        ("location", text),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("geo_precision", pa.int8()),
        ("fatalities", integer),
        ("fatalities_low", integer),
        ("fatalities_best", integer),
        ("fatalities_high", integer),
        ("claims", pa.list_(claim)),
        ("source", text),
        ("sources", pa.list_(text)),
        ("republished_by", text),
        ("text", text),
        ("start_char", integer),
        ("end_char", integer),
        ("coder", text),
    ]
    if canonical:
        report = pa.struct([("document_id", text), ("event_id", text), ("source", text), ("published", text)])
        fields += [
            ("reports", pa.list_(report)),
            ("outlets", integer),
            ("version", integer),
            ("changed_at", pa.timestamp("us", tz="UTC")),
            ("deleted", pa.bool_()),
            ("deletion_reason", text),
        ]
    return pa.schema(fields)


def _record(event: Event, schema: pa.Schema) -> dict[str, Any]:
    full = event.to_dict()
    record = {name: full.get(name) for name in schema.names}
    record["event_date"] = date.fromisoformat(event.event_date) if event.event_date else None
    record["claims"] = [{**c.to_dict(), "outlet": c.outlet, "document_id": c.document_id} for c in event.claims]
    if isinstance(event, EventCluster):
        record["reports"] = [
            {"document_id": r.document_id, "event_id": r.event_id, "source": r.source, "published": r.published}
            for r in event.reports
        ]
        record["changed_at"] = datetime.fromisoformat(event.changed_at) if event.changed_at else None
    return record


def events_table(events: Iterable[Event]) -> pa.Table:
    """The events as one Arrow table of the schema above (canonical columns when every event is canonical)."""
    listed = list(events)
    canonical = bool(listed) and all(isinstance(e, EventCluster) for e in listed)
    schema = event_schema(canonical)
    return _arrow().Table.from_pylist([_record(e, schema) for e in listed], schema=schema)


def write_parquet(events: Iterable[Event], fp: BinaryIO, context: ExportContext | None = None) -> int:
    if is_text(fp):
        raise ConfigError("Parquet is a binary format: write it to a file or a pipe with sitrep export -o")
    table = events_table(events)
    _arrow().parquet.write_table(table, fp)
    return table.num_rows

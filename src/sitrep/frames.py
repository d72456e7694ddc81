"""`sitrep.events_frame`: stored or extracted events as a pandas DataFrame (the `[frames]` extra)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .errors import ConfigError
from .export.parquet import events_table
from .model import Event

if TYPE_CHECKING:
    import pandas as pd

    from .store import EventFilter


def events_frame(
    events: Iterable[Event] | None = None,
    *,
    db: str | None = None,
    filters: EventFilter | None = None,
    reports: bool = False,
) -> pd.DataFrame:
    """A DataFrame of EVENTS (from `sitrep.extract_events`, say), or else of the store's events: its
    canonical events (`reports=True`: each report's own event), filtered by a `sitrep.store.EventFilter`.

    Columns are typed as in the Parquet export: `event_date` a datetime, figures nullable integers,
    `claims` a list of dicts per row.
    """
    try:
        import pandas  # noqa: F401  (pyarrow's to_pandas needs it)
    except ImportError:
        raise ConfigError("events_frame needs pandas and pyarrow: pip install 'sitrep[frames]'") from None
    if events is None:
        events = _stored(db, filters, reports)
    frame = events_table(events).to_pandas(types_mapper=_nullable)
    frame["event_date"] = frame["event_date"].astype("datetime64[s]")
    return frame


def _stored(db: str | None, filters: EventFilter | None, reports: bool) -> list[Event]:
    from .store import EventFilter, Store

    store = Store.open(db)
    try:
        wanted = filters or EventFilter()
        return store.query_events(wanted) if reports else list(store.query_clusters(wanted))
    finally:
        store.close()


def _nullable(arrow_type):
    """Arrow integers → pandas' nullable Int64 (a missing inter code stays missing, not 0.0)."""
    import pandas as pd
    import pyarrow as pa

    return pd.Int64Dtype() if pa.types.is_integer(arrow_type) else None

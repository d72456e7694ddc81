"""Distributed ingest on Dask: the client reads and partitions the input and writes the store, in input
order; workers clean, code and geocode (each loads the gazetteer once). Needs the `[scale]` extra."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .. import pipeline
from ..errors import InputError
from ..settings import Options
from ..store import Store
from .cluster import dask_client
from .run import DistributedIngest, IngestTally
from .worker import WorkOrder

__all__ = ["DistributedIngest", "IngestTally", "WorkOrder", "dask_client", "ingest_distributed"]


def ingest_distributed(
    sources: Iterable[str],
    options: Options,
    store: Store,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    worker_home: bool = False,
    on_error: Callable[[InputError], None],
    on_progress: Callable[[IngestTally], None] | None = None,
) -> IngestTally:
    """Ingest SOURCES on a local cluster of `workers` processes or on the Dask scheduler at `scheduler`.
    With worker_home, workers use their own SITREP_HOME rather than options.home (a remote cluster)."""
    order = WorkOrder(options, worker_home=worker_home)
    if scheduler is None:
        pipeline.build_gazetteer(options)
    with dask_client(order, workers=workers, scheduler=scheduler) as client:
        ingest = DistributedIngest(client, store, order, on_error=on_error, on_progress=on_progress)
        return ingest.run(pipeline.read_items(sources, options, on_error))

"""The worker plugin that loads sitrep's coder and gazetteer once per worker process (imports Dask)."""

from __future__ import annotations

from distributed import WorkerPlugin

from .. import pipeline
from .worker import WorkOrder


class ResourceLoader(WorkerPlugin):
    """Loads the resources when a worker starts, and on workers that join the cluster later."""

    def __init__(self, order: WorkOrder) -> None:
        self.order = order

    def setup(self, worker) -> None:
        pipeline.load_resources(self.order.resolved_options())

"""Connecting to Dask: a local cluster of worker processes, or an existing scheduler."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import ConfigError
from .worker import WorkOrder

SCALE_EXTRA = "pip install 'sitrep[scale]'"

# A local cluster has no dashboard, so its diagnostics only cost CPU on the cores the workers code on:
# idle, the client and scheduler took ~5% of a core and each worker ~4% (the event loop's 20 ms tick,
# the 0.5 s system monitor, the worker's 10 ms stack profiler, the 0.1 s memory check); so, ~1% and
# ~0.5% (bench/dask_ingest.py). Memory limits still hold, checked each second.
LOCAL_CLUSTER_CONFIG = {
    # one task at a time a worker: when a document kills its worker, only that task is suspected
    "distributed.scheduler.worker-saturation": 1.0,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
}
# Without a dashboard the scheduler still serves its few HTTP routes (health, metrics), by default on
# port 8787 of every interface: a second cluster at once warned that the port was taken. A free port
# on loopback instead.
LOCAL_SCHEDULER_HTTP = {"dashboard_address": "127.0.0.1:0"}


def _distributed():
    try:
        import distributed
    except ImportError:
        raise ConfigError(f"--workers and --scheduler need Dask's distributed scheduler: {SCALE_EXTRA}") from None
    return distributed


@contextmanager
def dask_client(order: WorkOrder, *, workers: int | None = None, scheduler: str | None = None) -> Iterator:
    """A Dask client whose workers have loaded sitrep's coder and gazetteer: on a local cluster of
    `workers` processes (one thread each: the coder is pure Python), or on the scheduler at `scheduler`."""
    distributed = _distributed()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(f"--scheduler {scheduler}: cannot reach a Dask scheduler there ({exc})") from None
        cluster = None
    else:
        import dask

        with dask.config.set(LOCAL_CLUSTER_CONFIG):
            cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                scheduler_kwargs=LOCAL_SCHEDULER_HTTP,
                silence_logs=logging.ERROR,
            )
            client = distributed.Client(cluster)
    try:
        load_on_workers(client, order)
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def load_on_workers(client, order: WorkOrder) -> None:
    """Register the plugin that loads the coder and gazetteer once per worker (and on workers that join later)."""
    from .plugin import ResourceLoader

    client.register_plugin(ResourceLoader(order), name="sitrep-resources")

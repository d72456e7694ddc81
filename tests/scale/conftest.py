"""One local Dask cluster of two worker processes for all scale tests (starting one takes seconds).

A task whose worker dies is given up at once (allowed-failures 0, Dask's default is 3), so that the
crash test costs two worker restarts rather than eight; as in sitrep's own local cluster, a worker gets
one task at a time, so that only the task at fault is marked when its worker dies."""

from __future__ import annotations

import logging

import pytest

from sitrep import pipeline
from sitrep.scale.cluster import LOCAL_SCHEDULER_HTTP
from sitrep.settings import Options

from .faults import faulty_coder_plugin, register_faulty_coder

QUICK_TO_GIVE_UP = {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}


@pytest.fixture(scope="session")
def dask_client(sitrep_home):
    import dask
    import distributed

    pipeline.build_gazetteer(Options(home=sitrep_home))  # before the workers start, so that they share it
    with pytest.MonkeyPatch.context() as patch, dask.config.set(QUICK_TO_GIVE_UP):
        patch.setenv("SITREP_HOME", str(sitrep_home))  # a worker a test crashes comes back with the same
        cluster = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs=LOCAL_SCHEDULER_HTTP,
            silence_logs=logging.ERROR,
        )
    client = distributed.Client(cluster)
    client.register_plugin(faulty_coder_plugin(), name="faulty-coder")
    register_faulty_coder()
    yield client
    client.close()
    cluster.close()

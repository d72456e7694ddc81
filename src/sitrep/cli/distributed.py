"""`sitrep ingest --workers N` / `--scheduler tcp://HOST:PORT`: the ingest on a Dask cluster, with progress."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from ..errors import ConfigError, InputError
from ..settings import Options

if TYPE_CHECKING:
    from ..store import Store  # SQLAlchemy is a third of a second to import: only `ingest` needs it

log = logging.getLogger(__name__)

PROGRESS_LOG_SECONDS = 10.0  # without a terminal, a progress line this often (shown with -v)


def check_cluster_options(workers: int | None, scheduler: str | None) -> None:
    if workers is not None and scheduler:
        raise ConfigError("--workers starts a local cluster and --scheduler uses an existing one: give one of them")
    if scheduler and not scheduler.startswith(("tcp://", "tls://", "inproc://", "ws://", "wss://")):
        raise ConfigError(f"--scheduler {scheduler}: give the scheduler's address, e.g. tcp://10.0.0.5:8786")


def ingest_on_cluster(
    sources: tuple[str, ...],
    options: Options,
    store: Store,
    *,
    workers: int | None,
    scheduler: str | None,
    home_given: bool,
    on_error: Callable[[InputError], None],
) -> tuple[dict[str, int], int]:
    """Run the distributed ingest; the counts by status and the events stored."""
    from ..scale import ingest_distributed

    with progress_display() as show:
        tally = ingest_distributed(
            sources,
            options,
            store,
            workers=workers,
            scheduler=scheduler,
            worker_home=bool(scheduler) and not home_given,
            on_error=on_error,
            on_progress=show,
        )
    cpu = sum(tally.worker_cpu_seconds.values())
    peak = max(tally.worker_peak_rss_bytes.values(), default=0)
    click.echo(
        f"{tally.documents} documents in {tally.seconds:.1f} s ({tally.per_second:.1f}/s) on "
        f"{len(tally.worker_cpu_seconds)} worker(s), {tally.coded} coded: {1000 * cpu / max(tally.coded, 1):.1f} ms "
        f"of worker CPU a coded document, peak worker memory {peak / 2**20:.0f} MiB; stored by the {tally.written_by}; "
        f"{tally.failures} failure(s)",
        err=True,
    )
    return tally.counts, tally.stored_events


@contextmanager
def progress_display() -> Iterator[Callable]:
    """Documents done, throughput and failures: a live line on a terminal, a log line now and then otherwise."""
    if not sys.stderr.isatty():
        last = [time.perf_counter()]

        def log_progress(tally) -> None:
            if time.perf_counter() - last[0] >= PROGRESS_LOG_SECONDS:
                last[0] = time.perf_counter()
                log.info("%d documents, %.1f/s, %d failure(s)", tally.documents, tally.per_second, tally.failures)

        yield log_progress
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = [
        SpinnerColumn(),
        TextColumn("ingesting on Dask: {task.completed} documents, {task.fields[rate]:.1f}/s, "),
        TextColumn("{task.fields[failures]} failure(s)"),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("ingest", total=None, rate=0.0, failures=0)

        def show(tally) -> None:
            progress.update(task, completed=tally.documents, rate=tally.per_second, failures=tally.failures)

        yield show

"""`sitrep extract` and `sitrep ingest`: documents in, events out (to stdout or the store)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import pipeline, registry
from ..errors import InputError
from ..output_files import check_output_path, open_output
from ..settings import DEFAULT_HISTORY_DAYS, DEFAULT_MAX_BYTES, Options, default_db_url
from .distributed import check_cluster_options, ingest_on_cluster
from .output import ErrorReport, events_writer, freeze_after_first, progress_bar
from .params import COUNTRY, use_home

EXTRACT_FORMATS = ["jsonl", "csv", "acled", "table"]


def _options(max_bytes: int, coder: str, country: str | None, home: str | None, history_days: int) -> Options:
    return Options(
        max_bytes=max_bytes,
        coder=coder,
        country=country,
        home=Path(home) if home else None,
        history_days=history_days,
    )


MAX_MAX_BYTES = 2 * 2**30  # a document is held in memory whole: beyond this a limit is a typo
UNITS = {"": 1, "b": 1, "k": 2**10, "kb": 2**10, "m": 2**20, "mb": 2**20, "g": 2**30, "gb": 2**30}


class ByteSize(click.ParamType):
    """A size in bytes, plain or with a unit (500k, 50M, 1G), between 1 byte and MAX_MAX_BYTES."""

    name = "size"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().lower()
        number = text.rstrip("bkmg")
        unit = text[len(number) :]
        if not number.isdigit() or unit not in UNITS:
            self.fail(f"{value!r} is not a size; give bytes or a size with a unit such as 500k, 50M, 1G", param, ctx)
        size = int(number[:13]) * UNITS[unit]  # 13 digits are beyond any limit already
        if not 1 <= size <= MAX_MAX_BYTES:
            self.fail(f"{value!r} is out of range; give between 1 byte and {MAX_MAX_BYTES // 2**30}G", param, ctx)
        return size


def common_reading_options(func):
    """Options shared by the commands that read documents."""
    func = click.option(
        "--max-size",
        "max_bytes",
        type=ByteSize(),
        default=str(DEFAULT_MAX_BYTES),
        show_default=True,
        help="Skip documents larger than this: a file, or one line of a JSON-lines file (bytes, or with "
        f"a unit: 500k, 50M, 1G; at most {MAX_MAX_BYTES // 2**30}G).",
    )(func)
    func = click.option(
        "--coder",
        default="rules",
        show_default=True,
        help=f"Event coder to use ({', '.join(registry.available('sitrep.coders'))}, or the name of a model "
        "trained by `sitrep train`).",
    )(func)
    func = click.option(
        "--history-days",
        type=click.IntRange(min=0),
        default=DEFAULT_HISTORY_DAYS,
        show_default=True,
        help="Events dated more than this many days before the report are background, not coded "
        "(raise it for retrospective reports).",
    )(func)
    func = click.option(
        "--country",
        type=COUNTRY,
        default=None,
        help="Country focus for place disambiguation: ISO code or name (SY, sy, Syria).",
    )(func)
    func = click.option(
        "--home",
        envvar="SITREP_HOME",
        callback=use_home,
        default=None,
        help="sitrep's data folder (gazetteer index); default $SITREP_HOME or a per-user folder.",
    )(func)
    return click.argument("sources", nargs=-1, required=True)(func)


@click.command("extract")
@common_reading_options
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(EXTRACT_FORMATS),
    default=None,
    help="Output format; default table on a terminal, jsonl otherwise.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    help="Output file, written whole or not at all (default - for stdout); never an SQLite file or an input.",
)
@click.option("--explain", is_flag=True, help="Also print on stderr why each sentence became an event or did not.")
def extract_command(sources, max_bytes, coder, country, home, history_days, fmt, output, explain) -> None:
    """Extract events from SOURCES (files, folders, .jsonl, or - for stdin) without a database.

    \b
    Examples:
      sitrep extract examples/weekly-roundup.txt
      sitrep extract --format jsonl articles.jsonl > events.jsonl
      cat article.html | sitrep extract -
      sitrep extract --explain --format jsonl article.txt > /dev/null
    """
    options = _options(max_bytes, coder, country, home, history_days)
    inputs = [source for source in sources if source != "-" and Path(source).is_file()]
    if output != "-":
        check_output_path(Path(output), protect=inputs)
    fmt = fmt or ("table" if output == "-" and sys.stdout is not None and sys.stdout.isatty() else "jsonl")
    streaming = fmt == "jsonl"
    write = events_writer(fmt)
    errors = ErrorReport()
    collected = []
    read = 0
    with open_output(output, protect=inputs) as fp, progress_bar("extracting") as advance:
        documents = pipeline.read_documents(sources, options, errors)
        coded = pipeline.extract_documents(documents, options, errors)
        for document, events in freeze_after_first(coded):
            advance()
            read += 1
            if explain:
                for line in pipeline.explain_document(document, options):
                    click.echo(f"{document.id} {line}", err=True)
            if streaming:
                write(events, fp, None)
            else:
                collected.extend(events)
        if errors.count and not read and output != "-":
            raise InputError(f"no document could be read; {output} is left as it was")
        if not streaming:
            write(collected, fp, None)
    if errors.count:
        click.echo(f"{errors.count} input error(s); the other documents were processed", err=True)
        sys.exit(1)


@click.command("ingest")
@common_reading_options
@click.option(
    "--db", envvar="SITREP_DB", default=None, help="Database URL (default $SITREP_DB or sqlite:///sitrep.db)."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Code on a local Dask cluster of this many worker processes (needs the [scale] extra).",
)
@click.option(
    "--scheduler", default=None, help="Code on the Dask cluster whose scheduler is at this address (tcp://HOST:PORT)."
)
def ingest_command(sources, max_bytes, coder, country, home, history_days, db, workers, scheduler) -> None:
    """Read SOURCES, extract their events and store documents and events.

    Idempotent: the same document twice is stored once (a document without an `id` is known by
    its text, whatever path it is read from); a changed version of a document (same id, new text,
    date, publisher or title) becomes a new revision and its old events are marked superseded.
    Each document is written, and merged with the reports of the same events, in one transaction.

    With --workers or --scheduler, workers clean and code the documents while this process reads
    them and writes the store, in input order; a run killed at any point and started again ends
    with the store an uninterrupted run leaves, without coding again what was stored.
    """
    from ..store import Store

    check_cluster_options(workers, scheduler)
    options = _options(max_bytes, coder, country, home, history_days)
    store = Store.open(db or default_db_url())
    errors = ErrorReport()
    counts: dict[str, int] = {}
    stored_events = 0
    try:
        if workers or scheduler:
            counts, stored_events = ingest_on_cluster(
                sources, options, store, workers=workers, scheduler=scheduler, home_given=bool(home), on_error=errors
            )
        else:
            with progress_bar("ingesting") as advance:
                documents = pipeline.read_documents(sources, options, errors)
                coded = pipeline.extract_documents(documents, options, errors)
                for document, events in freeze_after_first(coded):
                    result = pipeline.store_document(store, document, events)
                    counts[result.status] = counts.get(result.status, 0) + 1
                    if result.status != "unchanged":
                        stored_events += len(events)
                    advance()
    finally:
        store.close()
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no documents"
    click.echo(f"documents: {summary}; events stored: {stored_events}", err=True)
    if errors.count:
        click.echo(f"{errors.count} input error(s); the other documents were stored", err=True)
        sys.exit(1)

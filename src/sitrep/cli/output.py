"""Shared bits of the commands: writing events in a chosen format, progress, error reporting."""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any, TypeVar

import click

from .. import registry
from ..errors import InputError
from ..export.context import ExportContext
from ..model import Event

T = TypeVar("T")


EventsWriter = Callable[[Iterable[Event], IO[Any], ExportContext | None], int]


def write_events(events: Iterable[Event], fmt: str, fp: IO[Any], context: ExportContext | None = None) -> int:
    """Write events with a registered exporter, or as a readable table (see events_writer)."""
    return events_writer(fmt)(events, fp, context)


def events_writer(fmt: str) -> EventsWriter:
    """The writer of a format, looked up once (finding an entry point scans the installed packages): a
    registered exporter (to a binary stream, or a text one for text formats) whose notes (events it left
    out) go to stderr, or the readable table."""
    if fmt == "table":
        return lambda events, fp, _context: write_table(list(events), fp)
    exporter = registry.load("sitrep.exporters", fmt)

    def write(events: Iterable[Event], fp: IO[Any], context: ExportContext | None) -> int:
        context = context or ExportContext()
        count = exporter(events, fp, context)
        fp.flush()
        for note in context.notes:
            click.echo(f"note: {note}", err=True)
        return count

    return write


def write_table(events: list[Event], fp: IO[str]) -> int:
    """A compact human-readable table: one row an event."""
    from rich.console import Console  # rich is imported only where it draws: a third of a second
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False, expand=False)
    for column in ("date", "type", "actors", "place", "fat.", "claims", "source"):
        table.add_column(column, overflow="fold")
    for event in events:
        actors = " vs ".join(a for a in (event.actor1, event.actor2) if a)
        place = ", ".join(p for p in (event.location, event.admin1) if p)
        if event.geo_precision:
            place += f" (p{event.geo_precision})"
        claims = "; ".join(_claim_summary(c) for c in event.claims)
        cells = (
            event.event_date or "?",
            event.sub_event_type,
            actors,
            place,
            str(event.fatalities),
            claims,
            ", ".join(event.sources) or event.source or "",  # every outlet of a canonical event
        )
        table.add_row(*(escape(cell) for cell in cells))
    Console(file=fp, width=160 if not fp.isatty() else None).print(table)
    return len(events)


def _claim_summary(claim) -> str:
    value = f"{claim.value}-{claim.value_high}" if claim.value_high else str(claim.value)
    who = f" [{claim.claimant}]" if claim.claimant else ""
    qual = "" if claim.quantifier == "exact" else f"{claim.quantifier.replace('_', ' ')} "
    return f"{qual}{value} {claim.subject or ''} {claim.kind}{who}".replace("  ", " ")


def freeze_after_first(items: Iterable[T]) -> Iterator[T]:
    """The items, with what exists once the first has been made put out of the cyclic collector's reach
    (gc.freeze), once per process: coding the first document loads the tables every later one reads (the
    gazetteer's, the automaton, the cue tables), which live until exit, and each full collection would
    otherwise walk every entry of them again to free nothing. Cycles made later are still collected."""
    for index, item in enumerate(items):
        if index == 0:
            _freeze_what_is_loaded()
        yield item


@functools.cache
def _freeze_what_is_loaded() -> None:
    gc.freeze()


class ErrorReport:
    """Collects bad input items: one line each on stderr, counted for the exit status."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, error: InputError) -> None:
        self.count += 1
        click.echo(f"error: {error}", err=True)


@contextmanager
def progress_bar(label: str, total: int | None = None) -> Iterator[Callable[..., None]]:
    """A progress bar on stderr when it is a terminal; a no-op otherwise."""
    if not sys.stderr.isatty():
        yield lambda advance=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = [SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda advance=1: progress.advance(task, advance)

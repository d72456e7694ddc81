"""Shared bits of the commands: writing events in a chosen format, progress, error reporting."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from .. import registry
from ..errors import InputError
from ..model import Event

T = TypeVar("T")


def write_events(events: Iterable[Event], fmt: str, fp: TextIO) -> int:
    """Write events with a registered exporter, or as a readable table."""
    if fmt == "table":
        return write_table(list(events), fp)
    writer = registry.load("sitrep.exporters", fmt)
    return writer(events, fp)


def write_table(events: list[Event], fp: TextIO) -> int:
    """A compact human-readable table: one row an event."""
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
    columns = [SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda advance=1: progress.advance(task, advance)

"""`sitrep eval`: score sitrep against your own gold (an ACLED export or a CASE-style TSV)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..output_files import open_output
from ..settings import Options
from .output import ErrorReport


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["acled", "case"]),
    default=None,
    help="Gold format; default sniffed from the header (ACLED CSV with notes, or CASE TSV).",
)
@click.option("--coder", default="rules", show_default=True, help="Coder to evaluate.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def eval_command(gold, fmt, coder, as_json) -> None:
    """Score sitrep against GOLD: an ACLED export (its `notes` are the input texts) or a
    CASE-style TSV (id, EventSnippet, SubType). Prints per-field accuracy and a confusion
    table of sub-event types, so you can decide how far to trust the coder on your data.

    The file (UTF-8, a BOM allowed) is checked whole before anything is coded: missing columns,
    short rows, non-numeric fatalities and unreadable dates are an error naming the line. Columns
    the file lacks are not scored; ids that repeat are noted and each row is scored on its own.
    """
    from ..evaluation import evaluate
    from ..learn.model_files import trained_on

    errors = ErrorReport()
    report = evaluate(gold, fmt=fmt, options=Options(coder=coder), on_error=errors)
    if trained_on(coder, gold):
        click.echo(
            f"warning: {gold} is the file model {coder!r} was trained on: these scores are not held-out", err=True
        )
    _notes(report)
    with open_output("-") as stdout:
        if as_json:
            stdout.write(json.dumps(report, indent=2) + "\n")
        else:
            _print_tables(report, Console(file=stdout))
    if errors.count:
        click.echo(f"{errors.count} row(s) could not be coded and count as rows without an event", err=True)
        sys.exit(1)


def _notes(report: dict) -> None:
    """What the scores leave out or count twice, on stderr so that --json stays machine-readable."""
    if report["not_scored"]:
        click.echo(f"note: the gold has no {', '.join(report['not_scored'])} column; not scored", err=True)
    duplicates = report["duplicate_ids"]
    if duplicates:
        shown = ", ".join(duplicates[:5]) + (" …" if len(duplicates) > 5 else "")
        click.echo(
            f"note: {len(duplicates)} id(s) occur on more than one row ({shown}); each row is scored on its own",
            err=True,
        )


def _print_tables(report: dict, console: Console) -> None:
    fields = Table(title=f"{report['rows']} gold rows ({report['format']})")
    fields.add_column("field")
    fields.add_column("accuracy", justify="right")
    for name, value in report["accuracy"].items():
        fields.add_row(name, f"{value:.3f}")
    console.print(fields)
    confusion = Table(title="sub-event types: gold (rows) × sitrep (columns, top 6)")
    columns = [c for c, _ in sorted(report["predicted_counts"].items(), key=lambda kv: -kv[1])[:6]]
    confusion.add_column("gold")
    for column in columns:
        confusion.add_column(column[:18], justify="right")
    for gold_type, row in sorted(report["confusion"].items()):
        confusion.add_row(gold_type, *(str(row.get(c, 0)) for c in columns))
    console.print(confusion)

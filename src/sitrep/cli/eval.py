"""`sitrep eval`: score sitrep against your own gold (an ACLED export or a CASE-style TSV)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..settings import Options


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
    """
    from ..evaluation import evaluate
    from ..learn.model_files import trained_on

    report = evaluate(gold, fmt=fmt, options=Options(coder=coder))
    if trained_on(coder, gold):
        click.echo(
            f"warning: {gold} is the file model {coder!r} was trained on: these scores are not held-out", err=True
        )
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    console = Console()
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

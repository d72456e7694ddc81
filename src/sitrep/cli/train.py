"""`sitrep train`: learn a coder from your own coded events (a thin command over sitrep.learn.train)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from .. import pipeline
from ..learn.training_files import FORMATS, parse_columns
from .output import progress_bar
from .params import use_home


@click.command("train")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Training file format; default sniffed from the header (ACLED export, UCDP GED, CASE TSV, else csv).",
)
@click.option(
    "--columns",
    default=None,
    help="Column mapping ROLE=COLUMN,… (roles: text, label, id, date, country, actor1, assoc_actor_1, inter1, "
    "actor2, assoc_actor_2, inter2, source, source_scale), e.g. text=summary,label=type.",
)
@click.option("--name", default=None, help="Model name (default: the file's name without extension).")
@click.option(
    "--test-split",
    type=float,
    default=0.0,
    show_default=True,
    help="Share of the rows held out (the same share of every label) and scored after training, e.g. 0.2.",
)
@click.option("--folds", type=int, default=5, show_default=True, help="Cross-validation folds.")
@click.option(
    "--min-examples",
    type=int,
    default=5,
    show_default=True,
    help="Labels with fewer training rows are refused (left out of the classifier; the rules still code them).",
)
@click.option(
    "--resources/--no-resources",
    default=True,
    show_default=True,
    help="Also write the learned actor aliases and publishers under SITREP_HOME/resources.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the manifest (scores, thresholds) as JSON.")
@click.option(
    "--home",
    envvar="SITREP_HOME",
    callback=use_home,
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="sitrep's data folder; the model goes to HOME/models/NAME (default $SITREP_HOME or a per-user folder).",
)
def train_command(path, fmt, columns, name, test_split, folds, min_examples, resources, as_json, home) -> None:
    """Learn from PATH, your own coded events: an ACLED export (its notes and sub-event types), a UCDP
    GED file, a CASE-style TSV or any CSV with a text and a label column (--columns).

    \b
    Fits a word and character n-gram classifier of ACLED sub-event types, prints its per-class
    cross-validation report beside the rules' and the vote's, chooses the vote's thresholds by
    cross-validation, and saves the model as plain arrays under SITREP_HOME/models/NAME. Code with it
    by name: `sitrep extract --coder NAME`, `sitrep eval GOLD --coder NAME`. It also learns which
    phrases of the notes stand for which coded actors, and the publishers of the source column with
    their source scale, as resource files you can edit.

    \b
    Examples:
      sitrep train my-export.csv
      sitrep train my-export.csv --test-split 0.2
      sitrep train snippets.tsv --format case --name news
      sitrep train coded.csv --format csv --columns text=summary,label=type
    """
    from ..learn.train import train_model

    run = train_model(
        path,
        name=name,
        fmt=fmt,
        columns=parse_columns(columns),
        home=home,
        folds=folds,
        test_split=test_split,
        min_examples=min_examples,
        progress=progress_bar,
    )
    console = Console(stderr=as_json, width=None if sys.stdout.isatty() else 100)
    _print_report(console, run)
    written = pipeline.save_training(run, resources=resources)
    if as_json:
        click.echo(json.dumps(run.manifest, indent=2, ensure_ascii=False))
    for written_path in written:
        console.print(f"wrote {written_path}")
    if run.classifier is not None:
        console.print(f"code with it: sitrep extract --coder {run.name} FILES")


def _print_report(console: Console, run) -> None:
    data = run.data
    console.print(f"{data.path.name}: {len(data.rows):,} rows ({data.format}), {data.skipped} without text")
    if run.refused:
        listed = ", ".join(f"{label} ({n})" for label, n in run.refused.items())
        console.print(f"refused labels with fewer than the minimum of examples: {listed}; the rules alone code them")
    if run.classifier is None:
        console.print(
            "no sub-event labels in this file: learned actors and publishers only (map a label column "
            "with --columns label=COLUMN to train a classifier)"
        )
    else:
        cv = run.manifest["cv"]
        console.print(_table(f"{cv['folds']}-fold cross-validation (held-out folds)", cv))
        console.print(_vote_summary(run.manifest))
        if run.manifest.get("test"):
            console.print(
                _table(f"held-out test split ({run.manifest['data']['test_rows']} rows)", run.manifest["test"])
            )
    learned_aliases = sum(len(actor.aliases) for actor in run.actors)
    console.print(
        f"learned {learned_aliases} aliases of {len(run.actors)} actors and {len(run.publishers)} publishers"
        + (
            f"; {len(run.actors_without_inter)} actors without an inter code left out"
            if run.actors_without_inter
            else ""
        )
    )


def _table(title: str, parts: dict) -> Table:
    table = Table(title=title, caption="P, R, F1: the classifier alone; then the rules alone and the vote")
    table.add_column("label", no_wrap=True, max_width=34, overflow="ellipsis")
    table.add_column("rows", justify="right")
    for heading in ("P", "R", "F1", "rules F1", "vote F1"):
        table.add_column(heading, justify="right")
    classifier, rules, vote = parts["classifier"], parts["rules"], parts["vote"]
    for label, scores in classifier["classes"].items():
        table.add_row(
            label,
            str(scores["support"]),
            f"{scores['precision']:.2f}",
            f"{scores['recall']:.2f}",
            f"{scores['f1']:.2f}",
            f"{rules['classes'][label]['f1']:.2f}",
            f"{vote['classes'][label]['f1']:.2f}",
        )
    for measure in ("accuracy", "event_accuracy", "macro_f1", "non_events_rejected"):
        if measure in classifier:
            cells = [f"{part[measure]:.3f}" for part in (classifier, rules, vote)]
            table.add_row(measure, "", "", "", cells[0], cells[1], cells[2], style="bold")
    return table


def _vote_summary(manifest: dict) -> str:
    thresholds = manifest["thresholds"]
    rule_wins, margin, create = thresholds["rule_wins_at"], thresholds["min_margin"], thresholds["create_at"]
    if margin is None and create is None:
        return (
            "the vote did not beat the rules on the held-out folds: this model's coder keeps the rules' "
            "decisions (train on more rows to try again)"
        )
    parts = []
    if margin is not None:
        which = "every event" if rule_wins is None else f"an event whose rule cues weigh less than {rule_wins:.2f}"
        parts.append(f"{which} takes the classifier's type when its margin is at least {margin:.2f}")
    if create is not None:
        parts.append(
            "a sentence that counts casualties but that no cue types becomes an event of the classifier's "
            f"type when its margin is at least {create:.2f}"
        )
    return "the vote (thresholds chosen by cross-validation): " + "; ".join(parts)

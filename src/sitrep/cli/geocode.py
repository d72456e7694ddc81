"""`sitrep geocode NAME… | -`: place names → the Place contract."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import InputError
from .params import COUNTRY, use_home


@click.command("geocode")
@click.argument("names", nargs=-1, required=True)
@click.option("--country", type=COUNTRY, default=None, help="Country to search in: ISO code or name (SY, sy, Syria).")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default=None,
    help="Output format; default table on a terminal, jsonl otherwise.",
)
@click.option(
    "--home",
    envvar="SITREP_HOME",
    callback=use_home,
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="sitrep's data folder (default $SITREP_HOME or a per-user folder).",
)
def geocode(names, country, fmt, home) -> None:
    """Geocode NAMES (or one name per line from stdin with -): coordinates, admin regions,
    ACLED precision and a score; unresolved names get null coordinates and a reason.

    \b
    Examples:
      sitrep geocode "Deir ez-Zor" "Ras al-Ayn" "near Saraqib"
      cut -d, -f1 places.csv | sitrep geocode - --country SY > places.jsonl
    """
    from ..geo import Gazetteer, geocode_many

    queries = _stdin_lines() if names == ("-",) else list(names)
    queries = [q for q in queries if q.strip()]
    stdout = sys.stdout
    fmt = fmt or ("table" if stdout.isatty() else "jsonl")
    places = geocode_many(queries, Gazetteer.open(home), country=country)
    if fmt == "jsonl":
        for place in places:
            stdout.write(json.dumps(place.to_dict(), ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for column in ("query", "name", "admin1", "lat", "lon", "precision", "score / reason"):
        table.add_column(column)
    for p in places:
        table.add_row(
            p.query,
            p.name or "",
            p.admin1 or "",
            f"{p.latitude:.4f}" if p.resolved else "",
            f"{p.longitude:.4f}" if p.resolved else "",
            str(p.precision or ""),
            str(p.score) if p.resolved else (p.reason or ""),
        )
    Console(file=stdout).print(table)


def _stdin_lines() -> list[str]:
    """The names on stdin, one a line: UTF-8 with or without a byte-order mark; anything else names its line."""
    try:
        data = sys.stdin.buffer.read()
    except (OSError, ValueError, AttributeError):  # AttributeError: no stdin at all (closed by the caller)
        raise InputError("standard input is closed; pipe names in, one a line", source="-") from None
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text; give the names as UTF-8", source="-", line=line) from None

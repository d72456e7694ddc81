"""`sitrep report`: a situation report over a period, as HTML or Markdown."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ConfigError
from .query import _parse_day


@click.command("report")
@click.option(
    "--db", envvar="SITREP_DB", default=None, help="Database URL (default $SITREP_DB or sqlite:///sitrep.db)."
)
@click.option("--from", "date_from", required=True, help="First day of the period, YYYY-MM-DD.")
@click.option("--to", "date_to", required=True, help="Last day of the period, YYYY-MM-DD (included).")
@click.option("--admin1", multiple=True, help="Only this governorate / province (repeat for several).")
@click.option("--type", "event_types", multiple=True, help="Only this ACLED event type or sub-event type (repeatable).")
@click.option(
    "--profiles",
    "profile_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A publisher profiles file read after $SITREP_HOME/publishers.yaml (repeatable).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report file: .html (one self-contained page), .md (images in a folder beside it) or .pdf (printed by Chromium).",
)
def report_command(db, date_from, date_to, admin1, event_types, profile_files, output) -> None:
    """Write a situation report: headline figures, a map and a chart of events per day, events and
    fatalities by governorate and type, the most lethal events with their claims, conflicting claims
    side by side, and the source list with each outlet's profile.

    \b
    Examples:
      sitrep report --from 2020-07-01 --to 2020-07-07 -o week.html
      sitrep report --from 2020-07-01 --to 2020-07-31 --admin1 Aleppo --admin1 Idleb -o july.md
      sitrep report --from 2020-07-01 --to 2020-07-07 --type Battles --profiles my-outlets.yaml -o battles.html
    """
    from ..pipeline import write_situation_report
    from ..report import ReportScope

    start, end = _parse_day(date_from, "from"), _parse_day(date_to, "to")
    if start is None or end is None:
        raise ConfigError("--from and --to need dates as YYYY-MM-DD")
    if start > end:
        raise ConfigError(f"--from {start} is after --to {end}")
    scope = ReportScope(start, end, tuple(admin1), tuple(event_types))
    written = write_situation_report(scope, output, db_url=db, profile_files=tuple(profile_files))
    click.echo(f"wrote {', '.join(str(p) for p in written)}", err=True)

"""`sitrep events` and `sitrep export`: read stored events back, filtered."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import click

from .. import registry
from ..errors import ConfigError
from ..export.context import ExportContext
from ..output_files import check_output_path, open_output
from ..settings import default_db_url
from .output import write_events


def _parse_day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--{name} must be a date as YYYY-MM-DD, got {value!r}") from None


def event_filters(func):
    """The filter options shared by `events` and `export`."""
    options = [
        click.option(
            "--db", envvar="SITREP_DB", default=None, help="Database URL (default $SITREP_DB or sqlite:///sitrep.db)."
        ),
        click.option("--from", "date_from", default=None, help="First event date, YYYY-MM-DD."),
        click.option("--to", "date_to", default=None, help="Last event date, YYYY-MM-DD."),
        click.option(
            "--admin1", default=None, help="Governorate / province in any spelling the geocoder knows (Idlib, Idleb)."
        ),
        click.option("--type", "event_type", default=None, help="ACLED event type or sub-event type."),
        click.option("--actor", default=None, help="Substring of any actor name."),
        click.option("--publisher", default=None, help="Publisher (source) name."),
        click.option(
            "--search", "text", default=None, help="Events whose own sentences contain every word (ambush, Saraqib)."
        ),
        click.option(
            "--all",
            "include_superseded",
            is_flag=True,
            help="Include deleted canonical events (with --reports: events of superseded revisions).",
        ),
        click.option("--limit", type=click.IntRange(1, 2**62), default=None, help="At most this many events."),
        click.option(
            "--changed-since",
            default=None,
            help="Only events changed after this time (YYYY-MM-DD or ISO date and time, UTC unless it says), "
            "deletions included: to keep a copy in sync.",
        ),
        click.option(
            "--reports",
            "per_report",
            is_flag=True,
            help="One line per report's own event instead of one per canonical event.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"--changed-since must be YYYY-MM-DD or an ISO date and time, got {value!r}") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _filters(
    date_from, date_to, admin1, event_type, actor, publisher, text, include_superseded, limit, changed_since=None
):
    from ..geo.gazetteer import admin1_spelling
    from ..store import EventFilter

    return EventFilter(
        date_from=_parse_day(date_from, "from"),
        date_to=_parse_day(date_to, "to"),
        admin1=admin1_spelling(admin1),
        event_type=event_type,
        actor=actor,
        publisher=publisher,
        text=text,
        include_superseded=include_superseded,
        limit=limit,
        changed_since=_parse_time(changed_since),
    )


def _read(store, per_report, filters):
    return store.query_events(filters) if per_report else store.query_clusters(filters)


@click.command("events")
@event_filters
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv", "acled"]),
    default=None,
    help="Output format; default table on a terminal, jsonl otherwise.",
)
def events_command(fmt, **filters) -> None:
    """List stored events, filtered: one canonical event per line, with all its reports
    (`--reports` for each report's own event).

    \b
    Examples:
      sitrep events --from 2020-07-01 --to 2020-07-31 --admin1 Homs
      sitrep events --type "Armed clash" --actor "Islamic State"
      sitrep events --search ambush --format jsonl
      sitrep events --changed-since 2024-05-01T12:00 --format jsonl   # sync, deletions included
    """
    from ..store import Store

    store = Store.open(filters.pop("db") or default_db_url())
    try:  # the store's context: `--format acled` gives the ids `sitrep export` gives
        events = _read(store, filters.pop("per_report"), _filters(**filters))
        with open_output("-") as stdout:
            write_events(events, fmt or ("table" if stdout.isatty() else "jsonl"), stdout, ExportContext(records=store))
    finally:
        store.close()


@click.command("export")
@event_filters
@click.option(
    "--format",
    "fmt",
    default="acled",
    show_default=True,
    help="Export format: " + ", ".join(registry.available("sitrep.exporters")) + ".",
)
@click.option("-o", "--output", required=True, metavar="FILE", help="File to write; - for stdout.")
def export_command(fmt, output, db, per_report, **filters) -> None:
    """Export stored events (ACLED- or UCDP GED-compatible CSV, Parquet, JSON lines, GeoJSON, CSV):
    one row per canonical event (its reports listed), or per report's event with --reports.
    docs/exports.md says how each format follows its codebook.

    The file is written beside its final name and moved into place when complete, so a failed
    export never leaves a half-written file. sitrep refuses to write onto the store, any other
    SQLite file, a folder or a symbolic link; a pipe or a device (/dev/stdout) is written directly.
    Row ids (ACLED's event_id_cnty, GED's id) are kept in the store: an event has the same id in
    every export.

    \b
    Examples:
      sitrep export -o syria.csv                       # ACLED CSV
      sitrep export --format ucdp --from 2024-01-01 -o ged.csv
      sitrep export --format parquet -o events.parquet
      sitrep export --format jsonl --admin1 Idlib -o - | head
    """
    from ..store import Store

    if fmt not in registry.available("sitrep.exporters"):
        raise ConfigError(
            f"unknown export format {fmt!r}; available: {', '.join(registry.available('sitrep.exporters'))}"
        )
    db_url = db or default_db_url()
    store_file = sqlite_file(db_url)
    protect = [store_file] if store_file else []
    if output != "-":
        check_output_path(Path(output), protect)
    store = Store.open(db_url)
    try:
        events = _read(store, per_report, _filters(**filters))
        context = ExportContext(records=store)
        with open_output(output, binary=True, protect=protect) as fp:
            count = write_events(events, fmt, fp, context)
    finally:
        store.close()
    click.echo(f"wrote {count} events to {'stdout' if output == '-' else output}", err=True)


def sqlite_file(db_url: str) -> Path | None:
    """The database file of an SQLite URL (None for other databases and in-memory SQLite)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(db_url)
    except ArgumentError:
        return None  # the store reports the malformed URL itself
    if not url.drivername.startswith("sqlite") or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)

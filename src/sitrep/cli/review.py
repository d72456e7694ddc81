"""`sitrep review merge|split|set|delete|history|log|rebuild`: an analyst's corrections to canonical events."""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from ..settings import default_db_url

T = TypeVar("T")

db_option = click.option(
    "--db", envvar="SITREP_DB", default=None, help="Database URL (default $SITREP_DB or sqlite:///sitrep.db)."
)
who_option = click.option(
    "--by",
    "who",
    default=None,
    help="Who makes the change, for the audit log (default $SITREP_USER or your login name).",
)
reason_option = click.option("--reason", default=None, help="Why, for the audit log.")


def _who(value: str | None) -> str:
    return value or os.environ.get("SITREP_USER") or getpass.getuser()


@contextmanager
def _opened(db: str | None) -> Iterator[Any]:
    from ..store import Store

    store = Store.open(db or default_db_url())
    try:
        yield store
    finally:
        store.close()


def _in_one_transaction(db: str | None, change: Callable[[Any], T]) -> T:
    """Run one review change in one write transaction: all of it is stored, or nothing."""
    with _opened(db) as store, store.writing() as session:
        return change(session)


review = click.Group(
    "review",
    help="""Correct canonical events: merge clusters, split reports off, set any field, delete.

Every change is written to the audit log (who, when, what, why; `sitrep review log`) and holds over
later ingests and rebuilds: merging never moves a report an analyst placed, and a corrected field keeps
its value. Canonical event ids are the `event_id` of `sitrep events`.""",
)


@review.command("merge")
@click.argument("target")
@click.argument("others", nargs=-1, required=True)
@reason_option
@who_option
@db_option
def merge_command(target, others, reason, who, db) -> None:
    """Merge the canonical events OTHERS into TARGET (one event, all their reports)."""
    from ..merge.review import merge_clusters

    _in_one_transaction(db, lambda session: merge_clusters(session, target, list(others), _who(who), reason))
    click.echo(f"merged {', '.join(others)} into {target}", err=True)


@review.command("split")
@click.argument("cluster")
@click.argument("reports", nargs=-1, required=True)
@reason_option
@who_option
@db_option
def split_command(cluster, reports, reason, who, db) -> None:
    """Move REPORTS (document ids or report event ids) out of CLUSTER into a new canonical event."""
    from ..merge.review import split_cluster

    new_id, _ = _in_one_transaction(
        db, lambda session: split_cluster(session, cluster, list(reports), _who(who), reason)
    )
    click.echo(new_id)


@review.command("set")
@click.argument("cluster")
@click.argument("field")
@click.argument("value")
@reason_option
@who_option
@db_option
def set_command(cluster, field, value, reason, who, db) -> None:
    """Set FIELD of canonical event CLUSTER to VALUE ('null' clears it); merging never overwrites it.

    \b
    Examples:
      sitrep review set c1a2b3 fatalities 12 --reason "hospital list"
      sitrep review set c1a2b3 sub_event_type "Air/drone strike"
    """
    from ..merge.review import set_field

    _in_one_transaction(db, lambda session: set_field(session, cluster, field, value, _who(who), reason))
    click.echo(f"{cluster}: {field} set", err=True)


@review.command("delete")
@click.argument("cluster")
@click.option("--reason", required=True, help="Why the event is deleted (shown to downstream users).")
@who_option
@db_option
def delete_command(cluster, reason, who, db) -> None:
    """Delete canonical event CLUSTER (soft: it stays, marked deleted, in `sitrep events --changed-since`)."""
    from ..merge.review import delete_event

    _in_one_transaction(db, lambda session: delete_event(session, cluster, _who(who), reason))
    click.echo(f"{cluster}: deleted", err=True)


@review.command("history")
@click.argument("cluster")
@db_option
def history_command(cluster, db) -> None:
    """Every version of canonical event CLUSTER, as JSON lines (version, time, reason, event)."""
    with _opened(db) as store:
        _echo_json_lines(store.cluster_history(cluster))


@review.command("log")
@click.argument("cluster", required=False)
@db_option
def log_command(cluster, db) -> None:
    """The audit log of analysts' changes (of one canonical event, or all), as JSON lines."""
    with _opened(db) as store:
        _echo_json_lines(store.review_entries(cluster))


def _echo_json_lines(rows: Iterable[dict[str, Any]]) -> None:
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False))


@review.command("rebuild")
@db_option
def rebuild_command(db) -> None:
    """Merge every stored report again (after an upgrade or an edit of merge.yaml); corrections stay."""
    from ..merge.update import rebuild

    summary = _in_one_transaction(db, rebuild)
    click.echo(f"{len(summary.changed)} canonical events written, {len(summary.deleted)} deleted", err=True)

"""`sitrep watch FEEDS…`: poll RSS/Atom feeds and ingest every new article, printing the latency of each."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from ..settings import DEFAULT_HISTORY_DAYS, Options, default_db_url
from .output import ErrorReport
from .params import use_home


@click.command("watch")
@click.argument("feeds", nargs=-1, required=True)
@click.option(
    "--db", envvar="SITREP_DB", default=None, help="Database URL (default $SITREP_DB or sqlite:///sitrep.db)."
)
@click.option("--interval", type=click.FloatRange(min=1), default=300, show_default=True, help="Seconds between polls.")
@click.option("--once", is_flag=True, help="Poll every feed once, ingest what is new and exit (for cron).")
@click.option(
    "--rate",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Seconds between two requests to one site (a longer Crawl-delay in its robots.txt wins).",
)
@click.option(
    "--max-page-size",
    type=click.IntRange(min=1024),
    default=5 * 2**20,
    show_default=True,
    help="Bytes read of a page at most; a larger page is refused while it is read.",
)
@click.option("--timeout", type=click.FloatRange(min=1), default=20, show_default=True, help="Seconds for one page.")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Also fetch from private, loopback and link-local addresses (feeds on your own network).",
)
@click.option("--country", default=None, help="ISO2 country focus for place disambiguation, e.g. SY.")
@click.option("--history-days", type=click.IntRange(min=0), default=DEFAULT_HISTORY_DAYS, show_default=True)
@click.option(
    "--home", envvar="SITREP_HOME", callback=use_home, default=None, help="sitrep's data folder (gazetteer index)."
)
def watch_command(
    feeds, db, interval, once, rate, max_page_size, timeout, allow_private, country, history_days, home
) -> None:
    """Watch FEEDS (RSS/Atom URLs, or OPML files listing them) and ingest each new article.

    Each poll is a conditional GET (ETag, Last-Modified); each new entry's page is fetched (robots.txt
    honoured, one request per --rate seconds a site), cleaned, coded and stored with the time it was
    fetched. One line per stored article gives its latency from publication. Only public addresses are
    fetched, checked after name resolution and on every redirect, unless --allow-private.

    \b
    Examples:
      sitrep watch examples/feeds.opml
      sitrep watch --once --interval 600 https://example.org/world/rss.xml
    """
    from ..store import Store
    from ..watch import AddressPolicy, Fetcher, FetchLimits, HostPacer, Watcher, feed_urls

    urls = feed_urls(list(feeds))
    options = Options(country=country, home=Path(home) if home else None, history_days=history_days)
    fetcher = Fetcher(AddressPolicy(allow_private=allow_private), FetchLimits(max_bytes=max_page_size, timeout=timeout))
    store = Store.open(db or default_db_url())
    errors = ErrorReport()
    watcher = Watcher(urls, store, options, fetcher, HostPacer(rate), on_stored=print_stored, on_error=errors)
    click.echo(f"watching {len(urls)} feed(s)" + ("" if once else f", every {interval:g} s (Ctrl-C stops)"), err=True)
    try:
        watcher.run(interval, polls=1 if once else None)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        store.close()
    if errors.count:
        click.echo(f"{errors.count} problem(s) with feeds or pages; the other articles were stored", err=True)
        sys.exit(1)


def print_stored(stored) -> None:
    """One line per stored article: status, events, id, and the times from publication to storing."""
    source = " (feed text)" if stored.from_feed_text else ""
    times = f"fetched {_stamp(stored.fetched_at)}"
    if stored.published:
        times = f"published {_stamp(stored.published)}, {times} (+{_span(stored.fetched_at - stored.published)})"
        times += f", events stored +{_span(stored.stored_at - stored.published)}"
    click.echo(f"{stored.status} {stored.document_id}{source}: {stored.events} event(s); {times}", err=True)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _span(delta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 0:
        return "0s"
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{seconds:02d}s"

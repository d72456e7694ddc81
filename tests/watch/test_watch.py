"""`sitrep watch` against feeds and pages served on loopback by the test itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.settings import Options
from sitrep.store import Store
from sitrep.watch import AddressPolicy, Fetcher, FetchLimits, HostPacer, Watcher

from .site import Page, Site, article, rss

LOOPBACK_ONLY = ["127.0.0.1/32"]  # the tests' allowance: this host's loopback address, nothing else private

STORIES = {
    "/news/ambush": (
        "Convoy ambushed near Palmyra",
        [
            "Gunmen ambushed an army supply convoy on the desert road east of Palmyra on Tuesday, killing "
            "5 soldiers, an officer of the garrison told the official broadcaster.",
            "Two trucks were left burning beside the road.",
        ],
    ),
    "/news/market": (
        "Market hit in Idlib",
        [
            "Artillery shells fell on a crowded market in Idlib city on Tuesday morning, and rescuers said "
            "7 civilians were killed and 12 wounded.",
        ],
    ),
}


def serve_feed(site: Site, paths: list[str], etag: str, published: datetime) -> None:
    items = [
        {"guid": f"story{path}", "link": site.url(path), "title": STORIES[path][0], "published": published}
        for path in paths
    ]
    site.pages["/feed.xml"] = Page(rss("Desert Gazette", items), "application/rss+xml", headers={"ETag": etag})
    for path in paths:
        site.pages[path] = Page(article(*STORIES[path]))


def make_watcher(site: Site, store: Store, *, rate: float = 0.0, max_bytes: int = 2**20, stored=None, errors=None):
    fetcher = Fetcher(AddressPolicy(allowed=LOOPBACK_ONLY), FetchLimits(max_bytes=max_bytes, timeout=10))
    return Watcher(
        [site.url("/feed.xml")],
        store,
        Options(),
        fetcher,
        HostPacer(rate),
        on_stored=(stored if stored is not None else []).append,
        on_error=(errors if errors is not None else []).append,
    )


def test_watch_once_stores_each_new_article_with_its_fetch_time_and_latency(tmp_path):
    published = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=7)
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    with Site() as site:
        serve_feed(site, ["/news/ambush", "/news/market"], '"v1"', published)
        result = CliRunner().invoke(
            cli, ["watch", "--once", "--allow-private", "--rate", "0", "--db", db, site.url("/feed.xml")]
        )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("new ")]
    assert len(lines) == 2
    assert lines[0].startswith("new story/news/ambush: 1 event(s); published ")
    assert "(+7m" in lines[0] and "events stored +" in lines[0]  # the page came 7 minutes after publication
    store = Store.open(db)
    ambush = store.get_document("story/news/ambush")
    assert ambush["fetched_at"] is not None and ambush["publisher"] == "Desert Gazette"
    assert ambush["url"] == site.url("/news/ambush") and "Home | World" not in ambush["text"]
    events = {e.document_id: e for e in store.query_events()}
    assert events["story/news/ambush"].latitude is not None and events["story/news/ambush"].fatalities == 5
    assert events["story/news/market"].fatalities == 7


def test_watch_refuses_loopback_without_allow_private(tmp_path):
    with Site() as site:
        serve_feed(site, ["/news/ambush"], '"v1"', datetime.now(UTC))
        result = CliRunner().invoke(
            cli, ["watch", "--once", "--db", f"sqlite:///{tmp_path / 'w.db'}", site.url("/feed.xml")]
        )
        assert site.requests == []
    assert result.exit_code == 1
    assert "127.0.0.1 is a loopback address; sitrep fetches only public ones (--allow-private)" in result.output


def test_a_second_poll_is_conditional_and_fetches_only_the_new_entry(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'watch.db'}")
    stored: list = []
    published = datetime.now(UTC)  # one time for both versions of the feed: the ambush entry is not updated
    with Site() as site:
        serve_feed(site, ["/news/ambush"], '"v1"', published)
        watcher = make_watcher(site, store, stored=stored)
        watcher.poll()
        watcher.poll()  # unchanged feed: 304, nothing fetched
        serve_feed(site, ["/news/ambush", "/news/market"], '"v2"', published)
        watcher.poll()
        feed_requests = site.requested("/feed.xml")
        assert [r.headers.get("if-none-match") for r in feed_requests] == [None, '"v1"', '"v1"']
        assert len(site.requested("/news/ambush")) == 1 and len(site.requested("/news/market")) == 1
    assert [s.document_id for s in stored] == ["story/news/ambush", "story/news/market"]
    assert store.stats()["documents"] == 2


def test_a_new_watch_skips_what_an_earlier_watch_stored(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'watch.db'}")
    with Site() as site:
        serve_feed(site, ["/news/ambush"], '"v1"', datetime.now(UTC))
        make_watcher(site, store).poll()
        make_watcher(site, store).poll()
        assert len(site.requested("/news/ambush")) == 1


def test_robots_txt_is_honoured_and_the_feed_text_is_coded_instead(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'watch.db'}")
    stored: list = []
    with Site() as site:
        serve_feed(site, ["/news/market"], '"v1"', datetime.now(UTC))
        site.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /news/\n", "text/plain")
        site.pages["/feed.xml"].body = site.pages["/feed.xml"].body.replace(
            b"<description></description>",
            b"<description>Shells hit a market in Idlib city on Tuesday, killing 7 civilians.</description>",
        )
        make_watcher(site, store, stored=stored).poll()
        assert site.requested("/news/market") == [] and len(site.requested("/robots.txt")) == 1
    assert stored[0].from_feed_text and stored[0].events == 1


def test_requests_to_one_site_are_paced(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'watch.db'}")
    with Site() as site:
        serve_feed(site, ["/news/ambush", "/news/market"], '"v1"', datetime.now(UTC))
        make_watcher(site, store, rate=0.3).poll()
        times = [r.at for r in site.requests]
    assert len(times) == 4  # robots.txt, the feed, two pages
    # The pacer spaces the requests' starts; the server sees them after a connect whose latency varies
    # with the machine's load, so the gaps it measures get a margin. Unpaced, they are milliseconds.
    assert all(later - earlier >= 0.2 for earlier, later in zip(times, times[1:], strict=False))


def test_a_page_over_the_size_cap_is_refused_while_it_is_read(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'watch.db'}")
    errors: list = []
    with Site() as site:
        serve_feed(site, ["/news/ambush", "/news/market"], '"v1"', datetime.now(UTC))
        huge = article("Endless page", ["filler words " * 50] * 2000)  # about 1.3 MB, no Content-Length
        site.pages["/news/ambush"] = Page(huge, length_header=False)
        make_watcher(site, store, max_bytes=256 * 1024, errors=errors).poll()
    assert [str(e) for e in errors] == [f"{site.url('/news/ambush')}: over the 262,144-byte cap (stopped reading)"]
    assert store.get_document("story/news/ambush") is None and store.get_document("story/news/market") is not None


def test_opml_lists_the_feeds_and_a_broken_one_is_a_one_line_error(tmp_path):
    from sitrep.watch import feed_urls

    urls = feed_urls(["examples/feeds.opml"])
    assert urls and all(url.startswith("https://") for url in urls)
    broken = tmp_path / "feeds.opml"
    broken.write_text("<opml><body><outline xmlUrl='https://a.example/rss'>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["watch", "--once", str(broken)])
    assert result.exit_code != 0

"""Politeness towards the sites watched: robots.txt (urllib.robotparser) and a pause between requests
to one host (the larger of --rate and the site's Crawl-delay)."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from .fetch import Fetcher
from .guard import AddressRefused, FetchError

ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_KEPT_SECONDS = 3600.0
ROBOTS_RETRY_SECONDS = 600.0  # after a server error: everything is off limits until then (RFC 9309)
DISALLOW_ALL = ["User-agent: *", "Disallow: /"]


def site_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1].lower()}"


class HostPacer:
    """Waits so that two requests to one host are at least `interval` seconds apart."""

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._last: dict[str, float] = {}

    def wait(self, url: str, at_least: float = 0.0) -> None:
        host = site_of(url)
        gap = max(self.interval, at_least)
        last = self._last.get(host)
        if last is not None:
            pause = last + gap - self.clock()
            if pause > 0:
                self.sleep(pause)
        self._last[host] = self.clock()


class RobotsRules:
    """robots.txt per site, fetched through the guarded fetcher and kept for an hour: a missing file
    (4xx) allows everything; a server error or no answer forbids everything for a while."""

    def __init__(self, fetcher: Fetcher, pacer: HostPacer, clock: Callable[[], float] = time.monotonic) -> None:
        self.fetcher = fetcher
        self.pacer = pacer
        self.clock = clock
        self._rules: dict[str, tuple[RobotFileParser, float]] = {}

    def allows(self, url: str) -> bool:
        return self._parser(url).can_fetch(self.fetcher.limits.user_agent, url)

    def crawl_delay(self, url: str) -> float:
        delay = self._parser(url).crawl_delay(self.fetcher.limits.user_agent)
        return float(delay) if delay else 0.0

    def _parser(self, url: str) -> RobotFileParser:
        site = site_of(url)
        kept = self._rules.get(site)
        if kept and kept[1] > self.clock():
            return kept[0]
        parser, keep_for = self._fetch(site)
        self._rules[site] = (parser, self.clock() + keep_for)
        return parser

    def _fetch(self, site: str) -> tuple[RobotFileParser, float]:
        parser = RobotFileParser(f"{site}/robots.txt")
        self.pacer.wait(site)
        try:
            response = self.fetcher.get(f"{site}/robots.txt", max_bytes=ROBOTS_MAX_BYTES)
        except AddressRefused:
            raise
        except FetchError:
            parser.parse(DISALLOW_ALL)
            return parser, ROBOTS_RETRY_SECONDS
        if response.status >= 500:
            parser.parse(DISALLOW_ALL)
            return parser, ROBOTS_RETRY_SECONDS
        if response.status >= 400:
            parser.parse([])  # no robots.txt: no rules
        else:
            parser.parse(response.body.decode("utf-8", "replace").splitlines())
        return parser, ROBOTS_KEPT_SECONDS

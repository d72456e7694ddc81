"""Polling feeds and ingesting what is new: each new entry's page fetched, cleaned, coded and stored."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from trafilatura.utils import decode_file

from .. import pipeline
from ..errors import InputError
from ..model import Document
from ..settings import Options
from ..store import Store
from .feeds import Entry, FeedState, parse_entries
from .fetch import Fetcher
from .guard import FetchError, TransientFetchError
from .manners import HostPacer, RobotsRules

log = logging.getLogger(__name__)

FEED_MAX_BYTES = 10 * 2**20
MAX_ATTEMPTS = 3  # polls that try a page again after a passing failure, before the feed's own text is used


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """One entry written to the store, with the times that give the latency from publication to event."""

    feed: str
    document_id: str
    status: str  # new | revision | unchanged
    events: int
    published: datetime | None
    fetched_at: datetime
    stored_at: datetime
    from_feed_text: bool  # the page could not be had; the feed's own text of the entry was coded


class Watcher:
    def __init__(
        self,
        urls: list[str],
        store: Store,
        options: Options,
        fetcher: Fetcher,
        pacer: HostPacer,
        *,
        on_stored: Callable[[StoredEntry], None],
        on_error: Callable[[InputError], None],
    ) -> None:
        self.feeds = [FeedState(url) for url in urls]
        self.store = store
        self.options = options
        self.fetcher = fetcher
        self.pacer = pacer
        self.robots = RobotsRules(fetcher, pacer)
        self.on_stored = on_stored
        self.on_error = on_error

    def run(self, interval: float, polls: int | None = None) -> None:
        """Poll every feed, then again every `interval` seconds (`polls` times in all; None: until stopped)."""
        done = 0
        while True:
            started = time.monotonic()
            self.poll()
            done += 1
            if polls is not None and done >= polls:
                return
            time.sleep(max(0.0, interval - (time.monotonic() - started)))

    def poll(self) -> None:
        for state in self.feeds:
            self.poll_feed(state)

    def poll_feed(self, state: FeedState) -> None:
        try:
            for entry in self._new_entries(state):
                self._take(state, entry, attempts=0)
        except (FetchError, InputError) as exc:
            self.on_error(exc if isinstance(exc, InputError) else InputError(str(exc)))
        for entry, attempts in list(state.retry.values()):
            self._take(state, entry, attempts)

    def _new_entries(self, state: FeedState) -> list[Entry]:
        response = self._get(state.url, headers=state.conditional_headers(), max_bytes=FEED_MAX_BYTES)
        if response.status == 304:
            return []
        if response.status != 200:
            raise _status_error(state.url, response.status)
        state.etag = response.headers.get("etag")
        state.last_modified = response.headers.get("last-modified")
        state.title, entries = parse_entries(response.body, response.headers.get("content-type"), state.url)
        new = []
        for entry in entries:
            if state.seen.get(entry.id) == entry.version or entry.id in state.retry:
                continue
            if entry.id not in state.seen and self.store.get_document(entry.id) is not None:
                state.seen[entry.id] = entry.version  # stored by an earlier watch
                continue
            new.append(entry)
        return new

    def _get(self, url: str, **kwargs):
        if not self.robots.allows(url):
            raise FetchError(f"{url}: robots.txt of its site does not allow sitrep to fetch it")
        self.pacer.wait(url, self.robots.crawl_delay(url))
        return self.fetcher.get(url, **kwargs)

    def _take(self, state: FeedState, entry: Entry, attempts: int) -> None:
        try:
            document, from_feed = self._document(state, entry, last_try=attempts + 1 >= MAX_ATTEMPTS)
        except TransientFetchError as exc:
            state.retry[entry.id] = (entry, attempts + 1)
            self.on_error(InputError(f"{exc}; tried again at the next poll"))
            return
        except (FetchError, InputError) as exc:
            state.retry.pop(entry.id, None)
            state.seen[entry.id] = entry.version
            self.on_error(exc if isinstance(exc, InputError) else InputError(str(exc)))
            return
        try:
            events = pipeline.extract_document(document, self.options)
        except Exception as exc:  # a coder's bug on one page must not stop the watch
            log.debug("coding failed on %s", entry.id, exc_info=True)
            state.seen[entry.id] = entry.version
            self.on_error(
                InputError(f"could not extract events ({type(exc).__name__}: {exc}); skipped", source=entry.id)
            )
            return
        result = pipeline.store_document(self.store, document, events)
        state.retry.pop(entry.id, None)
        state.seen[entry.id] = entry.version
        assert document.fetched_at is not None
        self.on_stored(
            StoredEntry(
                state.url,
                document.id,
                result.status,
                len(events),
                entry.published,
                document.fetched_at,
                datetime.now(UTC),
                from_feed,
            )
        )

    def _document(self, state: FeedState, entry: Entry, *, last_try: bool) -> tuple[Document, bool]:
        """The entry's article page as a document; the feed's own text of it when the page cannot be had
        (no link, refused, disallowed, not an article; a passing failure only on the last try)."""
        try:
            if not entry.link:
                raise FetchError(f"{entry.id}: the entry has no link")
            return self._page_document(state, entry), False
        except TransientFetchError:
            if not last_try or not entry.summary.strip():
                raise
            reason = "the page could not be fetched"
        except (FetchError, InputError) as exc:
            if not entry.summary.strip():
                raise
            reason = str(exc)
        log.info("%s: %s; coding the feed's own text of it", entry.id, reason)
        fmt = "html" if "<" in entry.summary else "text"
        document = self._read(state, entry, entry.summary, fmt, entry.link)
        document.fetched_at = datetime.now(UTC)
        return document, True

    def _page_document(self, state: FeedState, entry: Entry) -> Document:
        assert entry.link is not None
        response = self._get(entry.link)
        if response.status != 200:
            raise _status_error(entry.link, response.status)
        document = self._read(state, entry, decode_file(response.body), "html", response.url)
        document.fetched_at = response.fetched_at
        return document

    def _read(self, state: FeedState, entry: Entry, raw: str, fmt: str, url: str | None) -> Document:
        published = entry.published.date() if entry.published else None
        return pipeline.read_document(
            raw,
            doc_id=entry.id,
            options=self.options,
            fmt=fmt,
            published=published,
            publisher=state.title,  # the feed's name, rather than the host name a page without one gives
            title=entry.title,
            url=url,
        )


def _status_error(url: str, status: int) -> FetchError:
    if status >= 500 or status == 429:
        return TransientFetchError(f"{url}: HTTP {status}")
    return FetchError(f"{url}: HTTP {status}")

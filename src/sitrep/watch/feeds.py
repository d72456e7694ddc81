"""The feeds to watch (URLs, OPML files) and what one poll of a feed finds: its new entries."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import feedparser

from ..errors import InputError

MAX_OPML_BYTES = 10 * 2**20


@dataclass(frozen=True, slots=True)
class Entry:
    """A feed entry worth a document: its id, its article's URL and what the feed itself says of it."""

    id: str
    link: str | None
    title: str | None
    published: datetime | None  # UTC
    summary: str  # the feed's own text of the entry (HTML or plain), used when the page cannot be had
    version: str  # changes when the feed says the entry was updated


@dataclass
class FeedState:
    """What a feed's earlier polls left: validators for a conditional GET, entries seen, entries to retry."""

    url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    seen: dict[str, str] = field(default_factory=dict)  # entry id → version
    retry: dict[str, tuple[Entry, int]] = field(default_factory=dict)  # entry id → (entry, attempts)

    def conditional_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def feed_urls(arguments: list[str]) -> list[str]:
    """The feed URLs given: each argument an http(s) URL or an OPML file listing feeds."""
    urls: list[str] = []
    for argument in arguments:
        if argument.startswith(("http://", "https://")):
            urls.append(argument)
        else:
            urls.extend(read_opml(Path(argument)))
    return list(dict.fromkeys(urls))


def read_opml(path: Path) -> list[str]:
    """The xmlUrl of every outline in an OPML file, in document order."""
    try:
        if path.stat().st_size > MAX_OPML_BYTES:
            raise InputError(f"over {MAX_OPML_BYTES:,} bytes; is this an OPML file?", source=str(path))
        root = ElementTree.fromstring(path.read_bytes())
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}; give a feed URL or an OPML file", source=str(path)) from None
    except ElementTree.ParseError as exc:
        raise InputError(f"not an OPML file ({exc})", source=str(path)) from None
    urls = [o.get("xmlUrl", "").strip() for o in root.iter("outline") if o.get("xmlUrl")]
    bad = [url for url in urls if not url.startswith(("http://", "https://"))]
    if bad:
        raise InputError(f"feed {bad[0]!r} is not an http(s) URL", source=str(path))
    if not urls:
        raise InputError("no outline with an xmlUrl (a feed) in this OPML file", source=str(path))
    return urls


def parse_entries(body: bytes, content_type: str | None, url: str) -> tuple[str | None, list[Entry]]:
    """The feed's title and its entries; InputError when the body is no feed at all."""
    parsed = feedparser.parse(body, response_headers={"content-type": content_type or "application/xml"})
    if parsed.bozo and not parsed.entries:
        raise InputError(f"unreadable feed ({parsed.bozo_exception})", source=url)
    entries = []
    for entry in parsed.entries:
        with warnings.catch_warnings():  # feedparser warns when 'updated' falls back to 'published'
            warnings.simplefilter("ignore", DeprecationWarning)
            version = entry.get("updated") or entry.get("published") or ""
        link = entry.get("link")
        entry_id = entry.get("id") or link
        if not entry_id:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        entries.append(
            Entry(
                id=entry_id,
                link=link,
                title=entry.get("title"),
                published=datetime(*stamp[:6]).replace(tzinfo=UTC) if stamp else None,
                summary=_entry_text(entry),
                version=version,
            )
        )
    return parsed.feed.get("title"), entries


def _entry_text(entry) -> str:
    contents = entry.get("content") or []
    if contents:
        return max((c.get("value", "") for c in contents), key=len)
    return entry.get("summary", "")

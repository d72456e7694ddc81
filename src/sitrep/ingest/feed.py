"""RSS/Atom feeds → one Document per entry (feedparser; entry HTML cleaned like a page)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from ..errors import InputError, SitrepError
from ..model import Document
from ..settings import Options
from .html import document_from_html
from .text import document_from_plain


def documents_from_feed(
    raw: str, *, source: str, options: Options, on_error: Callable[[InputError], None]
) -> Iterator[Document]:
    import feedparser  # imported here: most inputs are not feeds

    feed = feedparser.parse(raw)
    if feed.bozo and not feed.entries:
        on_error(InputError(f"unreadable feed: {feed.bozo_exception}", source=source))
        return
    publisher = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        doc_id = entry.get("id") or entry.get("link") or f"{source}#{number}"
        body = _entry_body(entry)
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(*parsed[:3]) if parsed else None
        common = dict(
            doc_id=doc_id,
            drop_boilerplate=options.drop_boilerplate,
            published=published,
            publisher=publisher,
            title=entry.get("title"),
            url=entry.get("link"),
            fmt="feed",
        )
        try:
            if "<" in body:
                yield document_from_html(f"<html><body><article>{body}</article></body></html>", **common)
            else:
                yield document_from_plain(body, **common, read_header_lines=False)
        except SitrepError as exc:
            on_error(InputError(f"entry {number}: {exc}", source=source))


def _entry_body(entry) -> str:
    contents = entry.get("content") or []
    if contents:
        return max((c.get("value", "") for c in contents), key=len)
    return entry.get("summary", "")

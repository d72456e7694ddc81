"""RSS/Atom feeds → one Document per entry (feedparser; entry HTML cleaned like a page)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

from ..errors import InputError, SitrepError, unreadable
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
    entries = _complete_entries(raw, feed, source, on_error)
    publisher = feed.feed.get("title")
    for number, entry in enumerate(entries, start=1):
        doc_id = entry.get("id") or entry.get("link") or f"{source}#{number}"
        body = _entry_body(entry)
        common = dict(
            doc_id=doc_id,
            drop_boilerplate=options.drop_boilerplate,
            published=_entry_date(entry),
            publisher=publisher,
            title=entry.get("title"),
            url=entry.get("link"),
            fmt="feed",
        )
        try:
            if "<" in body:
                document = document_from_html(f"<html><body><article>{body}</article></body></html>", **common)
            else:
                document = document_from_plain(body, **common, read_header_lines=False)
        except SitrepError as exc:
            on_error(InputError(f"entry {number}: {exc}", source=source))
            continue
        except Exception as exc:  # a reader's bug on one odd entry must not end the batch
            on_error(unreadable(exc, source=f"{source} (entry {number})"))
            continue
        document.read_from = f"{source} (entry {number})"
        yield document


def _complete_entries(raw: str, feed, source: str, on_error: Callable[[InputError], None]) -> list:
    """The entries of a feed that broke off or is malformed, minus the ones it cut short: a truncated
    download is reported (FILE:LINE) and its last, partial entry is not read as if it were whole."""
    error = feed.get("bozo_exception")
    line_of = getattr(error, "getLineNumber", None)
    if not feed.bozo or line_of is None:  # no XML error (an encoding note or a clean feed)
        return list(feed.entries)
    closed = len(re.findall(r"</(?:\w+:)?(?:item|entry)\s*>", raw, re.I))
    entries = list(feed.entries[:closed])
    cut = len(feed.entries) - len(entries)
    read = f"{len(entries)} whole {'entry' if len(entries) == 1 else 'entries'} read"
    skipped = "" if not cut else f"; the last {'one' if cut == 1 else cut}, cut short, skipped"
    on_error(
        InputError(
            f"the feed is cut off or malformed ({error.getMessage()}); {read}{skipped}", source=source, line=line_of()
        )
    )
    return entries


def _entry_date(entry) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return date(*parsed[:3]) if parsed else None
    except (TypeError, ValueError):
        return None


def _entry_body(entry) -> str:
    contents = entry.get("content") or []
    if contents:
        return max((c.get("value", "") for c in contents), key=len)
    return entry.get("summary", "")

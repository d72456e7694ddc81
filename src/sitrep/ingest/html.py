"""HTML pages → Document through trafilatura, then sitrep's own paragraph filter."""

from __future__ import annotations

import logging
from datetime import date

from ..errors import InputError
from ..model import Document
from .text import document_from_plain, parse_published

logging.getLogger("trafilatura").setLevel(logging.ERROR)


def document_from_html(
    html: str,
    *,
    doc_id: str,
    drop_boilerplate: bool = True,
    published: date | None = None,
    publisher: str | None = None,
    title: str | None = None,
    url: str | None = None,
    fmt: str = "html",
) -> Document:
    """Main text of a page (menus, share bars, comments, related links, footers gone)."""
    import trafilatura  # imported here: it takes a third of a second, and most inputs are not HTML

    extracted = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise InputError("no readable article text in this HTML", source=doc_id)
    page_date = getattr(extracted, "date", None)
    if published is None and page_date:
        try:
            published = parse_published(page_date)
        except ValueError:
            published = None
    document = document_from_plain(
        text.replace("\n", "\n\n"),
        doc_id=doc_id,
        drop_boilerplate=drop_boilerplate,
        published=published,
        publisher=publisher or getattr(extracted, "sitename", None),
        title=title or getattr(extracted, "title", None),
        url=url or getattr(extracted, "url", None),
        fmt=fmt,
        read_header_lines=True,
    )
    if document.title and document.text.startswith(document.title):
        document.text = document.text[len(document.title) :].lstrip()
    return document

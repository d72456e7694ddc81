"""Readers: files, folders, JSON lines, feeds and stdin → Documents, with bad items reported."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from ..errors import InputError, SitrepError
from ..model import Document, content_document_id
from ..settings import Options
from .feed import documents_from_feed
from .html import document_from_html
from .items import RawItem, RawLine, RawText
from .jsonl import documents_from_lines
from .sniff import sniff_format
from .text import document_from_plain, parse_published

__all__ = ["RawItem", "document_from_string", "documents_from_item", "iter_documents", "iter_items"]

READABLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".json", ".xml", ".rss", ".atom"}


def iter_documents(source: str, options: Options, on_error: Callable[[InputError], None]) -> Iterator[Document]:
    """Documents from a path, a folder (recursively) or '-' (stdin). Bad items go to on_error."""
    for item in iter_items(source, options, on_error):
        yield from documents_from_item(item, options, on_error)


def iter_items(source: str, options: Options, on_error: Callable[[InputError], None]) -> Iterator[RawItem]:
    """The input of a path, a folder (recursively) or '-' (stdin) as read, not cleaned yet: its JSON
    lines one by one, any other file whole. Unreadable files go to on_error."""
    if source == "-":
        yield from _items_from_bytes(sys.stdin.buffer.read(options.max_bytes + 1), "stdin", options, on_error)
        return
    path = Path(source)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES):
            yield from _items_from_file(child, options, on_error)
        return
    if not path.exists():
        raise InputError("no such file or folder", source=source)
    yield from _items_from_file(path, options, on_error)


def documents_from_item(item: RawItem, options: Options, on_error: Callable[[InputError], None]) -> Iterator[Document]:
    """Clean one item read by iter_items into its documents (a feed gives one per entry)."""
    if isinstance(item, RawLine):
        yield from documents_from_lines(
            [item.text], source=item.source, options=options, on_error=on_error, first_line=item.line
        )
    elif item.fmt == "feed":
        yield from documents_from_feed(item.text, source=item.source, options=options, on_error=on_error)
    else:
        try:
            document = document_from_string(item.text, doc_id=item.source, options=options, fmt=item.fmt)
            document.id = content_document_id(document.text)  # the same text from any path is one document
            document.source_path = None if item.source == "stdin" else item.source
            yield document
        except SitrepError as exc:
            on_error(exc if isinstance(exc, InputError) else InputError(str(exc), source=item.source))


def document_from_string(
    raw: str,
    *,
    doc_id: str,
    options: Options,
    fmt: str | None = None,
    published: str | date | None = None,
    publisher: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Document:
    """One document from a string of text, Markdown or HTML."""
    try:
        published_date = parse_published(published)
    except ValueError as exc:
        raise InputError(str(exc), source=doc_id) from None
    fmt = fmt or sniff_format(raw)
    common = dict(
        doc_id=doc_id,
        drop_boilerplate=options.drop_boilerplate,
        published=published_date,
        publisher=publisher,
        title=title,
        url=url,
    )
    if fmt == "html":
        return document_from_html(raw, **common)
    return document_from_plain(raw, **common, markdown=fmt == "markdown", fmt=fmt)


def _items_from_file(path: Path, options: Options, on_error) -> Iterator[RawItem]:
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            on_error(
                InputError(
                    f"file is {size:,} bytes, over the {options.max_bytes:,}-byte limit (raise it with --max-size)",
                    source=str(path),
                )
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        on_error(InputError(f"cannot read: {exc.strerror}", source=str(path)))
        return
    yield from _items_from_bytes(data, str(path), options, on_error)


def _items_from_bytes(data: bytes, name: str, options: Options, on_error) -> Iterator[RawItem]:
    if len(data) > options.max_bytes:
        on_error(InputError(f"input is over the {options.max_bytes:,}-byte limit", source=name))
        return
    try:
        text = decode_text(data)
    except InputError as exc:
        on_error(InputError(str(exc), source=name))
        return
    fmt = sniff_format(text, name)
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield RawLine(name, number, line)
    else:
        yield RawText(name, text, fmt)


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM allowed) or UTF-16 with a BOM; binary data and other encodings are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("undecodable UTF-16 text") from None
    head = data[:8192]
    if b"\x00" in head or _control_share(head) > 0.1:
        raise InputError("looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (undecodable byte at offset {exc.start})") from None


def _control_share(head: bytes) -> float:
    if not head:
        return 0.0
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(head)

"""Readers: files, folders, JSON lines, feeds and stdin → Documents, with bad items reported."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, SitrepError, unreadable
from ..model import Document, content_document_id
from ..settings import Options
from .feed import documents_from_feed
from .html import document_from_html
from .items import RawItem, RawLine, RawText
from .jsonl import documents_from_lines
from .sniff import SNIFF_LINES, looks_like_json_lines, sniff_format
from .text import DocumentFields, document_from_plain, parse_published

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
        if sys.stdin is None:
            raise InputError("standard input is closed; pipe a document in or name a file", source="-")
        yield from _items_from_stream(sys.stdin.buffer, "stdin", options, on_error)
        return
    path = Path(source)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES):
            yield from _items_from_file(child, options, on_error)
        return
    if not path.exists():
        raise InputError("no such file or folder", source=source)
    yield from _items_from_file(path, options, on_error)


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
    common = DocumentFields(
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
        if path.is_file() and size > options.max_bytes and not _may_be_json_lines(path):
            on_error(InputError(f"file is {size:,} bytes, {_over(options)}", source=str(path)))
            return
        fp = path.open("rb")
    except OSError as exc:
        on_error(InputError(f"cannot read: {exc.strerror}", source=str(path)))
        return
    with fp:
        yield from _items_from_stream(fp, str(path), options, on_error)


def _may_be_json_lines(path: Path) -> bool:
    """A JSON-lines file is read a line at a time, so only its lines are held to the size limit."""
    with path.open("rb") as fp:
        return fp.read(1).lstrip(b"\xef\xbb\xbf") in (b"{", b"[") or path.suffix.lower() in (".jsonl", ".json")


def _items_from_stream(fp: BinaryIO, name: str, options: Options, on_error) -> Iterator[RawItem]:
    """Read a file, pipe or device without ever holding more than the size limit: JSON lines a line at a
    time (each line held to the limit), any other format whole up to the limit."""
    try:
        head = _read_head_lines(fp, options.max_bytes)
        if head and head[0].startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 cannot be split on b"\n"
            yield from _items_from_bytes(_read_rest(fp, b"".join(head), options, name), name, options, on_error)
            return
        decoded = [line.decode("utf-8", "replace").lstrip("\ufeff") for line in head]
        if looks_like_json_lines(decoded):
            yield from _raw_lines(_json_lines(head, fp, name, options, on_error), name)
            return
        data = _read_rest(fp, b"".join(head), options, name)
    except _OverLimit as exc:
        on_error(InputError(str(exc), source=name))
        return
    except OSError as exc:
        on_error(InputError(f"cannot read: {exc.strerror or exc}", source=name))
        return
    yield from _items_from_bytes(data, name, options, on_error)


class _OverLimit(Exception):
    """Raised while reading: the input is over the size limit."""


def _over(options: Options) -> str:
    return f"over the {options.max_bytes:,}-byte limit (raise it with --max-size)"


def _read_head_lines(fp: BinaryIO, limit: int) -> list[bytes]:
    """The lines up to the SNIFF_LINES-th non-blank one, each read to at most limit + 1 bytes (a longer
    line, such as a binary blob or a page without line breaks, comes back cut at that size), stopping
    once more than the limit has been read."""
    lines: list[bytes] = []
    non_blank = total = 0
    while non_blank < SNIFF_LINES and total <= limit:
        line = fp.readline(limit + 1)
        if not line:
            break
        lines.append(line)
        total += len(line)
        non_blank += bool(line.strip())
    return lines


def _read_rest(fp: BinaryIO, head: bytes, options: Options, name: str) -> bytes:
    rest = fp.read(options.max_bytes + 1 - len(head)) if len(head) <= options.max_bytes else b""
    data = head + rest
    if len(data) > options.max_bytes:
        raise _OverLimit(f"input is {_over(options)}" if name == "stdin" else f"file is {_over(options)}")
    return data


def _json_lines(
    head: list[bytes], fp: BinaryIO, name: str, options: Options, on_error: Callable[[InputError], None]
) -> Iterator[str]:
    """The decoded lines of a JSON-lines stream in order; a line over the limit or not UTF-8 is reported
    and given as an empty line, so that line numbers stay right."""

    def lines() -> Iterator[bytes]:
        yield from head
        while line := fp.readline(options.max_bytes + 1):
            yield line

    for number, line in enumerate(lines(), start=1):
        if len(line) > options.max_bytes and not line.endswith(b"\n"):
            on_error(InputError(f"line is {_over(options)}", source=name, line=number))
            _skip_rest_of_line(fp)
            yield ""
            continue
        try:
            yield line.decode("utf-8").lstrip("\ufeff") if number == 1 else line.decode("utf-8")
        except UnicodeDecodeError as exc:
            on_error(
                InputError(f"not UTF-8 text (undecodable byte at column {exc.start + 1})", source=name, line=number)
            )
            yield ""


def _skip_rest_of_line(fp: BinaryIO) -> None:
    while chunk := fp.readline(1 << 20):
        if chunk.endswith(b"\n"):
            return


def _items_from_bytes(data: bytes, name: str, options: Options, on_error) -> Iterator[RawItem]:
    try:
        text = decode_text(data)
    except InputError as exc:
        on_error(InputError(str(exc), source=name))
        return
    fmt = sniff_format(text, name)
    if fmt == "jsonl":
        yield from _raw_lines(text.split("\n"), name)
    else:
        yield RawText(name, text, fmt)


def _raw_lines(lines: Iterable[str], name: str) -> Iterator[RawLine]:
    """The non-blank lines without their line breaks, numbered from 1 (a line the reader refused comes as
    an empty one)."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield RawLine(name, number, line.rstrip("\r\n"))


def documents_from_item(item: RawItem, options: Options, on_error: Callable[[InputError], None]) -> Iterator[Document]:
    """Clean one item read by iter_items into its documents (a feed gives one per entry)."""
    if isinstance(item, RawLine):
        yield from documents_from_lines(
            [item.text], source=item.source, options=options, on_error=on_error, first_line=item.line
        )
    elif item.fmt == "feed":
        yield from documents_from_feed(item.text, source=item.source, options=options, on_error=on_error)
    else:
        name = item.source
        try:
            document = document_from_string(item.text, doc_id=name, options=options, fmt=item.fmt)
            document.id = content_document_id(document.text)  # the same text from any path is one document
            document.source_path = None if name == "stdin" else name
            document.read_from = name
            yield document
        except SitrepError as exc:
            on_error(exc if isinstance(exc, InputError) else InputError(str(exc), source=name))
        except Exception as exc:  # a reader's bug on one odd file must not end the batch
            on_error(unreadable(exc, source=name))


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

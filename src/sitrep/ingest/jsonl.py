"""JSON lines → Documents (the input contract in DESIGN.md); a broken line is reported, not fatal."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from ..errors import InputError, SitrepError
from ..model import Document, content_document_id
from ..settings import Options
from .html import document_from_html
from .text import document_from_plain, parse_published


def documents_from_lines(
    lines: Iterable[str],
    *,
    source: str,
    options: Options,
    on_error: Callable[[InputError], None],
    first_line: int = 1,
) -> Iterator[Document]:
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        try:
            yield document_from_record(json.loads(line), source=source, line=number, options=options, on_error=on_error)
        except json.JSONDecodeError as exc:
            on_error(InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", source=source, line=number))
        except SitrepError as exc:
            on_error(InputError(str(exc), source=source, line=number))


def document_from_record(
    record: object, *, source: str, line: int, options: Options, on_error: Callable[[InputError], None]
) -> Document:
    if not isinstance(record, dict):
        raise InputError("a JSON line must be an object with 'id' and 'text' or 'html'")
    body = record.get("text") if record.get("text") is not None else record.get("html")
    if not isinstance(body, str) or not body.strip():
        raise InputError("the object has no 'text' or 'html' string")
    declared = record.get("id")
    doc_id = str(declared) if declared not in (None, "") else f"{source}:{line}"
    try:
        published = parse_published(record.get("published"))
    except ValueError as exc:
        on_error(InputError(f"{exc}; document {doc_id} kept without a date", source=source, line=line))
        published = None
    common = dict(
        doc_id=doc_id,
        drop_boilerplate=options.drop_boilerplate,
        published=published,
        publisher=record.get("publisher"),
        title=record.get("title"),
        url=record.get("url"),
    )
    if record.get("text") is None:
        document = document_from_html(body, **common, fmt="jsonl")
    else:
        document = document_from_plain(body, **common, fmt="jsonl")
    if declared in (None, ""):
        document.id = content_document_id(document.text)  # known by its text, not by the file it sits in
    return document

"""JSON lines → Documents (the input contract in DESIGN.md); a broken line is reported, not fatal.

Every record is checked at the edge: `id` a string or a whole number, `text`/`html` a string, the
metadata strings of bounded length. A bad metadata field is reported and the document kept without
it; a bad id or body loses only that line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from ..errors import InputError, SitrepError, unreadable
from ..model import Document, content_document_id
from ..settings import Options
from .html import document_from_html
from .text import DocumentFields, document_from_plain, parse_published

MAX_ID_CHARS = 1_000
MAX_METADATA_CHARS = 2_000  # a title, publisher name or URL longer than this is not one
MAX_NUMBER_DIGITS = 40


class OversizedNumber(int):
    """A JSON integer too long to be anything but noise; parsed as 0, described by its length."""

    digits: int

    def __new__(cls, digits: int) -> OversizedNumber:
        number = super().__new__(cls, 0)
        number.digits = digits
        return number


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
            record = json.loads(line, parse_int=_bounded_int)
        except json.JSONDecodeError as exc:
            on_error(InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", source=source, line=number))
            continue
        except RecursionError:
            on_error(InputError("JSON nested too deeply to be a document", source=source, line=number))
            continue
        try:
            document = document_from_record(record, source=source, line=number, options=options, on_error=on_error)
        except SitrepError as exc:
            on_error(InputError(str(exc), source=source, line=number))
            continue
        except Exception as exc:  # a reader's bug on one odd record must not end the batch
            on_error(unreadable(exc, source=source, line=number))
            continue
        yield document


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_NUMBER_DIGITS else OversizedNumber(digits)


def document_from_record(
    record: object, *, source: str, line: int, options: Options, on_error: Callable[[InputError], None]
) -> Document:
    if not isinstance(record, dict):
        raise InputError(f"a JSON line must be an object with 'id' and 'text' or 'html', not {_kind(record)}")
    field = "text" if record.get("text") is not None else "html"
    body = record.get(field)
    if body is not None and not isinstance(body, str):
        raise InputError(f"'{field}' must be a string, not {_kind(body)}")
    if not isinstance(body, str) or not body.strip():
        raise InputError("the object has no 'text' or 'html' string")
    declared = record.get("id")
    doc_id = _document_id(declared, f"{source}:{line}")

    def report(message: str) -> None:
        on_error(InputError(f"{message}; document {doc_id} kept without it", source=source, line=line))

    try:
        published = parse_published(_published_value(record.get("published")))
    except ValueError as exc:
        report(str(exc))
        published = None
    common = DocumentFields(
        doc_id=doc_id,
        drop_boilerplate=options.drop_boilerplate,
        published=published,
        title=_metadata(record, "title", report),
        publisher=_metadata(record, "publisher", report),
        url=_metadata(record, "url", report),
    )
    if field == "html":
        document = document_from_html(body, **common, fmt="jsonl")
    else:
        document = document_from_plain(body, **common, fmt="jsonl")
    if declared is None or declared == "":
        document.id = content_document_id(document.text)  # known by its text, not by the file it sits in
    document.read_from = f"{source}:{line}"
    return document


def _document_id(value: object, fallback: str) -> str:
    if value is None or value == "":
        return fallback
    if isinstance(value, OversizedNumber) or isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(f"'id' must be a string or a whole number, not {_kind(value)}")
    doc_id = str(value)
    if len(doc_id) > MAX_ID_CHARS:
        raise InputError(f"'id' is {len(doc_id):,} characters long; at most {MAX_ID_CHARS:,} are allowed")
    return doc_id


def _published_value(value: object) -> str | int | None:
    if value is None or isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value if not isinstance(value, OversizedNumber) else "a number of many digits"
    raise ValueError(f"'published' must be a date string such as 2020-07-07, not {_kind(value)}")


def _metadata(record: dict, name: str, report: Callable[[str], None]) -> str | None:
    value = record.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        report(f"'{name}' must be a string, not {_kind(value)}")
        return None
    if len(value) > MAX_METADATA_CHARS:
        report(f"'{name}' is {len(value):,} characters long (at most {MAX_METADATA_CHARS:,})")
        return None
    return value


def _kind(value: object) -> str:
    if isinstance(value, OversizedNumber):
        return f"a number of {value.digits:,} digits"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "a string"
    return "null"

"""The one place that chains the stages: read → clean → extract → geocode → store.

CLI, API and evaluation call these functions; the stages never call each other sideways.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from . import registry
from .errors import InputError
from .model import Coder, Document, Event
from .settings import Options

if TYPE_CHECKING:
    from .ingest.items import RawItem

log = logging.getLogger(__name__)

_coders: dict[str, Coder] = {}


def get_coder(options: Options) -> Coder:
    """The configured coder, built once per process and name."""
    coder = _coders.get(options.coder)
    if coder is None:
        factory = registry.load("sitrep.coders", options.coder)
        coder = factory(options)
        _coders[options.coder] = coder
    return coder


def find_places(document: Document, options: Options):
    """The document's toponyms, resolved against the gazetteer under options.home."""
    from .geo import find_toponyms
    from .geo.gazetteer import Gazetteer

    gazetteer = Gazetteer.open(options.home)
    return find_toponyms(document.text, gazetteer, country=options.country)


def build_gazetteer(options: Options) -> None:
    """Build the default gazetteer index under options.home if there is none yet (before workers start,
    so that they do not all build it at once)."""
    from .geo.gazetteer import ensure_index

    ensure_index(options.home)


def load_resources(options: Options) -> None:
    """Build the coder and read the gazetteer index into memory now: once per process, at a worker's start."""
    from .geo.gazetteer import Gazetteer

    get_coder(options)
    Gazetteer.open(options.home).keys()


def extract_document(document: Document, options: Options | None = None) -> list[Event]:
    """Events of one document: find its places, then let the coder assemble events."""
    options = options or Options()
    toponyms = find_places(document, options)
    return get_coder(options).code(document, toponyms)


def extract_documents(
    documents: Iterable[Document], options: Options | None = None
) -> Iterator[tuple[Document, list[Event]]]:
    """Each document with its events, lazily, in input order."""
    options = options or Options()
    for document in documents:
        yield document, extract_document(document, options)


def read_documents(
    sources: Iterable[str], options: Options, on_error: Callable[[InputError], None]
) -> Iterator[Document]:
    """Documents from files, directories, JSON lines or '-' (stdin); bad items go to on_error."""
    from .ingest import iter_documents

    for source in sources:
        try:
            yield from iter_documents(source, options, on_error)
        except InputError as exc:
            on_error(exc)


def read_items(sources: Iterable[str], options: Options, on_error: Callable[[InputError], None]) -> Iterator[RawItem]:
    """The inputs as read but not cleaned yet (see ingest.items), for cleaning elsewhere (a Dask worker)."""
    from .ingest import iter_items

    for source in sources:
        try:
            yield from iter_items(source, options, on_error)
        except InputError as exc:
            on_error(exc)


def read_document(raw: str, *, doc_id: str, options: Options, fmt: str | None = None, **origin) -> Document:
    """One document from a string (as the API receives it), cleaned as a file of that format would be;
    `origin` takes published, publisher, title and url."""
    from .ingest import document_from_string

    return document_from_string(raw, doc_id=doc_id, options=options, fmt=fmt, **origin)


def extract_events(
    text: str,
    *,
    published: str | date | None = None,
    publisher: str | None = None,
    doc_id: str = "text",
    options: Options | None = None,
) -> list[Event]:
    """Library entry point: the events a text reports, coded and geocoded."""
    from .ingest import document_from_string

    options = options or Options()
    document = document_from_string(text, doc_id=doc_id, options=options, published=published, publisher=publisher)
    return extract_document(document, options)

"""The one place that chains the stages: read → clean → extract → geocode → store.

CLI, API and evaluation call these functions; the stages never call each other sideways.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from . import registry
from .errors import ConfigError, InputError
from .model import Coder, Document, Event
from .settings import Options

log = logging.getLogger(__name__)

_coders: dict[str, Coder] = {}


def get_coder(options: Options) -> Coder:
    """The configured coder, built once per process and set of options: a coder reads its options when
    built, so other options (another `history_days`, another country) need a coder of their own."""
    key = repr(options)
    coder = _coders.get(key)
    if coder is None:
        factory = registry.load("sitrep.coders", options.coder)
        coder = factory(options)
        _coders[key] = coder
    return coder


def find_places(document: Document, options: Options):
    """The document's toponyms, resolved against the gazetteer under options.home."""
    from .geo import find_toponyms
    from .geo.gazetteer import Gazetteer

    gazetteer = Gazetteer.open(options.home)
    return find_toponyms(document.text, gazetteer, country=options.country)


def extract_document(document: Document, options: Options | None = None) -> list[Event]:
    """Events of one document: find its places, then let the coder assemble events."""
    options = options or Options()
    toponyms = find_places(document, options)
    return get_coder(options).code(document, toponyms)


def explain_document(document: Document, options: Options | None = None) -> list[str]:
    """Why each sentence of a document became an event or did not, for coders that can say so."""
    options = options or Options()
    coder = get_coder(options)
    explain = getattr(coder, "explain", None)
    if explain is None:
        raise ConfigError(f"the {options.coder!r} coder cannot explain its decisions (--explain)")
    return explain(document, find_places(document, options))


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

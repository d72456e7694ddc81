"""The one place that chains the stages: read → clean → extract → geocode → store.

CLI, API and evaluation call these functions; the stages never call each other sideways.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date

from . import registry
from .errors import InputError, SitrepError, describe
from .model import Coder, Document, Event, make_event_id
from .settings import Options

log = logging.getLogger(__name__)

WINDOW_CHARS = 20_000  # longer texts are coded in windows this size (bench/doc_length.py measures why)
MAX_FIGURE = 1_000_000_000  # no count of people or things in a report goes beyond this

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


def extract_document(document: Document, options: Options | None = None) -> list[Event]:
    """Events of one document: find its places, then let the coder assemble events. A long document is
    read in windows of about WINDOW_CHARS that end at paragraph breaks, so that the work grows linearly
    with its length; every event and claim still points into the whole text. Figures beyond MAX_FIGURE
    are capped, with a warning."""
    options = options or Options()
    if len(document.text) <= WINDOW_CHARS:
        events = get_coder(options).code(document, find_places(document, options))
    else:
        events = _extract_in_windows(document, options)
    _cap_figures(events, document)
    return events


def extract_documents(
    documents: Iterable[Document],
    options: Options | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[tuple[Document, list[Event]]]:
    """Each document with its events, lazily, in input order. With on_error, a document whose extraction
    fails is reported there (where it was read, and why) and skipped, and the others go on; a SitrepError
    (a missing coder, a broken gazetteer) ends the run, since every document would fail alike."""
    options = options or Options()
    for document in documents:
        try:
            events = extract_document(document, options)
        except SitrepError:
            raise
        except Exception as exc:
            if on_error is None:
                raise
            log.debug("extraction failed on %s", document.id, exc_info=True)
            where = document.read_from or document.id
            on_error(InputError(f"could not extract events ({describe(exc)}); skipped", source=where))
            continue
        yield document, events


def text_windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) spans covering the text in order, each at most `size` characters, cut at the last
    paragraph break in the second half of a window, else at a sentence end, else at a space."""
    spans = []
    start = 0
    while len(text) - start > size:
        low, high = start + size // 2, start + size
        end = _last_break(text, low, high)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _last_break(text: str, low: int, high: int) -> int:
    paragraph = text.rfind("\n\n", low, high)
    if paragraph >= 0:
        return paragraph + 2
    sentence = max(text.rfind(mark, low, high - 1) for mark in (". ", "! ", "? ", ".\n"))
    if sentence >= 0:
        return sentence + 2
    space = max(text.rfind(" ", low, high), text.rfind("\n", low, high))
    return space + 1 if space >= 0 else high


def _extract_in_windows(document: Document, options: Options) -> list[Event]:
    coder = get_coder(options)
    events: list[Event] = []
    for start, end in text_windows(document.text):
        window = replace(document, text=document.text[start:end], title=None)
        for event in coder.code(window, find_places(window, options)):
            _shift(event, start)
            events.append(event)
    if not events and document.title:  # as for a short text: only the headline reports an event
        events = coder.code(replace(document, text=""), [])
    for ordinal, event in enumerate(events):
        event.event_id = make_event_id(document.id, document.content_hash, ordinal)
    return events


def _shift(event: Event, offset: int) -> None:
    if event.start_char is not None:
        event.start_char += offset
    if event.end_char is not None:
        event.end_char += offset
    for claim in event.claims:
        if claim.start_char is not None:
            claim.start_char += offset
        if claim.end_char is not None:
            claim.end_char += offset


def _cap_figures(events: list[Event], document: Document) -> None:
    capped: list[int] = []

    def cap(value: int | None) -> int | None:
        if value is not None and value > MAX_FIGURE:
            capped.append(value)
            return MAX_FIGURE
        return value

    for event in events:
        event.fatalities = cap(event.fatalities) or 0
        event.fatalities_low = cap(event.fatalities_low)
        event.fatalities_best = cap(event.fatalities_best)
        event.fatalities_high = cap(event.fatalities_high)
        for claim in event.claims:
            claim.value = cap(claim.value) or 0
            claim.value_high = cap(claim.value_high)
    if capped:
        where = document.read_from or document.id
        log.warning(
            "%s: a figure of %s is beyond any count; capped at %s", where, f"{max(capped):,}", f"{MAX_FIGURE:,}"
        )


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

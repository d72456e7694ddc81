"""The one place that chains the stages: read → clean → extract → geocode → store → merge.

CLI, API and evaluation call these functions; the stages never call each other sideways.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import registry
from .errors import ConfigError, InputError, SitrepError, describe
from .model import Coder, Document, Event, make_event_id
from .settings import Options

if TYPE_CHECKING:
    from .ingest.items import RawItem
    from .report import Outline, ReportScope
    from .store import SaveResult, Store

log = logging.getLogger(__name__)

WINDOW_CHARS = 20_000  # longer texts are coded in windows this size (bench/doc_length.py measures why)
MAX_FIGURE = 1_000_000_000  # no count of people or things in a report goes beyond this

_coders: dict[tuple, Coder] = {}  # by coder name, home and every option (all of them hashable)


def get_coder(options: Options) -> Coder:
    """The configured coder, built once per process and set of options: a coder reads its options when
    built, so other options (another `history_days`, another country) need a coder of their own, and a
    trained model's name finds its model under the options' home."""
    key = (options.coder, str(options.home), *(getattr(options, name) for name in Options.__slots__))
    coder = _coders.get(key)
    if coder is None:
        factory = registry.load("sitrep.coders", options.coder, home=options.home)
        coder = factory(options)
        _coders[key] = coder
    return coder


def save_training(run, *, resources: bool = True) -> list:
    """Write what `sitrep train` learned (learn.train.TrainingRun) and forget what this process loaded
    from the files it replaces: the actor catalogue, a coder of the model's name (publisher profiles are
    read again when their files change)."""
    from .extract.actors import reload_catalog
    from .learn.train import save_run

    written = save_run(run, resources=resources)
    reload_catalog()
    for key in [k for k in _coders if k[:2] == (run.name, str(run.home))]:
        del _coders[key]
    return written


def find_places(document: Document, options: Options):
    """The document's toponyms, resolved against the gazetteer under options.home."""
    from .geo.gazetteer import Gazetteer
    from .geo.toponyms import find_toponyms  # not through sitrep.geo's lazy names: once a document

    gazetteer = Gazetteer.open(options.home)
    return find_toponyms(document.text, gazetteer, country=options.country)


def build_gazetteer(options: Options) -> None:
    """Build the default gazetteer index under options.home if there is none yet (before workers start,
    so that they do not all build it at once)."""
    from .geo.index import ensure_index

    ensure_index(options.home)


def load_resources(options: Options) -> None:
    """Build the coder and read the gazetteer index into memory now: once per process, at a worker's start."""
    from .geo.gazetteer import Gazetteer

    get_coder(options)
    Gazetteer.open(options.home).keys()


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


def explain_document(document: Document, options: Options | None = None) -> list[str]:
    """Why each sentence of a document became an event or did not, for coders that can say so."""
    options = options or Options()
    coder = get_coder(options)
    explain = getattr(coder, "explain", None)
    if explain is None:
        raise ConfigError(f"the {options.coder!r} coder cannot explain its decisions (--explain)")
    return explain(document, find_places(document, options))


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
    digest = document.content_hash  # a property that hashes the whole text: once, not once per event
    for ordinal, event in enumerate(events):
        event.event_id = make_event_id(document.id, digest, ordinal)
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


def store_document(store: Store, document: Document, events: list[Event]) -> SaveResult:
    """Store a document and its events and merge them into canonical events, in one transaction.

    The store's write lock is held throughout, so concurrent ingests never both open a cluster.
    """
    return store_documents(store, [(document, events)])[0]


def store_documents(store: Store, coded: list[tuple[Document, list[Event]]]) -> list[SaveResult]:
    """Store and merge several documents, in order, as store_document does each, in one transaction:
    one commit for all (a distributed ingest's client writes a batch so). All are stored, or none."""
    from .merge import update_clusters

    results = []
    with store.writing() as session:
        for document, events in coded:
            result = session.save_document(document, events)
            if result.status != "unchanged":
                update_clusters(session, result.stored_events, result.retired_event_ids)
            results.append(result)
    return results


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


def report_events(
    date_from: date,
    date_to: date,
    *,
    admin1: tuple[str, ...] = (),
    event_types: tuple[str, ...] = (),
    db_url: str | None = None,
) -> list[Event]:
    """The canonical events a situation report covers: dated in the period, in any of the governorates and
    types. The same events and filters as `sitrep events`, so the report's figures are that command's figures.
    """
    from .store import EventFilter, Store

    store = Store.open(db_url)
    try:
        found: dict[str, Event] = {}
        for place in admin1 or (None,):
            for event_type in event_types or (None,):
                filters = EventFilter(date_from=date_from, date_to=date_to, admin1=place, event_type=event_type)
                for event in store.query_clusters(filters):
                    found.setdefault(event.event_id, event)
        return list(found.values())
    finally:
        store.close()


def write_situation_report(
    scope: ReportScope, output: Path, *, db_url: str | None = None, profile_files: tuple[Path, ...] = ()
) -> list[Path]:
    """Query the store for the scope and the period before it, build the report, write it; the files written."""
    from .merge.settings import merge_settings
    from .profiles import load_profiles
    from .report import build_report, write_report

    def events_of(s: ReportScope) -> list[Event]:
        return report_events(s.date_from, s.date_to, admin1=s.admin1, event_types=s.event_types, db_url=db_url)

    previous = scope.previous()
    report = build_report(
        events_of(scope),
        scope,
        load_profiles(extra_files=profile_files),
        previous_events=events_of(previous) if previous else None,
        conflict_ratio=merge_settings().conflict_ratio,
    )
    return write_report(report, output, report_outlines())


def report_outlines() -> list[Outline]:
    """The country and governorate outlines drawn under a report's map (the dashboard's own)."""
    from .countries import iso2_by_name
    from .geo.gazetteer import admin1_name
    from .geo.outlines import outlines
    from .report import Outline

    found = []
    for feature in outlines()["features"]:
        level, name, country = (feature["properties"][k] for k in ("level", "name", "country"))
        if level == "admin1":  # the governorate as the events spell it: "Dayr Az Zawr" is Deir-ez-Zor
            name = admin1_name(iso2_by_name().get(country), re.sub(r"\s*\(.*\)", "", name)) or name
        found.append(Outline(name, _outer_rings(feature["geometry"]), level, country))
    return found


def _outer_rings(geometry: dict) -> tuple[tuple[tuple[float, float], ...], ...]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return tuple(tuple(map(tuple, polygon[0])) for polygon in polygons)

"""The one place that chains the stages: read → clean → extract → geocode → store → merge.

CLI, API and evaluation call these functions; the stages never call each other sideways.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import registry
from .errors import InputError
from .model import Coder, Document, Event
from .settings import Options

if TYPE_CHECKING:
    from .ingest.items import RawItem
    from .report import Outline, ReportScope
    from .store import SaveResult, Store

log = logging.getLogger(__name__)

_coders: dict[str, Coder] = {}


def get_coder(options: Options) -> Coder:
    """The configured coder, built once per process, name and home (a trained model's name finds its model)."""
    key = (options.coder, str(options.home))
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
    _coders.pop((run.name, str(run.home)), None)
    return written


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


def store_document(store: Store, document: Document, events: list[Event]) -> SaveResult:
    """Store a document and its events and merge them into canonical events, in one transaction.

    The store's write lock is held throughout, so concurrent ingests never both open a cluster.
    """
    from .merge import update_clusters

    with store.writing() as session:
        result = session.save_document(document, events)
        if result.status != "unchanged":
            update_clusters(session, result.stored_events, result.retired_event_ids)
    return result


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
    """The stored events a situation report covers: dated in the period, in any of the governorates and types.

    The same filters as `sitrep events`, so the report's figures are that command's figures.
    """
    from .store import EventFilter, Store

    store = Store.open(db_url)
    try:
        found: dict[str, Event] = {}
        for place in admin1 or (None,):
            for event_type in event_types or (None,):
                filters = EventFilter(date_from=date_from, date_to=date_to, admin1=place, event_type=event_type)
                for event in store.query_events(filters):
                    found.setdefault(event.event_id, event)
        return list(found.values())
    finally:
        store.close()


def write_situation_report(
    scope: ReportScope, output: Path, *, db_url: str | None = None, profile_files: tuple[Path, ...] = ()
) -> list[Path]:
    """Query the store for the scope and the period before it, build the report, write it; the files written."""
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

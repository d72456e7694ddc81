"""Speculative merging without Dask: batches merged against snapshots that miss the batch written
just before them, applied by the client's writer when still valid and merged again when not, leave
the store a plain ingest leaves; reprints that arrive close together make the check fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.ingest import documents_from_item
from sitrep.scale.worker import Outcome, speculate
from sitrep.scale.writer import SpeculativeWriter, ToWrite
from sitrep.settings import Options
from sitrep.store import Store

from .corpus import report
from .store_dump import dump_store


def corpus_with_reprints() -> list[dict]:
    """Invented reports, some reprinted by another outlet one to four places later, and a correction
    of one report (a second revision of the same id) further on."""
    records = [report(n) for n in range(30)]
    for n, later in ((2, 1), (5, 3), (9, 4), (14, 2), (20, 1)):
        reprint = dict(records[n], id=f"reprint-{n}", publisher="Coastal Daily")
        records.insert(records.index(next(r for r in records if r["id"] == report(n)["id"])) + later, reprint)
    corrected = dict(records[3], text=records[3]["text"] + " Two more bodies were found under the rubble.")
    records.insert(20, corrected)
    return records


def coded(records: list[dict], options: Options, folder: Path) -> list[tuple]:
    source = folder / "input.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    result = []
    for item in pipeline.read_items([str(source)], options, lambda exc: None):
        for document in documents_from_item(item, options, lambda exc: None):
            result.append((document, pipeline.extract_document(document, options)))
    return result


def speculative_ingest(url: str, documents: list[tuple], batch: int, *, intruder=None) -> SpeculativeWriter:
    """Each batch speculated against the store before the batch ahead of it is written (a lag of one);
    `intruder(store)`, when given, writes into the store behind the writer's back after batch 2."""
    store = Store.open(url)
    writer = SpeculativeWriter(store)
    writer.start()
    pending: list[ToWrite] = []
    try:
        for index, start in enumerate(range(0, len(documents), batch)):
            outcomes = [Outcome("input.jsonl", d, events) for d, events in documents[start : start + batch]]
            marks = speculate(outcomes, url)
            if pending:
                writer.write(pending, floor=0)
            if intruder is not None and index == 2:
                intruder(store)
            pending = [ToWrite(o.document, o.events, o.speculated, marks, (index, 0)) for o in outcomes]  # type: ignore[arg-type]
        writer.write(pending, floor=0)
    finally:
        store.close()
    return writer


@pytest.fixture(scope="module")
def documents(sitrep_home, tmp_path_factory):
    return coded(corpus_with_reprints(), Options(home=sitrep_home), tmp_path_factory.mktemp("corpus"))


def plain_store(url: str, documents: list[tuple]) -> dict:
    store = Store.open(url)
    try:
        for document, events in documents:
            pipeline.store_document(store, document, events)
    finally:
        store.close()
    return dump_store(url)


def test_stale_speculations_are_merged_again_and_the_store_is_a_plain_runs(documents, tmp_path):
    expected = plain_store(f"sqlite:///{tmp_path / 'plain.db'}", documents)
    url = f"sqlite:///{tmp_path / 'speculated.db'}"
    writer = speculative_ingest(url, documents, batch=4)

    assert dump_store(url) == expected
    assert len(expected["cluster_links"]) >= 5  # the reprints joined their originals
    counts = writer.counts
    assert counts.applied + counts.failed_check + counts.not_speculated == len(documents)
    assert counts.applied > len(documents) // 2
    assert counts.failed_check >= 1  # a reprint whose original was in the batch its snapshot missed


def test_a_batch_merged_in_order_against_one_snapshot_needs_no_merging_again(documents, tmp_path):
    """Batches as large as the corpus: every document sees those before it in the worker's overlay."""
    expected = plain_store(f"sqlite:///{tmp_path / 'plain.db'}", documents)
    url = f"sqlite:///{tmp_path / 'speculated.db'}"
    writer = speculative_ingest(url, documents, batch=len(documents))

    assert dump_store(url) == expected
    assert writer.counts.failed_check == 0
    assert writer.counts.not_speculated == 1  # the correction: a new revision of a document earlier in the batch


def test_a_document_listed_twice_in_a_batch_is_speculated_as_stored_the_second_time(sitrep_home, tmp_path):
    """A feed that lists an article twice: the second copy is found stored as it is in the worker's
    overlay, as a plain run finds it in the store, and its speculation is applied."""
    records = [report(n) for n in range(6)]
    records.insert(4, dict(records[1]))
    documents = coded(records, Options(home=sitrep_home), tmp_path)
    expected = plain_store(f"sqlite:///{tmp_path / 'plain.db'}", documents)
    url = f"sqlite:///{tmp_path / 'speculated.db'}"
    writer = speculative_ingest(url, documents, batch=len(documents))

    assert dump_store(url) == expected
    assert (writer.counts.applied, writer.counts.not_speculated) == (len(documents), 0)


def test_another_writer_makes_older_snapshots_untrusted(documents, tmp_path, sitrep_home):
    reprint = dict(report(3), id="from-elsewhere", publisher="Coastal Daily")
    extra = coded([reprint], Options(home=sitrep_home), tmp_path)

    def intruder(store: Store) -> None:
        pipeline.store_document(store, *extra[0])

    plain = documents[:8] + extra + documents[8:]  # where the other writer's document landed
    expected = plain_store(f"sqlite:///{tmp_path / 'plain.db'}", plain)
    url = f"sqlite:///{tmp_path / 'speculated.db'}"
    writer = speculative_ingest(url, documents, batch=4, intruder=intruder)

    assert dump_store(url) == expected
    assert writer.counts.failed_check >= 4  # the batch speculated before the other writer wrote


def test_a_candidate_left_unlinked_is_no_part_of_what_a_merge_read(sitrep_home, tmp_path):
    """A reprint in the batch a snapshot missed rewrites its original's membership; a later report of
    another kind of event on the same day and in the same city found the original among its candidates
    but did not link to it, so its merge reads the same either way and its speculation is applied."""
    original = report(0)  # shelling of Aleppo on a Monday
    reprint = dict(original, id="reprint-of-0", publisher="Coastal Daily")
    arrests = {
        "id": "arrests-same-day",
        "title": "Arrests in Aleppo",
        "text": "Police detained 4 shopkeepers in the old souk of Aleppo on Monday, a trade union said. "
        "Their families had no news of them by the evening.",
        "published": original["published"],
        "publisher": "Plains Wire",
    }
    fillers = [report(n) for n in (1, 2, 3, 5, 6, 7, 11, 12, 13, 15, 16)]  # other cities and days
    records = [original, *fillers[:7], reprint, *fillers[7:], arrests]
    documents = coded(records, Options(home=sitrep_home), tmp_path)
    assert {e.admin1 for e in documents[0][1]} == {e.admin1 for e in documents[-1][1]}  # the same governorate
    expected = plain_store(f"sqlite:///{tmp_path / 'plain.db'}", documents)
    url = f"sqlite:///{tmp_path / 'speculated.db'}"
    writer = speculative_ingest(url, documents, batch=4)  # the arrests' snapshot misses the reprint's batch

    assert dump_store(url) == expected
    assert len(expected["cluster_links"]) == 1  # the reprint joined its original, the arrests did not
    assert writer.counts.failed_check == 0

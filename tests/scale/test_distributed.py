"""Distributed ingest on a local cluster of two workers: the same store as a plain run, failures
reported by document while the run goes on, and a second run that codes nothing again."""

from __future__ import annotations

import json

from click.testing import CliRunner

from sitrep import pipeline
from sitrep.cli import cli
from sitrep.scale import DistributedIngest, WorkOrder
from sitrep.settings import Options
from sitrep.store import Store

from .corpus import report, write_corpus
from .store_dump import dump_store


def plain_ingest(sources: list[str], url: str) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--db", url, *sources])
    assert result.exit_code in (0, 1), result.output  # 1: the corpus has a broken line on purpose


def dask_ingest(client, sources: list[str], url: str, options: Options, errors: list | None = None):
    errors = [] if errors is None else errors
    store = Store.open(url)
    try:
        ingest = DistributedIngest(client, store, WorkOrder(options), on_error=errors.append, batch_items=4)
        return ingest.run(pipeline.read_items(sources, options, errors.append))
    finally:
        store.close()


def another_store_like(url: str, tmp_path) -> str:
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'another.db'}"
    from tests.postgres_server import fresh_database

    return fresh_database(url.rsplit("/", 1)[0] + "/postgres")


def test_two_workers_leave_the_store_a_plain_run_leaves(dask_client, tmp_path, sitrep_home, store_url):
    """On SQLite and on PostgreSQL: documents, revisions, events, claims and canonical events alike."""
    corpus = write_corpus(tmp_path / "corpus", 40)
    plain_url, dask_url = store_url, another_store_like(store_url, tmp_path)
    plain_ingest([str(corpus)], plain_url)
    errors: list = []
    tally = dask_ingest(dask_client, [str(corpus)], dask_url, Options(home=sitrep_home), errors)

    assert len(tally.worker_cpu_seconds) == 2  # both workers took batches
    assert tally.written_by == ("client" if store_url.startswith("sqlite") else "workers")
    assert tally.counts == {"new": 42, "revision": 1}
    assert [str(e) for e in errors] == [f"{corpus / 'reports.jsonl'}:21: not valid JSON (Expecting value at column 26)"]
    expected, got = dump_store(plain_url), dump_store(dask_url)
    assert len(expected["events"]) > 25 and len(expected["claims"]) > 25  # the comparison has substance
    assert got == expected
    assert len(expected["clusters"]) > 10  # merging ran in both
    current = Store.open(dask_url).get_document("invented-0001")
    assert current["revision"] == 2 and current["text"].endswith("at dusk on the same day.")


def test_a_second_run_finds_everything_stored_and_codes_nothing_again(dask_client, tmp_path, sitrep_home):
    corpus = write_corpus(tmp_path / "corpus", 24, extras=False)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    options = Options(home=sitrep_home)
    first = dask_ingest(dask_client, [str(corpus)], url, options)
    before = dump_store(url)
    second = dask_ingest(dask_client, [str(corpus)], url, options)

    assert first.counts == {"new": 24} and second.counts == {"unchanged": 24}
    assert dump_store(url) == before
    assert first.coded == 24 and second.coded == 0  # cleaned and recognised, not coded again


def test_a_failing_document_is_reported_with_its_id_and_the_run_goes_on(dask_client, tmp_path, sitrep_home):
    records = [report(n) for n in range(12)]
    records[3]["text"] += " FAULTWORD-RAISE"
    records[8]["text"] += " FAULTWORD-EXIT"  # kills the worker that codes it; the cluster restarts it
    source = tmp_path / "faulty.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    errors: list = []
    tally = dask_ingest(dask_client, [str(source)], url, Options(home=sitrep_home, coder="faulty"), errors)

    messages = sorted(str(e) for e in errors)
    assert len(messages) == 2, messages
    assert messages[0].startswith(f"{source}:4: document invented-0003: could not extract events (ValueError: ")
    assert messages[1].startswith(f"{source}:9: the worker failed on this document")
    assert tally.counts == {"new": 10} and tally.failures == 2
    stored = Store.open(url)
    assert stored.get_document("invented-0011") is not None and stored.get_document("invented-0008") is None


def test_two_local_clusters_at_once_leave_port_8787_alone():
    """The scheduler's HTTP routes (no dashboard) go to a free loopback port, so a second cluster on the
    machine does not warn that 8787 is taken."""
    import warnings

    import distributed

    from sitrep.scale.cluster import LOCAL_SCHEDULER_HTTP

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clusters = [
            distributed.LocalCluster(
                n_workers=0, processes=False, dashboard_address=None, scheduler_kwargs=LOCAL_SCHEDULER_HTTP
            )
            for _ in range(2)
        ]
        try:
            ports = {cluster.scheduler.http_server.port for cluster in clusters}
        finally:
            for cluster in clusters:
                cluster.close()
    assert not [w for w in caught if "already in use" in str(w.message)]
    assert 8787 not in ports and len(ports) == 2

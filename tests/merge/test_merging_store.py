"""Merging through the store, on SQLite and on a real PostgreSQL server: incremental joins, revisions,
review decisions that hold, versions and the changed-since feed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sitrep import pipeline
from sitrep.errors import ConfigError
from sitrep.merge import merge_settings
from sitrep.merge.review import delete_event, merge_clusters, set_field, split_cluster
from sitrep.merge.update import rebuild
from sitrep.model import Document
from sitrep.store import EventFilter, Store
from tests.merge.reports import CLASH, SHELLING, SHELLING_OTHER_WORDS, report


@pytest.fixture
def store(store_url):
    opened = Store.open(store_url)
    yield opened
    opened.close()


def ingest(store, document_id, text=SHELLING, published=date(2021, 3, 9), **fields):
    document = Document(id=document_id, text=text, published=published, publisher=fields.get("source"))
    return pipeline.store_document(store, document, [report(document_id, text, **fields)])


def canonical(store, **filters):
    return store.query_clusters(EventFilter(**filters))


def test_reports_of_one_event_become_one_canonical_event_with_every_report(store):
    ingest(store, "a", killed=4, source="SANA", claimant="state media")
    ingest(store, "b", SHELLING_OTHER_WORDS, published=date(2021, 3, 10), killed=9, source="Homs Today")
    ingest(store, "c", CLASH, admin1="Aleppo", location="Afrin", latitude=36.51, longitude=36.87)
    events = canonical(store)
    assert len(events) == 2
    shelling = next(e for e in events if e.location == "Talbiseh")
    assert [(r.document_id, r.published) for r in shelling.reports] == [("a", "2021-03-09"), ("b", "2021-03-10")]
    assert shelling.reports[1].score >= merge_settings().join and shelling.reports[1].features["words"] > 0
    assert (shelling.fatalities, shelling.fatalities_high, shelling.outlets) == (4, 9, 2)
    assert len(store.query_events()) == 3  # the per-report events stay


def test_filters_apply_to_canonical_events_and_to_their_reports(store):
    ingest(store, "a", source="SANA")
    ingest(store, "b", SHELLING_OTHER_WORDS, source="Homs Today")
    assert len(canonical(store, publisher="Homs Today")) == 1
    assert len(canonical(store, text="pounded")) == 1
    assert canonical(store, admin1="Aleppo") == []
    assert len(canonical(store, event_type="Shelling/artillery/missile attack", date_from=date(2021, 3, 1))) == 1


def test_a_new_revision_moves_its_report_out_and_the_event_keeps_a_version_history(store):
    ingest(store, "a")
    ingest(store, "b", SHELLING_OTHER_WORDS, source="Homs Today")
    (merged,) = canonical(store)
    before = datetime.now(UTC)
    # b is corrected: the shelling was in another governorate
    moved = SHELLING_OTHER_WORDS.replace("Talbiseh's", "Saraqib's")
    ingest(store, "b", moved, admin1="Idleb", location="Saraqib", latitude=35.86, longitude=36.8)
    events = canonical(store)
    assert sorted(len(e.reports) for e in events) == [1, 1]
    kept = next(e for e in events if e.event_id == merged.event_id)
    assert kept.version == merged.version + 1
    history = store.cluster_history(merged.event_id)
    assert [h["version"] for h in history] == list(range(1, kept.version + 1))
    changed = store.query_clusters(EventFilter(changed_since=before))
    assert {e.event_id for e in changed} >= {merged.event_id}


def test_review_merge_split_and_set_hold_over_later_ingests_and_rebuilds(store):
    ingest(store, "a")
    clash = dict(event_type="Battles", sub_event_type="Armed clash", actor1="Faction A", actor2="Faction B")
    ingest(store, "b", CLASH, **clash)  # another event, same town
    ids = sorted(e.event_id for e in canonical(store))
    assert len(ids) == 2
    with store.writing() as session:
        merge_clusters(session, ids[0], [ids[1]], "analyst-1", "one incident, told twice")
        set_field(session, ids[0], "fatalities", "6", "analyst-1", "hospital list")
    ingest(store, "c", SHELLING_OTHER_WORDS, source="Homs Today")  # joins automatically
    ingest(store, "b", CLASH, source="Homs Today", **clash)  # a new revision
    with store.writing() as session:
        rebuild(session)
    (event,) = canonical(store)
    assert event.event_id == ids[0] and event.fatalities == 6 and event.corrections == {"fatalities": 6}
    assert {r.document_id for r in event.reports} == {"a", "b", "c"}
    assert {r.document_id for r in event.reports if r.reviewed} == {"a", "b"}
    with store.writing() as session:
        new_id, _ = split_cluster(session, ids[0], ["b"], "analyst-2", "the clash was elsewhere")
    assert sorted(len(e.reports) for e in canonical(store)) == [1, 2]
    assert {r.document_id for r in store.get_cluster(new_id).reports} == {"b"}
    log = store.review_entries()
    assert [(e["who"], e["action"]) for e in log] == [
        ("analyst-1", "merge"),
        ("analyst-1", "set"),
        ("analyst-2", "split"),
    ]
    assert log[0]["reason"] == "one incident, told twice" and log[0]["at"]


def test_deletion_is_soft_with_a_reason_and_reaches_the_changed_since_feed(store):
    ingest(store, "a")
    (event,) = canonical(store)
    before = datetime.now(UTC)
    with store.writing() as session:
        delete_event(session, event.event_id, "analyst-1", "duplicate of an older entry")
    assert canonical(store) == []
    (gone,) = store.query_clusters(EventFilter(changed_since=before))
    assert gone.deleted and gone.deletion_reason == "duplicate of an older entry"
    ingest(store, "b", SHELLING_OTHER_WORDS, source="Homs Today")  # a new report does not revive it
    assert all(e.event_id != event.event_id for e in canonical(store))


def test_review_refuses_unknown_events_fields_and_values(store):
    ingest(store, "a")
    (event,) = canonical(store)
    with store.writing() as session:
        with pytest.raises(ConfigError, match="no canonical event"):
            merge_clusters(session, "cnothere", [event.event_id], "x", None)
        with pytest.raises(ConfigError, match="cannot set 'claims'"):
            set_field(session, event.event_id, "claims", "[]", "x", None)
        with pytest.raises(ConfigError, match="fatalities takes a number"):
            set_field(session, event.event_id, "fatalities", "many", "x", None)
        with pytest.raises(ConfigError, match="not one of ACLED's sub-event types"):
            set_field(session, event.event_id, "sub_event_type", "Skirmish", "x", None)
        with pytest.raises(ConfigError, match="every report"):
            split_cluster(session, event.event_id, ["a"], "x", None)

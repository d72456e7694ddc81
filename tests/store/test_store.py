"""The store on SQLite files and a real PostgreSQL server: round trip, idempotence, revisions, filters,
full-text search, migrations, rollback, identity and unusable stores."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy import create_engine

from sitrep.errors import StoreError
from sitrep.model import Claim, Document, Event, make_event_id
from sitrep.store import EventFilter, Store
from sitrep.store.schema import MIGRATIONS


def make_document(doc_id="doc-1", text="Militants attacked an army post near Palmyra on Monday.") -> Document:
    return Document(
        id=doc_id,
        text=text,
        title="Attack near Palmyra",
        published=date(2020, 7, 7),
        publisher="SANA",
        republished_by="Levant Monitor",
    )


def make_event(document: Document, ordinal=0, **fields) -> Event:
    values = dict(
        event_date="2020-07-06",
        time_precision=1,
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Islamic State (Syria)",
        inter1=2,
        actor2="Military Forces of Syria (2000-)",
        inter2=1,
        country="Syria",
        admin1="Homs",
        location="Tadmur",
        latitude=34.56,
        longitude=38.28,
        geo_precision=1,
        fatalities=4,
        fatalities_low=4,
        fatalities_best=4,
        fatalities_high=6,
        source=document.publisher,
        sources=[document.publisher],
        text=document.text,
        start_char=0,
        end_char=len(document.text),
        coder="rules",
        claims=[
            Claim(
                kind="killed",
                value=4,
                quantifier="at_least",
                subject="soldiers",
                side="Military Forces of Syria (2000-)",
                claimant="state media",
                text=document.text,
                start_char=10,
                end_char=20,
            )
        ],
    )
    values.update(fields)
    return Event(event_id=make_event_id(document.id, document.content_hash, ordinal), document_id=document.id, **values)


@pytest.fixture
def store(store_url):
    opened = Store.open(store_url)
    yield opened
    opened.close()


def test_round_trip_keeps_every_field_and_claim(store):
    document = make_document()
    event = make_event(document)
    assert store.save_document(document, [event]).status == "new"
    (stored,) = store.query_events()
    assert stored == event


def test_same_document_twice_is_stored_once(store):
    document = make_document()
    store.save_document(document, [make_event(document)])
    result = store.save_document(document, [make_event(document)])
    assert (result.status, result.revision) == ("unchanged", 1)
    assert store.stats()["events"] == 1


def test_changed_document_becomes_a_revision_and_supersedes_old_events(store):
    first = make_document()
    store.save_document(first, [make_event(first)])
    second = make_document(text=first.text.replace("Monday", "Sunday"))
    result = store.save_document(second, [make_event(second, fatalities=6)])
    assert (result.status, result.revision) == ("revision", 2)
    assert [e.fatalities for e in store.query_events()] == [6]
    assert sorted(e.fatalities for e in store.query_events(EventFilter(include_superseded=True))) == [4, 6]
    assert store.get_document("doc-1")["revision"] == 2


def test_filters_and_full_text_search(store):
    a = make_document("a", "Shelling hit the roundabout in Azaz on Sunday.")
    b = make_document("b", "Protesters gathered in Sweida on Friday.")
    store.save_document(
        a,
        [
            make_event(
                a,
                event_date="2021-03-14",
                admin1="Aleppo",
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
            )
        ],
    )
    store.save_document(
        b,
        [
            make_event(
                b,
                event_date="2021-08-20",
                admin1="As-Sweida",
                event_type="Protests",
                sub_event_type="Peaceful protest",
                actor1="Protesters (Syria)",
                source="Suwayda 24",
            )
        ],
    )

    def ids(**filters):
        return [e.document_id for e in store.query_events(EventFilter(**filters))]

    assert ids(date_from=date(2021, 8, 1)) == ["b"]
    assert ids(date_to=date(2021, 4, 1)) == ["a"]
    assert ids(admin1="aleppo") == ["a"]
    assert ids(event_type="Protests") == ["b"] and ids(event_type="Shelling/artillery/missile attack") == ["a"]
    assert ids(actor="protesters") == ["b"]
    assert ids(publisher="Suwayda 24") == ["b"]
    assert ids(text="roundabout") == ["a"]
    assert ids(text='odd "query (with) punctuation') == []
    assert ids(limit=1) == ["a"]


def test_migration_path_from_version_one_keeps_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = Store(create_engine(url))
    assert old.migrate(until=MIGRATIONS[0][0]) == [MIGRATIONS[0][0]]
    with old.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO documents (doc_id, revision, content_hash, text, superseded, ingested_at) "
            "VALUES ('legacy', 1, 'h', 'An old report about a raid in Douma.', 0, '2020-01-01')"
        )
    old.close()
    store = Store.open(url)
    assert store.applied_migrations() == sorted(name for name, _ in MIGRATIONS)
    with sqlite3.connect(tmp_path / "old.db") as conn:
        assert conn.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'Douma'").fetchall() == [(1,)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_a_failing_document_is_rolled_back_whole(store):
    good = make_document("good")
    store.save_document(good, [make_event(good)])
    bad = make_document("bad", "Another report.")
    broken = make_event(bad, fatalities=None)  # NOT NULL column: the insert fails after the document row
    with pytest.raises(StoreError, match="could not store document bad"):
        store.save_document(bad, [broken])
    assert store.get_document("bad") is None
    assert store.stats() == {"documents": 1, "revisions": 1, "events": 1, "superseded_events": 0}


def test_unusable_database_urls_give_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="cannot use database URL"):
        Store.open("nonsense://")
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")


def test_going_back_to_an_earlier_text_makes_it_current_again(store):
    first = make_document()
    second = make_document(text=first.text.replace("Monday", "Sunday"))
    statuses = [store.save_document(d, [make_event(d)]).status for d in (first, second, first)]
    assert statuses == ["new", "revision", "revision"]
    current = store.get_document("doc-1")
    assert (current["revision"], current["text"]) == (3, first.text)
    assert [e.event_id for e in store.query_events()] == [make_event(first).event_id]


def test_a_corrected_date_publisher_or_title_is_a_revision(store):
    first = make_document()
    store.save_document(first, [make_event(first)])
    for change in ({"published": date(2020, 7, 8)}, {"publisher": "Reuters"}, {"title": "Raid near Palmyra"}):
        changed = make_document()
        for name, value in change.items():
            setattr(changed, name, value)
        assert store.save_document(changed, [make_event(changed)]).status == "revision", change
    assert store.get_document("doc-1")["revision"] == 4
    assert store.stats()["documents"] == 1


def test_a_file_that_is_not_sqlite_is_a_one_line_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match=r"notes\.db is not an SQLite database") as caught:
        Store.open(f"sqlite:///{path}")
    assert "\n" not in str(caught.value)
    assert path.read_text().startswith("these are my notes")
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(f"sqlite:///{tmp_path}")


def test_a_store_of_the_first_schema_drops_its_one_text_per_document_key(tmp_path):
    """Stores made before migration 004 had (doc_id, content_hash) unique; their A → B → A works after it."""
    from sqlalchemy import MetaData, UniqueConstraint

    from sitrep.store import schema

    url = f"sqlite:///{tmp_path / 'first.db'}"
    engine = create_engine(url)
    legacy = MetaData()
    old_documents = schema.documents.to_metadata(legacy)
    old_documents.append_constraint(UniqueConstraint("doc_id", "content_hash", name="uq_document_revision_text"))
    for table in (schema.events, schema.claims):
        table.to_metadata(legacy)
    legacy.create_all(engine)
    old = Store(engine)
    old.migrate(until="003_query_indexes")
    first = make_document()
    old.save_document(first, [make_event(first)])
    old.close()
    store = Store.open(url)
    second = make_document(text=first.text.replace("Monday", "Sunday"))
    assert [store.save_document(d, [make_event(d)]).status for d in (second, first)] == ["revision", "revision"]
    assert store.get_document("doc-1")["revision"] == 3
    with sqlite3.connect(tmp_path / "first.db") as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    store.close()


def test_a_store_from_before_admin3_gets_the_column_and_keeps_its_events(store_url):
    """Migration 010 adds events.admin3 to a store whose events table has none; its events stay."""
    old = Store(create_engine(store_url))
    old.migrate(until="009_document_fetch_times")
    first = make_document()
    old.save_document(first, [make_event(first)])
    with old.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE events DROP COLUMN admin3")  # as the table was before 010
    old.close()

    store = Store.open(store_url)
    assert "010_event_admin3" in store.applied_migrations()
    second = make_document("doc-2", "Shelling hit the market of a small town on Tuesday.")
    store.save_document(second, [make_event(second, admin2="Duma", admin3="Harasta")])
    places = {e.document_id: (e.admin2, e.admin3) for e in store.query_events()}
    assert places == {"doc-1": (None, None), "doc-2": ("Duma", "Harasta")}
    store.close()

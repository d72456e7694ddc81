"""The store keeps each event's export number: given once, per scheme, never changed."""

import pytest

from sitrep.store import Store
from tests.store.test_store import make_document, make_event


@pytest.fixture
def store(store_url):
    opened = Store.open(store_url)
    yield opened
    opened.close()


def test_numbers_are_given_once_in_order_and_kept(store):
    assert store.export_numbers("acled:SYR", ["b", "a"]) == {"b": 1, "a": 2}
    assert store.export_numbers("acled:SYR", ["c", "a", "b"]) == {"c": 3, "a": 2, "b": 1}
    assert store.export_numbers("acled:IRQ", ["a"]) == {"a": 1}
    assert store.export_numbers("ged", []) == {}


def test_change_times_of_stored_events(store):
    document = make_document()
    event = make_event(document)
    store.save_document(document, [event])
    times = store.change_times([event.event_id, "never-stored"])
    assert list(times) == [event.event_id] and times[event.event_id].tzinfo is not None

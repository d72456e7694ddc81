from pathlib import Path

import pytest

from sitrep.errors import SitrepError
from sitrep.schema import schema_errors, validate_event
from tests.store.test_store import make_document, make_event

ROOT = Path(__file__).resolve().parents[1]


def test_docs_copy_and_package_copy_are_the_same():
    assert (ROOT / "docs" / "event.schema.json").read_text() == (
        ROOT / "src" / "sitrep" / "resources" / "event.schema.json"
    ).read_text()


def test_schema_accepts_a_real_event_and_rejects_malformed_ones():
    event = make_event(make_document()).to_dict()
    validate_event(event)
    assert schema_errors({**event, "fatalities": "3"})
    assert schema_errors({**event, "sub_event_type": "Skirmish"})
    assert schema_errors({**event, "claims": [{**event["claims"][0], "kind": "hurt"}]})
    with pytest.raises(SitrepError, match="breaks the schema"):
        validate_event({**event, "latitude": 123.0})

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


def test_canonical_copies_are_the_same_and_the_schema_checks_reports():
    from sitrep.schema import canonical_schema_errors

    assert (ROOT / "docs" / "canonical_event.schema.json").read_text() == (
        ROOT / "src" / "sitrep" / "resources" / "canonical_event.schema.json"
    ).read_text()
    event = make_event(make_document()).to_dict()
    assert any("reports" in e for e in canonical_schema_errors(event))
    report = {"document_id": "doc-1", "event_id": event["event_id"], "source": "SANA", "published": "2020-07-07"}
    canonical = {**event, "event_id": "c0123456789abcde", "coder": "merge", "reports": [report], "outlets": 1}
    canonical.update(conflict=[], version=1, changed_at="2020-07-08T00:00:00+00:00", deleted=False)
    canonical.update(deletion_reason=None, corrections={})
    assert canonical_schema_errors(canonical) == []
    assert canonical_schema_errors({**canonical, "reports": []})
    assert canonical_schema_errors({**canonical, "sub_event_type": "Skirmish"})  # the Event rules hold too

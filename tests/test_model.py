"""The contract objects turn into the same plain dicts that `dataclasses.asdict` would give."""

from __future__ import annotations

from dataclasses import asdict

from sitrep.model import Claim, Event, EventCluster, Place, Report


def _claim(**changes: object) -> Claim:
    fields = {"kind": "killed", "value": 4, "claimant": "the ministry", "text": "Four died.", "start_char": 0}
    return Claim(**{**fields, **changes})  # type: ignore[arg-type]


def _event() -> Event:
    return Event(
        event_id="e1",
        document_id="d1",
        event_date="2024-05-02",
        event_type="Battles",
        sub_event_type="Armed clash",
        claims=[_claim(), _claim(kind="wounded", value=2, value_high=3)],
        sources=["Valley Courier", "Hill Radio"],
    )


def test_a_claim_and_a_place_match_asdict() -> None:
    claim = _claim(outlet="Hill Radio", document_id="d2")
    assert claim.to_dict() == asdict(claim)
    place = Place(query="Kafr Tala", name="Kafr Tala", latitude=35.1, longitude=36.2, reason="nearest town")
    assert place.to_dict() == asdict(place)


def test_an_event_matches_asdict_and_copies_its_lists() -> None:
    event = _event()
    expected = asdict(event)
    expected["claims"] = [c.to_dict() for c in event.claims]
    out = event.to_dict()
    assert out == expected and list(out) == list(expected)
    out["sources"].append("changed")
    assert event.sources == ["Valley Courier", "Hill Radio"]


def test_a_canonical_event_with_reports_and_corrections_matches_asdict() -> None:
    event = _event()
    cluster = EventCluster(
        **{name: getattr(event, name) for name in Event.__dataclass_fields__},
        reports=[Report("d1", "e1", "Valley Courier", "2024-05-02", 0.9, {"date": 1.0, "words": 0.7})],
        conflict=[{"kind": "killed", "low": {"value": 2}, "high": {"value": 9}}],
        corrections={"fatalities": 3},
    )
    expected = asdict(cluster)
    expected["claims"] = [c.to_dict() for c in cluster.claims]
    expected["reports"] = [r.to_dict() for r in cluster.reports]
    assert cluster.to_dict() == expected
    out = cluster.to_dict()
    out["conflict"][0]["low"]["value"] = 0
    out["reports"][0]["features"]["date"] = 0.0
    assert cluster.conflict[0]["low"]["value"] == 2 and cluster.reports[0].features["date"] == 1.0

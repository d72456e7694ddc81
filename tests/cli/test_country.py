"""The country of `--country` (or `Options.country`) names the coder's actors, not only the places."""

from __future__ import annotations

import json

import pytest

from sitrep.ingest import document_from_string
from sitrep.pipeline import extract_document
from sitrep.settings import Options

REPORT = (
    "The army shelled Islamic State hideouts in the desert west of the town on Wednesday, killing four "
    "militants, the defence ministry said.\n\n"
    "Turkish jets bombed a mountain village on Wednesday, wounding two farmers, a local official said."
)


def _sides(events) -> list[tuple]:
    return [(e["actor1"], e["inter1"], e["actor2"], e["inter2"], e["country"]) for e in events]


IN_IRAQ = [
    ("Military Forces of Iraq", 1, "Islamic State (Iraq)", 2, "Iraq"),
    ("Military Forces of Turkey (2016-)", 8, "Civilians (Iraq)", 7, "Iraq"),
]
IN_SYRIA = [
    ("Military Forces of Syria (2000-2024)", 1, "Islamic State (Syria)", 2, "Syria"),
    ("Military Forces of Turkey (2016-)", 8, "Civilians (Syria)", 7, "Syria"),
]


@pytest.mark.parametrize("country, expected", [("IQ", IN_IRAQ), ("iraq", IN_IRAQ), ("SY", IN_SYRIA)])
def test_the_country_option_names_the_state_forces_and_the_groups(sitrep, tmp_path, country, expected):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "r1", "published": "2021-03-10", "text": REPORT}) + "\n")
    result = sitrep("extract", "--country", country, "--format", "jsonl", str(docs))
    assert result.code == 0, result.err
    events = [json.loads(line) for line in result.out.splitlines()]
    assert _sides(events) == expected
    assert [c["side"] for e in events for c in e["claims"]] == [expected[0][2], expected[1][2]]


def test_the_pipeline_codes_in_the_options_country():
    options = Options(country="Iraq")
    document = document_from_string(REPORT, doc_id="r1", options=options, published="2021-03-10")
    assert _sides(e.to_dict() for e in extract_document(document, options)) == IN_IRAQ
    document = document_from_string(REPORT, doc_id="r1", options=Options(), published="2021-03-10")
    assert _sides(e.to_dict() for e in extract_document(document, Options(country="SY"))) == IN_SYRIA

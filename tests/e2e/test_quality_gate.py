"""Quality gate: per-field accuracy of the main event on a hand-made gold set must stay above pinned floors."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sitrep.ingest import document_from_string
from sitrep.pipeline import extract_document
from sitrep.settings import Options

GOLD = Path(__file__).parent / "gold"
FIELDS = ("event_type", "sub_event_type", "admin1", "event_date", "fatalities", "actor1")


def comparable(field: str, value):
    """Actor names compare without ACLED's year spans, as the project's scorer does."""
    if field == "actor1" and isinstance(value, str):
        return re.sub(r"\s*\(\d{4}-(\d{4})?\)", "", value).strip().lower()
    return value


def field_accuracy() -> dict[str, float]:
    options = Options()
    rows = [json.loads(line) for line in (GOLD / "articles.jsonl").read_text().splitlines() if line.strip()]
    right = dict.fromkeys(FIELDS, 0)
    for row in rows:
        document = document_from_string(
            row["text"], doc_id=row["id"], options=options, published=row["published"], publisher=row["publisher"]
        )
        events = extract_document(document, options)
        main = events[0].to_dict() if events else {}
        for field in FIELDS:
            right[field] += comparable(field, main.get(field)) == comparable(field, row["gold"][field])
    return {field: right[field] / len(rows) for field in FIELDS}


def test_main_event_fields_stay_above_their_floors():
    floors = json.loads((GOLD / "baseline.json").read_text())
    accuracy = field_accuracy()
    below = {f: (round(accuracy[f], 3), floors[f]) for f in FIELDS if accuracy[f] < floors[f]}
    assert not below, f"fields below their floor (accuracy, floor): {below}"

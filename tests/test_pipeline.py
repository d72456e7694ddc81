"""The pipeline: one document's failure is reported and skipped, figures are capped, long texts windowed."""

from __future__ import annotations

import logging

import pytest

from sitrep import registry
from sitrep.errors import ConfigError, InputError
from sitrep.extract.coder import RuleBasedCoder
from sitrep.ingest import document_from_string
from sitrep.model import Document
from sitrep.pipeline import MAX_FIGURE, WINDOW_CHARS, extract_document, extract_documents, text_windows
from sitrep.settings import Options

REPORT = (
    "Gunmen killed {n} civilians in the town of Saraqib in Idlib on Monday, activists said.\n\n"
    "Separately, an air strike hit a market in Maarat al-Numan on Tuesday, wounding {m} people."
)


def document(text: str, doc_id: str = "d", **kwargs) -> Document:
    return document_from_string(text, doc_id=doc_id, options=Options(), published="2021-05-05", **kwargs)


class FailingOnMarker(RuleBasedCoder):
    """The real coder, except that it breaks on one document, as a coder bug would."""

    name = "failing"

    def code(self, document, toponyms):
        if "MARKER" in document.text:
            raise IndexError("list index out of range")
        return super().code(document, toponyms)


def test_a_failing_document_is_reported_and_the_others_are_coded(monkeypatch):
    monkeypatch.setitem(registry._registered["sitrep.coders"], "failing", FailingOnMarker)
    options = Options(coder="failing")
    bad = document("MARKER. " + REPORT.format(n=3, m=5), doc_id="bad")
    bad.read_from = "docs.jsonl:2"
    errors: list[InputError] = []
    coded = list(
        extract_documents(
            [document(REPORT.format(n=3, m=5)), bad, document(REPORT.format(n=4, m=6), "z")], options, errors.append
        )
    )
    assert [d.id for d, _ in coded] == ["d", "z"] and all(events for _, events in coded)
    assert [str(e) for e in errors] == [
        "docs.jsonl:2: could not extract events (IndexError: list index out of range); skipped"
    ]
    with pytest.raises(IndexError):  # without a place to report to, nothing is swallowed
        list(extract_documents([bad], options))
    with pytest.raises(ConfigError):  # a missing coder ends the run: every document would fail alike
        list(extract_documents([bad], Options(coder="no-such-coder"), errors.append))


def test_figures_beyond_any_count_are_capped_with_a_warning(caplog):
    doc = document("Gunmen killed 99999999999999999999 civilians in Saraqib in Idlib on Monday.")
    doc.read_from = "docs.jsonl:7"
    with caplog.at_level(logging.WARNING, logger="sitrep.pipeline"):
        (event,) = extract_document(doc)
    assert event.claims[0].value == MAX_FIGURE and event.fatalities == MAX_FIGURE
    assert "docs.jsonl:7: a figure of 99,999,999,999,999,999,999 is beyond any count" in caplog.text
    digits = extract_document(document("Gunmen killed " + "9" * 5000 + " civilians in Saraqib on Monday."))
    assert all(claim.value <= MAX_FIGURE for event in digits for claim in event.claims)


def test_windows_cover_the_text_and_end_at_paragraph_breaks():
    paragraphs = [f"Paragraph {i} says something. " * 20 for i in range(200)]
    text = "\n\n".join(paragraphs)
    spans = text_windows(text, 5000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(0 < end - start <= 5000 for start, end in spans)
    assert all(text[end - 2 : end] == "\n\n" for _, end in spans[:-1])
    unbroken = "word " * 5000 + "x" * 12000  # no paragraph: a sentence end, a space, else a hard cut
    assert all(0 < end - start <= 5000 for start, end in text_windows(unbroken, 5000))


def test_a_long_document_is_coded_in_windows_that_point_into_its_text():
    reports = [REPORT.format(n=i + 2, m=i + 30) for i in range(2 * WINDOW_CHARS // len(REPORT) + 10)]
    doc = document("\n\n".join(reports), doc_id="long")
    assert len(doc.text) > 2 * WINDOW_CHARS
    events = extract_document(doc)
    assert len({e.event_id for e in events}) == len(events) > 2 * len(text_windows(doc.text))
    assert [e.start_char for e in events] == sorted(e.start_char for e in events)
    for event in events:
        assert doc.text[event.start_char : event.end_char].startswith(event.text[:40])
        for claim in event.claims:
            assert doc.text[claim.start_char : claim.end_char] == str(claim.value)
    killed = sorted(c.value for e in events for c in e.claims if c.kind == "killed")
    assert killed == [i + 2 for i in range(len(reports))]  # every report, across every window, once


def test_a_short_document_is_coded_whole_as_before():
    doc = document(REPORT.format(n=3, m=5), title="Gunmen kill three in Saraqib")
    direct = RuleBasedCoder(Options()).code(doc, [])
    piped = extract_document(doc)
    assert [e.event_id for e in piped] == [e.event_id for e in direct]

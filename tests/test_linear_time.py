"""A guard against catastrophic backtracking: the regular expressions run on document text stay linear
on adversarial input (repeated punctuation, capitals, digits, "al-", Markdown markers). The bounds are
generous, not speed targets (bench/doc_length.py measures speed): each input below took minutes to
hours before its pattern was fixed, and takes well under a second now."""

from __future__ import annotations

import signal
import time

import pytest

from sitrep.extract.modality import sentence_mood
from sitrep.extract.sentences import split_sentences
from sitrep.geo.regions import find_regions
from sitrep.ingest import document_from_string
from sitrep.ingest.sniff import sniff_format
from sitrep.pipeline import extract_events
from sitrep.settings import Options

BOUND_S = 10
MARKDOWN = ["[", "[a](", "](", "(", "*", "**a ", "_", "`", "#", "# a\n", ">", "- a\n", "\n", " \n", "-", "al-"]
# stage → (its adversarial inputs, their length): each stage's own markers, each at a length where the
# quadratic pattern it once had took minutes
STAGES = {
    "sentences": (split_sentences, [".", "!", "?!", "A. ", "Mr. ", "1", "1,"], 200_000),
    "moods": (sentence_mood, ["-", "'", "A", "al-", "--a "], 50_000),
    "regions": (find_regions, ["Aleppo and ", "Idlib, "], 50_000),
    "sniffing": (sniff_format, ["{", "[", "\n", "<", "{}\n"], 200_000),
    "text reader": (lambda t: document_from_string(t, doc_id="x", options=Options(), fmt="text"), MARKDOWN, 100_000),
    "markdown reader": (
        lambda t: document_from_string(t, doc_id="x", options=Options(), fmt="markdown"),
        MARKDOWN,
        100_000,
    ),
}
UNITS = sorted({unit for _, units, _ in STAGES.values() for unit in units})


def within_bound(func, text: str) -> float:
    def too_slow(signum, frame):
        raise TimeoutError(f"over {BOUND_S} s on {text[:12]!r}…: a pattern backtracks")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(BOUND_S)
    started = time.perf_counter()
    try:
        func(text)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return time.perf_counter() - started


@pytest.mark.parametrize("stage", list(STAGES))
def test_text_patterns_are_linear_on_adversarial_input(stage):
    func, units, size = STAGES[stage]
    for unit in units:
        within_bound(func, unit * (size // len(unit)))


def test_the_whole_pipeline_reads_an_adversarial_document():
    text = (
        "\n\n".join(unit * (1500 // len(unit)) for unit in UNITS)
        + "\n\nGunmen killed 3 civilians in Saraqib on Monday."
    )
    events = extract_events(text, published="2021-05-04")
    assert events and events[-1].claims[0].value == 3

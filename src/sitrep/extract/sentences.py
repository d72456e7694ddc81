"""Sentence splitting with character offsets, aware of abbreviations and paragraph breaks."""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    {
        "u.s",
        "u.n",
        "u.k",
        "gen",
        "col",
        "lt",
        "maj",
        "capt",
        "sgt",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "no",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "e.g",
        "i.e",
        "approx",
        "brig",
        "adm",
        "gov",
        "sen",
        "rep",
        "prof",
        "inc",
        "ltd",
        "co",
        "corp",
        "est",
        "al",
        "mt",
        "ft",
    }
)
# a run of end marks from its first (the lookbehind, after the first mark, says none stands before it): linear
# on ".....", and a search can skip to the next mark
BOUNDARY = re.compile(r"[.!?](?<![.!?][.!?])[.!?]*+[\"'”’)\]]*+\s+(?=[\"'“‘(\[]?[A-Z0-9])")
WORD_CHARACTERS = re.compile(r"[\w.]+")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a text in order; paragraphs (blank-line separated) never share a sentence."""
    sentences: list[Sentence] = []
    for paragraph_index, (p_start, p_end) in enumerate(_paragraph_spans(text)):
        start = p_start
        for boundary in BOUNDARY.finditer(text, p_start, p_end):
            if _is_abbreviation(text[max(start, boundary.start() - 80) : boundary.start() + 1]):
                continue
            _append(sentences, text, start, boundary.end(), paragraph_index)
            start = boundary.end()
        _append(sentences, text, start, p_end, paragraph_index)
    return sentences


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"\n\s*\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _is_abbreviation(chunk: str) -> bool:
    chunk = chunk.rstrip(".!?\"'”’)]")
    match = WORD_CHARACTERS.match(chunk[::-1])  # the word at the chunk's end, read backwards: no search
    if not match:
        return False
    word = chunk[len(chunk) - match.end() :].lower().rstrip(".")
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _append(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    offset = start + chunk.index(stripped)
    sentences.append(Sentence(stripped, offset, offset + len(stripped), paragraph))

"""Readers: formats, sniffing, header detection, boilerplate and bad input."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import document_from_string, iter_documents
from sitrep.ingest.boilerplate import is_boilerplate
from sitrep.ingest.sniff import sniff_format
from sitrep.model import content_document_id
from sitrep.settings import Options

FIXTURES = Path(__file__).parent / "fixtures"


def read(source: str, options: Options | None = None) -> tuple[list, list[InputError]]:
    errors: list[InputError] = []
    documents = list(iter_documents(source, options or Options(), errors.append))
    return documents, errors


def test_republished_roundup_keeps_both_outlets_and_drops_boilerplate():
    (document,), errors = read(str(FIXTURES / "roundup-republished.txt"))
    assert not errors
    assert document.published == date(2020, 7, 7)
    assert document.publisher == "Syria Frontline Review"
    assert document.republished_by == "Levant Monitor"
    assert document.title.startswith("Weekly round-up")
    lowered = document.text.lower()
    for gone in ("paypal", "share this article", "disclaimer", "fair use", "by karim haddad"):
        assert gone not in lowered
    assert "lost contact with 25 soldiers" in document.text
    assert len(document.dropped_paragraphs) == 3


def test_wire_dateline_gives_agency_and_date():
    text = "BEIRUT, July 7, 2020 (Reuters) - Shelling killed two people in Idlib on Monday, rescuers said."
    document = document_from_string(text, doc_id="wire", options=Options())
    assert document.publisher == "Reuters"
    assert document.published == date(2020, 7, 7)
    assert document.text.startswith("Shelling killed")


def test_html_page_keeps_only_the_article():
    (document,), errors = read(str(FIXTURES / "page.html"))
    assert not errors and document.format == "html"
    assert "clashed with Turkish-backed factions" in document.text
    assert "Three fighters were killed" in document.text
    for gone in (
        "Share on Facebook",
        "Comment by reader",
        "Related articles",
        "All rights reserved",
        "Disclaimer",
        "Contact",
    ):
        assert gone not in document.text


def test_feed_entries_become_documents():
    documents, errors = read(str(FIXTURES / "feed.xml"))
    assert not errors
    assert [d.id for d in documents] == ["dw-1", "dw-2"]
    assert documents[0].published == date(2020, 7, 6)
    assert documents[0].publisher == "Desert Wire"
    assert "Dozens of residents protested" in documents[1].text and "<p>" not in documents[1].text


def test_json_lines_report_broken_lines_and_bad_dates_and_go_on(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Clashes in Homs.", "published": "2020-07-01", "gold": {"x": 1}}),
        "{broken",
        json.dumps({"id": "b", "text": "Protest in Daraa.", "published": "sometime in July"}),
        json.dumps({"id": "c"}),
        json.dumps(
            {
                "id": "d",
                "html": "<html><body><article><p>Air strike on Saraqib killed 4 people on "
                "Monday.</p></article></body></html>",
            }
        ),
    ]
    path.write_text("\n".join(lines) + "\n")
    documents, errors = read(str(path))
    assert [d.id for d in documents] == ["a", "b", "d"]
    assert documents[1].published is None
    messages = [str(e) for e in errors]
    assert any(f"{path}:2" in m and "not valid JSON" in m for m in messages)
    assert any(f"{path}:3" in m and "publication date" in m for m in messages)
    assert any(f"{path}:4" in m for m in messages)


def test_binary_oversize_undecodable_and_missing_files(tmp_path):
    binary = tmp_path / "a.txt"
    binary.write_bytes(b"\x00\xff" * 50)
    big = tmp_path / "big.txt"
    big.write_text("word " * 400)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 bomb in Homs".encode("latin-1"))
    documents, errors = read(str(tmp_path), Options(max_bytes=1000))
    assert documents == []
    text = "\n".join(str(e) for e in errors)
    assert "binary" in text and "over the 1,000-byte limit" in text and "not UTF-8" in text
    with pytest.raises(InputError, match="no such file"):
        read(str(tmp_path / "nope.txt"))


def test_stdin_and_sniffing(monkeypatch):
    stream = io.TextIOWrapper(
        io.BytesIO(b"<html><body><article><p>Shelling hit Douma on Monday, killing three.</p></article></body></html>")
    )
    monkeypatch.setattr(sys, "stdin", stream)
    (document,), errors = read("-")
    # a document without a declared id is known by its text, wherever it was read from
    assert not errors and document.id == content_document_id(document.text) and document.format == "html"
    assert sniff_format('{"id": "x", "text": "y"}\n') == "jsonl"
    assert sniff_format("# Title\n\n**Bold** text and [a link](http://x)\n") == "markdown"
    assert sniff_format("Plain words only.") == "text"


def test_boilerplate_filter_keeps_news_that_mentions_donations():
    assert is_boilerplate("Please support our work with a donation.")
    assert is_boilerplate("Copyright 2021 Some Site. All rights reserved.")
    assert is_boilerplate("http://a.example/1 http://a.example/2 http://a.example/3")
    news = (
        "Aid groups appealed for donations after shelling destroyed the bakery in Atarib on Monday, "
        "killing four people, local sources said."
    )
    assert not is_boilerplate(news)


def test_a_headline_list_glued_onto_the_last_paragraph_is_dropped():
    text = (
        "Gunmen killed two men in Jasim on Friday, activists said. Source agencies Related News "
        "Airstrikes kill 16 civilians in Idlib Talks in Geneva stall"
    )
    document = document_from_string(text, doc_id="t", options=Options())
    assert document.text == "Gunmen killed two men in Jasim on Friday, activists said. Source agencies"
    assert document.dropped_paragraphs == ["Related News Airstrikes kill 16 civilians in Idlib Talks in Geneva stall"]


def test_markdown_markup_is_stripped():
    document = document_from_string(
        "# Heading\n\nGunmen **killed** two men in [Jasim](http://x) on Friday.",
        doc_id="md",
        options=Options(),
        fmt="markdown",
    )
    assert "Gunmen killed two men in Jasim on Friday." in document.text

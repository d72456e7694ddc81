"""The README's promise, case by case: bad input prints one line per problem naming the file and line;
the rest is processed; nothing stored is lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "ingest" / "fixtures"
TEXT = "Gunmen killed 3 civilians in the town of Saraqib in Idlib on Monday."


def record(doc_id: str, **fields) -> str:
    return json.dumps({"id": doc_id, "text": TEXT, "published": "2021-05-04", **fields})


def stored(db: Path) -> dict[str, list[int]]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("select doc_id from documents").fetchall()
        return {doc_id: [] for (doc_id,) in rows}
    finally:
        conn.close()


def test_ingest_of_a_hostile_batch_keeps_every_good_document_and_what_was_stored(tmp_path, sitrep, caplog):
    db = tmp_path / "sitrep.db"
    url = f"sqlite:///{db}"
    earlier = tmp_path / "earlier.jsonl"
    earlier.write_text(record("earlier") + "\n")
    assert sitrep("ingest", "--db", url, str(earlier)).code == 0
    batch = tmp_path / "batch.jsonl"
    lines = [
        record("good-1"),
        record("bad-publisher", publisher=123),  # kept without it (line 2)
        '{"id": "deep", "text": "x", "n": ' + "[" * 100_000 + "]" * 100_000 + "}",  # line 3
        '{"id": "digits", "text": "x", "n": ' + "9" * 5000 + "}",  # read (unknown key): no error
        record("huge-figure", text="Gunmen killed 99999999999999999999 civilians in Saraqib on Monday."),
        record("huge-number", text="Gunmen killed " + "9" * 5000 + " civilians in Saraqib on Monday."),
        json.dumps({"id": ["not", "an", "id"], "text": TEXT}),  # line 7
        "{broken",  # line 8
        record("good-2"),
    ]
    batch.write_text("\n".join(lines) + "\n")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    feed = tmp_path / "feed.xml"
    raw = (FIXTURES / "feed.xml").read_text()
    feed.write_text(raw[: raw.index("Dozens of residents")])
    result = sitrep("ingest", "--db", url, str(batch), str(binary), str(feed))
    assert result.code == 1
    problems = [line.removeprefix("error: ") for line in result.error_lines]
    assert [p.split(": ")[0] for p in problems] == [
        f"{batch}:2",
        f"{batch}:3",
        f"{batch}:7",
        f"{batch}:8",
        str(binary),
        f"{feed}:6",
    ]
    assert "5 input error" not in result.err and "6 input error(s)" in result.err
    assert f"{batch}:5: a figure of 99,999,999,999,999,999,999 is beyond any count; capped" in caplog.text
    assert set(stored(db)) == {
        "earlier",
        "good-1",
        "good-2",
        "bad-publisher",
        "digits",
        "huge-figure",
        "huge-number",
        "dw-1",
    }
    again = sitrep("ingest", "--db", url, str(batch), str(binary), str(feed))
    assert again.code == 1 and "8 unchanged" not in again.err and "7 unchanged" in again.err
    assert len(stored(db)) == 8


@pytest.mark.parametrize("value", ["-1", "0", "99999999999999999999999", "1e9", "3G", "lots"])
def test_an_absurd_max_size_is_one_line(value, tmp_path, sitrep):
    result = sitrep("extract", "--max-size", value, str(tmp_path))
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1 and "--max-size" in result.err


def test_a_max_size_with_a_unit_is_a_limit(tmp_path, sitrep):
    article = tmp_path / "article.txt"
    article.write_text(TEXT * 100)
    result = sitrep("extract", "--format", "jsonl", "--max-size", "1k", str(article))
    assert result.code == 1 and "over the 1,024-byte limit" in result.err
    assert sitrep("extract", "--format", "jsonl", "--max-size", "1M", str(article)).code == 0


def test_sitrep_home_pointing_at_a_file_is_one_line(tmp_path, sitrep, monkeypatch):
    home = tmp_path / "home"
    home.write_text("not a folder")
    article = tmp_path / "article.txt"
    article.write_text(TEXT)
    monkeypatch.setenv("SITREP_HOME", str(home))
    for args in (
        ["extract", str(article)],
        ["geocode", "Aleppo"],
        ["ingest", "--db", f"sqlite:///{tmp_path}/x.db", str(article)],
    ):
        result = sitrep(*args)
        assert result.code != 0 and len(result.err.strip().splitlines()) == 1, args
        assert str(home) in result.err and ("not a folder" in result.err or "is a file" in result.err)


def test_a_country_code_in_any_case_or_a_name_is_used_and_anything_else_is_one_line(tmp_path, sitrep):
    article = tmp_path / "article.txt"
    article.write_text(TEXT)
    upper = sitrep("extract", "--format", "jsonl", "--country", "SY", str(article))
    lower = sitrep("extract", "--format", "jsonl", "--country", " sy", str(article))
    assert upper.code == lower.code == 0 and json.loads(lower.out)["admin1"] == "Idleb"
    assert lower.out == upper.out
    by_name = sitrep("extract", "--format", "jsonl", "--country", "Syria", str(article))
    by_iso3 = sitrep("extract", "--format", "jsonl", "--country", "syr", str(article))
    assert by_name.out == by_iso3.out == upper.out
    for command in (["extract", str(article)], ["geocode", "Saraqib"], ["gazetteer", "download"]):
        for value in ("SYX", "S1", "", "ÄÖ"):
            args = [*command, "--country", value] if command[0] != "gazetteer" else [*command, value]
            result = sitrep(*args)
            assert result.code == 2 and len(result.err.strip().splitlines()) == 1, args
            assert "is not a country sitrep knows (an ISO 3166 country code or name)" in result.err


def test_geocode_names_from_stdin_that_are_not_utf8_name_the_line(sitrep, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Aleppo\nHom\xe9s\n")))
    result = sitrep("geocode", "-")
    assert result.code == 1 and result.error_lines == ["error: -:2: not UTF-8 text; give the names as UTF-8"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\ufeffAleppo\n".encode())))
    result = sitrep("geocode", "-", "--format", "jsonl")
    assert result.code == 0 and json.loads(result.out)["query"] == "Aleppo"

"""Hostile and careless input: every bad document is reported (FILE:LINE) and the others are read."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import iter_documents
from sitrep.ingest.sniff import sniff_format
from sitrep.settings import Options

GOOD = {"id": "ok", "text": "Gunmen killed 3 civilians in the town of Saraqib in Idlib on Monday."}
FIXTURES = Path(__file__).parent / "fixtures"


def read(source: str, options: Options | None = None) -> tuple[list, list[str]]:
    errors: list[InputError] = []
    documents = list(iter_documents(source, options or Options(), errors.append))
    return documents, [str(e) for e in errors]


BAD_LINES = {
    "publisher a number": (json.dumps({**GOOD, "id": "p", "publisher": 123}), "'publisher' must be a string", "p"),
    "title a list": (json.dumps({**GOOD, "id": "t", "title": ["x"]}), "'title' must be a string", "t"),
    "url an object": (json.dumps({**GOOD, "id": "u", "url": {"a": 1}}), "'url' must be a string", "u"),
    "published true": (json.dumps({**GOOD, "id": "d", "published": True}), "'published' must be a date", "d"),
    "nested 100k deep": (
        '{"id": "n", "text": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "too deeply",
        None,
    ),
    "a 5000-digit id": ('{"id": ' + "9" * 5000 + ', "text": "x"}', "5,000 digits", None),
    "an id list": (json.dumps({"id": ["x"], "text": "x"}), "'id' must be a string", None),
    "text a number": (json.dumps({"id": "x", "text": 5}), "'text' must be a string", None),
    "a huge title": (json.dumps({**GOOD, "id": "h", "title": "T" * 5000}), "'title' is 5,000 characters", "h"),
    "an array line": ("[1, 2]", "must be an object", None),
    "broken JSON": ('{"id": "b", "text": ', "not valid JSON", None),
}


@pytest.mark.parametrize("case", list(BAD_LINES))
def test_a_bad_line_is_one_error_and_the_lines_around_it_are_read(case, tmp_path):
    line, message, kept = BAD_LINES[case]
    source = tmp_path / "docs.jsonl"
    source.write_text("\n".join([json.dumps(GOOD), line, json.dumps({**GOOD, "id": "after"})]) + "\n")
    documents, errors = read(str(source))
    assert len(errors) == 1 and errors[0].startswith(f"{source}:2: ") and message in errors[0]
    assert [d.id for d in documents] == ["ok", *([kept] if kept else []), "after"]
    assert [d.read_from for d in documents][-1] == f"{source}:3"


def test_unknown_keys_may_hold_anything(tmp_path):
    source = tmp_path / "docs.jsonl"
    record = json.dumps({**GOOD, "count": 10**60, "nested": {"a": [None, True, 1.5]}})[:-1]
    source.write_text(record + ', "digits": ' + "7" * 5000 + "}\n")
    documents, errors = read(str(source))
    assert errors == [] and [d.id for d in documents] == ["ok"]


def test_json_lines_are_told_by_their_lines_not_by_a_prefix(tmp_path):
    long_first = json.dumps({"meta": "x" * 5000, **GOOD})
    assert sniff_format(long_first + "\n" + json.dumps(GOOD)) == "jsonl"
    assert sniff_format("[1, 2]\n" + json.dumps(GOOD)) == "jsonl"
    assert sniff_format('"a string"\n' + json.dumps(GOOD)) == "jsonl"
    assert sniff_format("[Photo: AFP] Gunmen killed three people.\nMore text.") != "jsonl"
    separated = tmp_path / "sep.jsonl"  # U+2028 is valid inside a JSON string and splits no line
    separated.write_text(json.dumps({**GOOD, "text": GOOD["text"] + "\u2028Two fled."}, ensure_ascii=False) + "\n")
    documents, errors = read(str(separated))
    assert errors == [] and len(documents) == 1


def _fifo_fed_forever(path: Path, chunk: bytes) -> threading.Thread:
    """A FIFO that a writer fills until the reader goes away: stands in for /dev/zero or an endless pipe."""
    os.mkfifo(path)

    def feed() -> None:
        try:
            with open(path, "wb") as fp:
                while True:
                    fp.write(chunk)
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    return writer


def test_an_endless_stream_stops_at_the_limit(tmp_path):
    for name, chunk in (("zeros", b"\x00" * 4096), ("text", b"Gunmen fired. " * 300)):
        writer = _fifo_fed_forever(tmp_path / name, chunk)
        documents, errors = read(str(tmp_path / name), Options(max_bytes=64 * 1024))
        assert documents == [] and errors == [
            f"{tmp_path / name}: file is over the 65,536-byte limit (raise it with --max-size)"
        ]
        writer.join(timeout=10)
        assert not writer.is_alive()


def test_a_json_lines_file_bigger_than_the_limit_is_read_line_by_line(tmp_path):
    source = tmp_path / "corpus.jsonl"
    lines = [json.dumps({**GOOD, "id": f"d{i}"}) for i in range(40)] + [json.dumps({"id": "big", "text": "w " * 400})]
    source.write_text("\n".join(lines) + "\n")
    documents, errors = read(str(source), Options(max_bytes=200))
    assert len(documents) == 40 and errors == [
        f"{source}:41: line is over the 200-byte limit (raise it with --max-size)"
    ]


def test_a_truncated_feed_is_an_error_and_its_whole_entries_are_read(tmp_path):
    raw = (FIXTURES / "feed.xml").read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(raw[: raw.index("Dozens of residents")])
    documents, errors = read(str(cut))
    assert [d.id for d in documents] == ["dw-1"]
    assert len(errors) == 1 and errors[0].startswith(f"{cut}:") and "cut off" in errors[0] and "skipped" in errors[0]
    ending = tmp_path / "ending.xml"
    ending.write_text(raw.rstrip()[: -len("</rss>")])
    documents, errors = read(str(ending))
    assert [d.id for d in documents] == ["dw-1", "dw-2"] and len(errors) == 1 and "skipped" not in errors[0]


def test_closed_stdin_is_an_input_error(monkeypatch):
    monkeypatch.setattr("sys.stdin", None)
    with pytest.raises(InputError, match="standard input is closed"):
        read("-")

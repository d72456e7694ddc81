"""Hypothesis over the readers: whatever bytes or JSON a file holds, reading it yields documents with text
and InputErrors, and nothing else escapes (bounded: a few dozen examples per reader, small inputs)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.errors import InputError
from sitrep.ingest import iter_documents
from sitrep.model import Document
from sitrep.settings import Options

FUZZ = settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
records = st.fixed_dictionaries(
    {},
    optional={
        key: json_values | st.text(max_size=80)
        for key in ("id", "text", "html", "published", "publisher", "title", "url")
    },
)
markup = st.lists(
    st.sampled_from(["<p>", "</p>", "<article>", "</article>", "<script>", "<!--", "-->", "<br>", "&amp;", "<div"])
    | st.text(max_size=30),
    max_size=30,
).map("".join)


def read_file(name: str, data: bytes) -> list[Document]:
    """Read data as a file of that name; every problem must come as an InputError through on_error."""
    errors: list[InputError] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        documents = list(iter_documents(str(path), Options(max_bytes=200_000), errors.append))
    assert all(isinstance(e, InputError) and str(e) for e in errors)
    assert all(isinstance(d, Document) and isinstance(d.text, str) for d in documents)
    return documents


@FUZZ
@given(st.lists(records | json_values, min_size=1, max_size=6), st.lists(st.binary(max_size=40), max_size=2))
def test_json_lines_of_any_shape(lines, raw_lines):
    data = "\n".join(json.dumps(line) for line in lines).encode() + b"\n" + b"\n".join(raw_lines)
    read_file("feed.jsonl", data)


@FUZZ
@given(markup)
def test_html_of_any_shape(page):
    read_file("page.html", page.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_text_files_of_any_bytes(data):
    read_file("article.txt", data)

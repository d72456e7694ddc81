"""Tell a document's format from its content (the file name is only a hint)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from ..pattern_store import regex

HTML_HINT = regex(r"<(?:!doctype html|html|head|body|article|div|p)\b", re.I)
FEED_HINT = regex(r"<(?:rss|feed|rdf:RDF)\b", re.I)
MARKDOWN_HINT = regex(r"^\s{0,3}(?:#{1,6}\s|\*\*|[-*]\s)|\[[^\]\n]{1,500}\]\([^)\n]{1,2000}\)", re.M)
SNIFF_LINES = 5  # non-blank lines looked at to tell JSON lines from a text that opens with a bracket


def sniff_format(text: str, name: str = "") -> str:
    """One of 'jsonl', 'feed', 'html', 'markdown', 'text'."""
    if looks_like_json_lines(_first_lines(text)):
        return "jsonl"
    head = text.lstrip()[:4096]
    if FEED_HINT.search(head):
        return "feed"
    if HTML_HINT.search(head):
        return "html"
    if name.lower().endswith((".md", ".markdown")) or len(MARKDOWN_HINT.findall(head)) >= 2:
        return "markdown"
    return "text"


def looks_like_json_lines(lines: Iterable[str]) -> bool:
    """Whether the first non-blank lines (whole lines, however long) are JSON lines: the first opens with
    '{' or '[' and parses as JSON (an array is a bad line of a JSON-lines file, reported as such), looks
    like a broken object ('"text"' or '"id"' in it, or a closing brace) or is followed by an object line;
    or the first is another JSON value (a string, a number) followed by an object line."""
    candidates = [line.strip() for line in _non_blank(lines)]
    if not candidates:
        return False
    first, later = candidates[0], candidates[1:]
    if not first.startswith(("{", "[")):  # a string or number line counts only before object lines
        return _parses(first) and any(line.startswith("{") and _parses(line) for line in later)
    if _parses(first) or '"text"' in first or '"id"' in first or first.endswith("}"):
        return True
    return any(line.startswith("{") and _parses(line) for line in later)


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except (ValueError, RecursionError):
        return False
    return True


def _non_blank(lines: Iterable[str]) -> Iterator[str]:
    count = 0
    for line in lines:
        if line.strip():
            yield line
            count += 1
            if count == SNIFF_LINES:
                return


def _first_lines(text: str) -> Iterator[str]:
    """The lines of a text one by one (split on '\\n' only: JSON strings may hold U+2028)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield text[start:end].lstrip("\ufeff")
        start = end + 1

"""Tell a document's format from its content (the file name is only a hint)."""

from __future__ import annotations

import json
import re

HTML_HINT = re.compile(r"<(?:!doctype html|html|head|body|article|div|p)\b", re.I)
FEED_HINT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.I)
MARKDOWN_HINT = re.compile(r"^\s{0,3}(?:#{1,6}\s|\*\*|[-*]\s)|\[[^\]]+\]\([^)]+\)", re.M)


def sniff_format(text: str, name: str = "") -> str:
    """One of 'jsonl', 'feed', 'html', 'markdown', 'text'."""
    head = text.lstrip()[:4096]
    if head.startswith("{") and _first_line_is_json(head):
        return "jsonl"
    if FEED_HINT.search(head[:1024]):
        return "feed"
    if HTML_HINT.search(head):
        return "html"
    if name.lower().endswith((".md", ".markdown")) or len(MARKDOWN_HINT.findall(head)) >= 2:
        return "markdown"
    return "text"


def _first_line_is_json(head: str) -> bool:
    line = head.split("\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return line.rstrip().endswith("}") or '"text"' in line or '"id"' in line

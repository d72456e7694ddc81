"""Plain text and Markdown → Document: paragraphs, header (dateline, byline, origin), boilerplate."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import TypedDict

from ..model import Document
from ..pattern_store import regex
from .boilerplate import split_boilerplate
from .header import agency_dateline, parse_date, read_header
from .publishers import canonical_publisher

# Every pattern here is linear on any text: no class can run past the delimiter a new match would start
# at ("[[[[", "](](", "**a **a", blank lines by the thousand), so no start rescans what another scanned.
LINK_TARGET = r"\((?:[^()\n]|\([^()\n]*\))*+\)"  # "(url)", one level of parentheses inside
MD_IMAGE = regex(rf"!\[[^\[\]\n]*\]{LINK_TARGET}")
MD_LINK = regex(rf"\[([^\[\]\n]+)\]{LINK_TARGET}")
MD_HEADING = regex(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M)
MD_EMPHASIS = regex(r"(\*\*|\*)(?=\S)([^*\n]+?)(?<=\S)\1|(__|_)(?=\S)([^_\n]+?)(?<=\S)\3|`([^`\n]+)`")
MD_LIST = regex(r"^[ \t]*(?:[-*+]|\d{1,9}\.)[ \t]+", re.M)
MD_QUOTE = regex(r"^[ \t]*>[ \t]?", re.M)
MD_RULE = regex(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)


SPACE_RUN = regex(r"[\t\u00a0][ \t\u00a0]*| [ \t\u00a0]+")  # any run of spaces but a single " "


def normalise(text: str) -> str:
    """NFC, unified line ends, no control characters, single spaces inside lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.replace("\n", " ").replace("\t", " ").isprintable():  # printable: no control character
        # Each distinct character is judged once, not each character: a text has a few hundred of them.
        control = {ord(ch): None for ch in set(text) if ch not in "\n\t" and unicodedata.category(ch)[0] == "C"}
        if control:
            text = text.translate(control)
    if "  " not in text and "\t" not in text and "\u00a0" not in text:
        return text  # nothing for SPACE_RUN to change (most texts: a search would visit every space)
    return SPACE_RUN.sub(" ", text)


def strip_markdown(text: str) -> str:
    for pattern, replacement in (
        (MD_IMAGE, ""),
        (MD_LINK, r"\1"),
        (MD_HEADING, ""),
        (MD_RULE, ""),
        (MD_QUOTE, ""),
        (MD_LIST, ""),
    ):
        text = pattern.sub(replacement, text)
    return MD_EMPHASIS.sub(lambda m: m[2] or m[4] or m[5], text)


DIVIDER = regex(r"^[ \t]*[-*_=~•·]+(?:[ \t]+[-*_=~•·]+)*[ \t]*$", re.M)


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs; a divider line ("*", "* * *", "---") separates them too; a text
    without blank lines splits on its line breaks."""
    blocks = re.split(r"\n\s*\n", DIVIDER.sub("", text).strip())
    if len(blocks) == 1 and text.count("\n") >= 2:
        blocks = text.strip().split("\n")
    return [" ".join(line.strip() for line in block.split("\n")).strip() for block in blocks if block.strip()]


def parse_published(value: str | int | date | None) -> date | None:
    """A JSON `published` value as a date; ValueError when it is given but unreadable."""
    if isinstance(value, date):
        return value
    if value is None or value == "":
        return None
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        found = parse_date(text)
        if found:
            return found[0]
        raise ValueError(f"cannot read the publication date {text!r} (expected YYYY-MM-DD)") from None


class DocumentFields(TypedDict):
    """What every reader hands the cleaners besides the text itself."""

    doc_id: str
    drop_boilerplate: bool
    published: date | None
    publisher: str | None
    title: str | None
    url: str | None


def document_from_plain(
    raw: str,
    *,
    doc_id: str,
    markdown: bool = False,
    drop_boilerplate: bool = True,
    published: date | None = None,
    publisher: str | None = None,
    title: str | None = None,
    url: str | None = None,
    fmt: str = "text",
    read_header_lines: bool = True,
) -> Document:
    """Clean a plain-text or Markdown article into a Document."""
    text = normalise(raw)
    if markdown:
        text = strip_markdown(text)
    paragraphs = split_paragraphs(text)
    republished_by = None
    if read_header_lines:
        header = read_header(paragraphs)
        kept = [p for i, p in enumerate(paragraphs) if i not in header.consumed]
        # a text that is only a headline is still the report: it stays the text, not just the title
        paragraphs = kept or [p for p in paragraphs if p == header.title]
        published = published or header.published
        republished_by = header.republished_by
        if header.publisher and publisher and canonical_publisher(publisher) != header.publisher:
            republished_by = republished_by or canonical_publisher(publisher)
        publisher = header.publisher or publisher
        title = title or header.title
    if paragraphs:
        agency, length = agency_dateline(paragraphs[0])
        if agency:
            found = parse_date(paragraphs[0][:length])
            published = published or (found[0] if found else None)
            publisher = publisher or agency
            paragraphs[0] = paragraphs[0][length:]
    dropped: list[str] = []
    if drop_boilerplate:
        paragraphs, dropped = split_boilerplate(paragraphs)
    return Document(
        id=doc_id,
        text="\n\n".join(paragraphs),
        title=title,
        published=published,
        publisher=canonical_publisher(publisher),
        republished_by=republished_by,
        url=url,
        format=fmt,
        dropped_paragraphs=dropped,
    )

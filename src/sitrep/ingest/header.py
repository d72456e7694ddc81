"""Dateline, byline and re-publication notices at the top (or foot) of a plain-text article."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from ..pattern_store import regex
from .publishers import canonical_publisher, known_publisher

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAY = (
    r"(?:(?:Mon(?:day)?|Tue(?:s|sday)?|Wed(?:nesday)?|Thu(?:r|rs|rsday)?|Fri(?:day)?|Sat(?:urday)?|"
    r"Sun(?:day)?)\.?,?\s+)?"
)
DATE_PATTERNS = (
    regex(rf"\b{WEEKDAY}(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    regex(rf"\b{WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{MONTH}),?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    regex(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
)
BYLINE = regex(r"^\s*(?:by|written by)\s+[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,5}\s*$", re.I)
REPUBLISH = regex(
    r"^\s*(?:this (?:article|story|report|piece) (?:was |is )?)?(?:originally|first)\s+(?:published|appeared)\s+"
    r"(?:by|on|in|at)\s+(?P<original>[^.\n]{2,80}?)\s*\.?\s*$"
    r"|^\s*(?:republished|reprinted|re-published)\s+(?:from|with permission (?:of|from))\s+(?P<original2>[^.\n]{2,80}?)\s*\.?\s*$"
    r"|^\s*(?:source|via)\s*:\s*(?P<original3>[^.\n]{2,80}?)\s*\.?\s*$"
    r"|^\s*(?:the\s+)?original\s+source\s+of\s+this\s+(?:article|story|report|piece)\s+is\s+(?P<original4>[^.\n]{2,80}?)"
    r"\s*\.?\s*$",
    re.I,
)
AGENCY_DATELINE = regex(r"^\s*[A-Z][A-Z .'-]+,\s*[^()\n]{0,40}\((?P<agency>[A-Za-z][\w .&-]{1,40})\)\s*[-–—]+\s*")
HEADER_MAX_WORDS = 14


@dataclass
class Header:
    published: date | None = None
    publisher: str | None = None
    republished_by: str | None = None
    title: str | None = None
    consumed: set[int] = field(default_factory=set)  # indexes of paragraphs that were header lines


def parse_date(text: str) -> tuple[date, re.Match] | None:
    """The first full date (day, month and year) written in a text."""
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        month = match["month"]
        fmt = "%Y %m %d" if month.isdigit() else "%Y %b %d"
        try:
            value = datetime.strptime(f"{match['year']} {month[:3].title()} {int(match['day'])}", fmt).date()
        except ValueError:
            continue
        return value, match
    return None


def read_header(paragraphs: list[str]) -> Header:
    """Look at the short paragraphs that open (and close) an article for its dateline and origin."""
    header = Header()
    dateline_publisher = None
    for index, paragraph in enumerate(paragraphs[:6]):
        text = paragraph.strip()
        if len(text.split()) > HEADER_MAX_WORDS:
            break
        if _read_header_line(text, header, index):
            if header.publisher and dateline_publisher is None:
                dateline_publisher = header.publisher
            continue
        if header.title is None and not text.endswith("."):
            header.title = text
            header.consumed.add(index)
    for index in range(max(0, len(paragraphs) - 6), len(paragraphs)):
        match = REPUBLISH.match(paragraphs[index].strip())
        if match and index not in header.consumed:
            _set_original(header, match, index)
    return header


def _read_header_line(text: str, header: Header, index: int) -> bool:
    if BYLINE.match(text):
        header.consumed.add(index)
        outlet = known_publisher(re.sub(r"^\s*(?:written\s+)?by\s+", "", text, flags=re.I))
        if outlet:  # "By Reuters": a story republished under its original outlet's byline
            _set_publisher(header, outlet)
        return True
    republish = REPUBLISH.match(text)
    if republish:
        _set_original(header, republish, index)
        return True
    found = parse_date(text)
    if found and header.published is None:
        value, match = found
        rest = (text[: match.start()] + " " + text[match.end() :]).strip(" ,-–—|·")
        if len(rest.split()) <= 5:
            header.published = value
            name = canonical_publisher(rest)
            if name and header.publisher is None:
                header.publisher = name
            elif name and name != header.publisher and header.republished_by is None:
                header.republished_by = name
            header.consumed.add(index)
            return True
    return False


def _set_original(header: Header, match: re.Match, index: int) -> None:
    _set_publisher(
        header, canonical_publisher(match["original"] or match["original2"] or match["original3"] or match["original4"])
    )
    header.consumed.add(index)


def _set_publisher(header: Header, original: str | None) -> None:
    if header.publisher and header.publisher != original:
        header.republished_by = header.publisher
    header.publisher = original


def agency_dateline(first_paragraph: str) -> tuple[str | None, int]:
    """'BEIRUT, July 7 (Reuters) -' → ('Reuters', length of the dateline) or (None, 0)."""
    match = AGENCY_DATELINE.match(first_paragraph)
    if not match:
        return None, 0
    return canonical_publisher(match["agency"]), match.end()

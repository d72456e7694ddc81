"""Paragraph filter for plain text: drops donation pleas, share prompts, disclaimers and the like."""

from __future__ import annotations

import re
from functools import cache

from ..pattern_store import regex
from ..resource_files import load_yaml

URL = re.compile(r"https?://\S+|www\.\S+")


@cache
def _patterns() -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...], int, int]:
    spec = load_yaml("boilerplate.yaml")
    strong = tuple(regex(p, re.I | re.M) for p in spec["strong"])
    short = tuple(regex(p, re.I | re.M) for p in spec["short"])
    return strong, short, int(spec["strong_max_words"]), int(spec["short_max_words"])


@cache
def _link_list() -> re.Pattern:
    return regex(load_yaml("boilerplate.yaml")["link_list"], re.I)


def split_link_list(paragraph: str) -> tuple[str, str]:
    """(the paragraph before a glued-on "Related News …" list of other headlines, that list or '')."""
    found = _link_list().search(paragraph)
    if found is None:
        return paragraph, ""
    return paragraph[: found.start()].rstrip(), paragraph[found.start() :]


def is_boilerplate(paragraph: str) -> bool:
    """True for a paragraph that is not news: pleas, share bars, legal notices, link lists."""
    text = paragraph.strip()
    if not text:
        return False
    if _mostly_links(text):
        return True
    strong, short, strong_max_words, short_max_words = _patterns()
    words = len(text.split())
    if words <= strong_max_words and any(p.search(text) for p in strong):
        return True
    return words <= short_max_words and any(p.search(text) for p in short)


def _mostly_links(text: str) -> bool:
    if "http" not in text and "www." not in text:
        return False  # URL can match only there: most paragraphs need no search
    urls = URL.findall(text)
    if not urls:
        return False
    return sum(len(u) for u in urls) > 0.5 * len(text.replace(" ", ""))


def split_boilerplate(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(kept, dropped) paragraphs, order preserved; a glued-on headline list is dropped on its own."""
    kept, dropped = [], []
    for paragraph in paragraphs:
        if is_boilerplate(paragraph):
            dropped.append(paragraph)
            continue
        news, links = split_link_list(paragraph)
        if news:
            kept.append(news)
        if links:
            dropped.append(links)
    return kept, dropped

"""Paragraph filter for plain text: drops donation pleas, share prompts, disclaimers and the like."""

from __future__ import annotations

import re
from functools import cache

from ..caseless import CaselessAny
from ..resource_files import load_yaml

URL = re.compile(r"https?://\S+|www\.\S+")


@cache
def _patterns() -> tuple[CaselessAny, CaselessAny, int, int]:
    spec = load_yaml("boilerplate.yaml")
    strong = CaselessAny(spec["strong"], re.M)
    short = CaselessAny(spec["short"], re.M)
    return strong, short, int(spec["strong_max_words"]), int(spec["short_max_words"])


@cache
def _link_list() -> CaselessAny:
    return CaselessAny([load_yaml("boilerplate.yaml")["link_list"]])


def split_link_list(paragraph: str) -> tuple[str, str]:
    """(the paragraph before a glued-on "Related News …" list of other headlines, that list or '')."""
    start = _link_list().start(paragraph)
    if start is None:
        return paragraph, ""
    return paragraph[:start].rstrip(), paragraph[start:]


def is_boilerplate(paragraph: str) -> bool:
    """True for a paragraph that is not news: pleas, share bars, legal notices, link lists."""
    text = paragraph.strip()
    if not text:
        return False
    if _mostly_links(text):
        return True
    strong, short, strong_max_words, short_max_words = _patterns()
    words = _words_up_to(text, max(strong_max_words, short_max_words))
    if words <= strong_max_words and strong.search(text):
        return True
    return words <= short_max_words and short.search(text)


def _words_up_to(text: str, most: int) -> int:
    """How many words the text has, or most + 1 for any more (a news paragraph may hold thousands)."""
    return len(text.split(maxsplit=most))


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

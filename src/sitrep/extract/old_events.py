"""What tells that a sentence speaks of an earlier event, not of the news: antecedent and cause clauses
("the man who had been kidnapped"), a definite noun that names an old event again ("the blast"), a day
that is only when a source spoke, and what "came days after" another event.

The episode reader's gates ask these; they live apart so that the gates read as decisions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from .dates import ANY_REFERENCE, resolve_date
from .prefixes import matches_at, necessary_prefixes
from .sentence_starts import sentence_starts

if TYPE_CHECKING:
    from .reading import Reading

ANTECEDENT = re.compile(r"\b(?:that|which|who)\s+had\s+(?:been\s+)?\w+[^,;.]*", re.I)
# what a protest or a quarrel is about is an earlier event: "marched to denounce the killing of a doctor",
# "clashes over the death of a detainee"
CAUSE = re.compile(
    r"\b(?:against|over|denounc\w*|condemn\w*|protest\w*|mourn\w*)\s+(?:the\s+)?(?:recent\s+)?"
    r"(?:killings?|deaths?|murders?|arrests?|detentions?|abductions?|kidnappings?|assassinations?)\s+of\b[^,;.]*",
    re.I,
)
# an old event told again by a definite noun: "a year after the explosion at the port … killed in the blast"
EVENT_ANAPHOR = re.compile(
    r"\b(?:the|that|this) (?:[\w-]+ )?(?:blasts?|explosions?|attacks?|bombings?|strikes?|massacres?|shelling|raids?|"
    r"ambush|assault|incident|offensive|battles?|siege|fighting|clashes|bombardment|war)\b",
    re.I,
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


EARLIER_EVENTS = (ANTECEDENT, CAUSE)


@cache
def earlier_event_prefixes() -> tuple[frozenset[str], ...]:
    """The necessary prefixes of EARLIER_EVENTS, in order: the sentence scan (`sentence_starts`) looks for them."""
    return tuple(necessary_prefixes(pattern) for pattern in EARLIER_EVENTS)


def clauses_of_earlier_events(text: str) -> Iterator[re.Match]:
    """The antecedent and cause clauses of a sentence (ANTECEDENT, then CAUSE), each tried only where its
    literal beginning occurs (as the scan the sentence's typing made tells)."""
    starts = sentence_starts(text).earlier
    for number, pattern in enumerate(EARLIER_EVENTS):
        yield from matches_at(pattern, text, starts.get(number, []))


CONTEXT_VERB = re.compile(r"\b(?:came|comes|come|happened|occurred)\b", re.I)


def subject_is_an_event(reading: Reading, match: re.Match | None) -> bool:
    """Whether what "came days after" another event is an event itself ("the bombing came …", "the protest
    came …") rather than a visit, a decision or a statement, whose antecedent is then no news either."""
    verb = CONTEXT_VERB.search(reading.sentence.text, 0, match.end()) if match else None
    if verb is None:
        return True
    typing = reading.cue_typing
    subject = reading.sentence.text[: verb.start()]
    return (typing is not None and typing.first_cue < verb.start()) or bool(EVENT_ANAPHOR.search(subject))


def without_spoken_day(text: str) -> str | None:
    """A sentence naming a year whose only day is the one a source spoke on ("investigators said on Wednesday
    that a chlorine attack in 2018 …"), with that day blanked out; None for any other sentence."""
    if not YEAR.search(text):
        return None
    found = resolve_date(text, ANY_REFERENCE)
    if found is None or not found.spoken or not found.phrase or (at := text.find(found.phrase)) < 0:
        return None
    return text[:at] + " " * len(found.phrase) + text[at + len(found.phrase) :]


def blanked_out(text: str, match: re.Match | None) -> str:
    """The text with the match blanked out: the day inside "fighting which began two weeks ago" dates the span."""
    if match is None:
        return text
    start, end = match.span()
    return text[:start] + " " * (end - start) + text[end:]


def dates_an_act(text: str) -> bool:
    """Whether a sentence names a day or span of its own ("on Monday a shell killed two"), not only the day a
    source spoke on ("… since October, the ministry said on Monday")."""
    found = resolve_date(text, ANY_REFERENCE)
    return found is not None and not found.spoken


def names_an_event(text: str) -> bool:
    """Whether the text names an event by a definite noun ("the blast", "that attack")."""
    return bool(EVENT_ANAPHOR.search(text))

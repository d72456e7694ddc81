"""What one sentence says, read once and only as far as the coder's gates ask."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from ..model import Actor, Claim, Toponym
from .event_types import EventTyping
from .modality import Mood, mood_of
from .sentences import Sentence


@dataclass(frozen=True)
class Reading:
    """What one sentence says, read once: its places, event type and dating, and when a gate first asks for
    them its mood, actors and figures (most sentences stop before any of these is needed)."""

    sentence: Sentence
    places: list[Toponym]
    typing: EventTyping | None
    cue_typing: EventTyping | None  # what the cues say, whatever typing the coder gave it after
    dating: str  # the sentence as dates are read from it (a dateline inside it blanked out)
    read_actors: Callable[[], list[Actor]]
    read_claims: Callable[[Sequence[Actor]], list[Claim]]  # the figures, given the sentence's actors

    @cached_property
    def mood(self) -> Mood:
        typing = self.cue_typing
        return mood_of(self.sentence.text, typing.first_cue if typing else None)

    @cached_property
    def actors(self) -> list[Actor]:
        return self.read_actors()

    @cached_property
    def claims(self) -> list[Claim]:
        # the actors side a figure only now and then ("two fighters" among them): read them only then
        return self.read_claims(ActorsWhenAsked(lambda: self.actors))

    def typed(self, typing: EventTyping) -> Reading:
        """The same reading with another typing, keeping what it has already read."""
        reading = replace(self, typing=typing)
        reading.__dict__.update({k: v for k, v in self.__dict__.items() if k in ("mood", "actors", "claims")})
        return reading


class ActorsWhenAsked(Sequence[Actor]):
    """A list of actors read the first time anyone looks into it."""

    def __init__(self, read: Callable[[], list[Actor]]) -> None:
        self._read = read
        self._actors: list[Actor] | None = None

    def _list(self) -> list[Actor]:
        if self._actors is None:
            self._actors = self._read()
        return self._actors

    def __getitem__(self, index):  # type: ignore[override]
        return self._list()[index]

    def __len__(self) -> int:
        return len(self._list())

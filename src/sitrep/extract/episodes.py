"""A document read sentence by sentence into episodes: the named gates a sentence passes to become an event.

Each gate either lets a sentence on or says why it stops there; the reasons are what `sitrep extract
--explain` prints.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from ..model import Actor, Claim, Toponym
from ..resource_files import user_resource_dir
from .actors import find_actors
from .claims import claimant_in, find_claims
from .dates import Dateline, EventDate, campaign_days, is_background, resolve_date
from .event_types import EventTyping, classify_event, combine_typings, opens_new_episode
from .fatalities import shared_claims
from .modality import ACCIDENT, CONTEXT, CRIME, LONG_SPAN, REPORTED, UNLESS_DATED, war_toll_start
from .old_events import (
    blanked_out,
    clauses_of_earlier_events,
    dates_an_act,
    names_an_event,
    subject_is_an_event,
    without_spoken_day,
)
from .reading import ActorsWhenAsked, Reading
from .repeats import RepeatIndex
from .sentences import Sentence

STRONG_CUE = 2.5  # a cue weight that names the event's kind by itself ("roadside bomb", not "explosion")
LOOKING_BACK = frozenset({"background", LONG_SPAN})  # moods of a sentence that looks back on an old event
ACCIDENT_ANAPHOR = re.compile(r"^\W*(?:the|these|those|both) (?:\w+ )?(?:blasts?|explosions?|fires?|collapse)\b", re.I)

EVENT, JOINED, FIGURES, SKIPPED = "event", "joined", "figures", "skipped"
ATTRIBUTION = "attribution"  # modality.yaml's mood of a claim of responsibility
CLAIMING = re.compile(r"claim|t[ao]o?k\w* credit", re.I)  # the group's own claim, not others' "responsible for"
NO_CLAIMANT = re.compile(r"\b(?:no|not|nobody|never|yet|neither)\b|n['’]t\b", re.I)
CLAIMANT_GAP = 40  # "the Islamic State group, through its news agency, claimed …"


@dataclass
class Episode:
    """Sentences that report one event while the coder reads on."""

    typing: EventTyping
    sentences: list[Sentence]
    actors: list[Actor]
    date: EventDate | None
    claims: list[Claim] = field(default_factory=list)
    places: list[Toponym] = field(default_factory=list)
    # each sentence's own cue typing, None where no cue types it (a sentence that added figures)
    typings: list[EventTyping | None] = field(default_factory=list)
    # who a later sentence says claimed it ("the Islamic State group claimed the attack")
    claimed_by: Actor | None = None

    @property
    def admin1s(self) -> set[str]:
        """The governorates of the latest sentence that named any: a lead listing "Damascus, Aleppo and
        Idlib" is narrowed by a later "in Damascus city", and then "in Aleppo city" is another event."""
        latest = max((t.start_char for t in self.places if t.place.admin1), default=None)
        sentence = next((s for s in self.sentences if latest is not None and s.start <= latest < s.end), None)
        return admin1s_within(self.places, sentence) if sentence else set()


@dataclass(frozen=True, slots=True)
class Decision:
    """What became of one sentence, and why."""

    sentence: Sentence
    outcome: str  # EVENT, JOINED (told more of an event), FIGURES (added figures to one) or SKIPPED
    reason: str
    episode: int | None = None  # the episode it opened or joined (0-based)

    def describe(self, number: int) -> str:
        text = " ".join(self.sentence.text.split())
        text = text if len(text) <= 90 else text[:87] + "..."
        where = f" {self.episode + 1}" if self.episode is not None else ""
        return f"#{number} {self.outcome}{where}: {self.reason} | {text}"


class EpisodeReader:
    """Reads a document's sentences in order into episodes, one decision per sentence."""

    def __init__(
        self,
        *,
        history_days: int,
        country: str,
        reference: date | None,
        text_dated: bool = False,
        dateline: Dateline | None,
        toponyms: Sequence[Toponym],
        type_untyped: Callable[[Sentence, list[Claim]], EventTyping | None] | None = None,
        explaining: bool = True,
    ) -> None:
        self.history_days = history_days
        # not explaining, a sentence that cannot become or extend an event is not asked why (its mood, its
        # dates): only the outcome is kept, and it is the same
        self.explaining = explaining
        self.type_untyped = type_untyped  # a coder's own typing for a sentence no cue types (the learned coder)
        self.country = country
        self.reference = reference
        self.text_dated = text_dated  # the reference is the text's own latest date: it has no publication date
        self.dateline = dateline
        self.toponyms = sorted(toponyms, key=lambda t: t.start_char)
        self._starts = [t.start_char for t in self.toponyms]
        self.episodes: list[Episode] = []
        self.decisions: list[Decision] = []
        self._current: Episode | None = None
        self._repeats = RepeatIndex()
        self._actor_files = user_resource_dir("actors")  # the same for every sentence: looked up once
        self._claimant_text: str | None = None  # the sentence before, in the same paragraph: its claimant carries over
        self._last_paragraph = -1
        self._paragraph: list[Reading] = []  # the sentences of the paragraph read so far: their moods tell on
        # the paragraph of the sentence before, when it looked back on an old event
        self._looked_back: int | None = None

    def read(self, sentences: Sequence[Sentence]) -> list[Episode]:
        for sentence in sentences:
            self.decisions.append(self._decide(sentence))
        # the paragraph's readings hold closures over this reader: left here, every sentence's reading would
        # be a reference cycle that only the garbage collector frees (a third of a second over FA-KES)
        self._paragraph = []
        return self.episodes

    def _decide(self, sentence: Sentence) -> Decision:
        looked_back, self._looked_back = self._looked_back, None
        if self._repeats.told_before(sentence.text):
            return Decision(sentence, SKIPPED, "the text said this sentence before")
        reading = self._read(sentence)
        if not self.explaining and not self._may_count(reading):
            self._credit_claim(reading)
            return Decision(sentence, SKIPPED, "no event cue, and no figures for an event of its paragraph")
        for gate in (self._mood_gate, self._background_gate, self._accident_gate):
            reason = gate(reading)
            if reason:
                self._credit_claim(reading)
                if reading.typing is not None and (gate == self._background_gate or reading.mood.name in LOOKING_BACK):
                    self._looked_back = sentence.paragraph
                return Decision(sentence, SKIPPED, reason)
        # a cue sentence only: one without is never read this far when not explaining, and the outcome must not differ
        if (
            looked_back == sentence.paragraph
            and reading.typing is not None
            and self._tells_the_old_event_again(reading)
        ):
            self._looked_back = sentence.paragraph
            return Decision(sentence, SKIPPED, "tells again the old event the sentence before looked back on")
        when = resolve_date(reading.dating, self.reference, self._previous_day(), text_dated=self.text_dated)
        if when and self._too_old(when.day):
            return Decision(sentence, SKIPPED, f"dated {when.day}, over {self.history_days} days before the report")
        if reading.typing is None:
            decision = self._add_figures(reading)
            if decision.outcome != SKIPPED or (reading := self._typed_otherwise(reading)).typing is None:
                return decision
        current = self._current
        if current is not None and (why := self._continues(current, reading, when)):
            current.typing = combine_typings(current.typing, reading.typing)
            current.sentences.append(sentence)
            current.typings.append(reading.cue_typing)
            current.claims.extend(reading.claims)
            current.places.extend(reading.places)
            known = {x.name for x in current.actors}
            current.actors.extend(a for a in reading.actors if a.name not in known)
            if current.date is None or (when is not None and current.date.inherited):
                current.date = when
            return Decision(sentence, JOINED, why, len(self.episodes) - 1)
        return self._open(reading, when)

    def _may_count(self, reading: Reading) -> bool:
        """Whether a sentence can still become or extend an event whatever its mood and dates: one with an
        event cue, one the coder may type otherwise, or one with figures for the event of its paragraph."""
        if reading.typing is not None or self.type_untyped is not None:
            return True
        current = self._current
        return (
            current is not None
            and reading.sentence.paragraph == current.sentences[-1].paragraph
            and bool(reading.claims)
        )

    def _read(self, sentence: Sentence) -> Reading:
        if sentence.paragraph != self._last_paragraph:
            self._claimant_text, self._last_paragraph = None, sentence.paragraph
            self._paragraph = []
        earlier_actors = list(self._current.actors) if self._current else []
        claimant_text, self._claimant_text = self._claimant_text, sentence.text  # it carries over one sentence only

        def read_actors() -> list[Actor]:
            return find_actors(sentence.text, country=self.country, day=self.reference, user_folder=self._actor_files)

        def read_claims(actors: Sequence[Actor]) -> list[Claim]:
            return self._claims_in(sentence, ActorsWhenAsked(lambda: [*actors, *earlier_actors]), claimant_text)

        typing = classify_event(sentence.text)
        reading = Reading(
            sentence,
            self._places_in(sentence),
            typing,
            typing,
            self._without_dateline(sentence),
            read_actors,
            read_claims,
        )
        self._paragraph.append(reading)
        return reading

    def _paragraph_told(self, mood: str) -> bool:
        """Whether a sentence of this paragraph so far (this one too) is in the mood: an accident, a crime."""
        return any(reading.mood.name == mood for reading in self._paragraph)

    def _claims_in(self, sentence: Sentence, context: Sequence[Actor], claimant_text: str | None) -> list[Claim]:
        """The sentence's figures; one whose own words name no claimant has the claimant of `claimant_text`,
        the sentence before (read only then: most sentences have no figures)."""
        claims = find_claims(
            sentence.text, offset=sentence.start, context=context, country=self.country, day=self.reference
        )
        if not claims:
            return claims
        if claimant_text is not None and any(c.claimant is None for c in claims):
            inherited = claimant_in(claimant_text)
            for claim in claims:
                claim.claimant = claim.claimant or inherited
        toll = war_toll_start(sentence.text)
        if toll is not None:  # "…, in a war that has killed 400,000": no figure of this event
            claims = [c for c in claims if (c.start_char or 0) - sentence.start < toll]
        antecedents = [m.span() for m in clauses_of_earlier_events(sentence.text)]
        if antecedents:  # "ending a feud that had left several people dead", a rally against a killing
            claims = [
                c for c in claims if not any(a <= (c.start_char or 0) - sentence.start < b for a, b in antecedents)
            ]
        return claims

    def _mood_gate(self, reading: Reading) -> str | None:
        """A sentence that reports no actual event: a statement, a plan, an accident, background …"""
        mood = reading.mood
        if mood.name == REPORTED:
            return None
        if mood.name in UNLESS_DATED and dates_an_act(blanked_out(reading.dating, mood.match)):
            return None  # "regularly shelled, and on Monday a shell killed two"
        if mood.name == CONTEXT and self._current is None and subject_is_an_event(reading, mood.match):
            return None  # nothing told yet for "the attack came as …" to refer to: the attack is the news
        cue = f" ({mood.cue.id} {mood.match.group(0).strip()!r})" if mood.cue and mood.match else ""
        return f"mood {mood.name}{cue}"

    def _credit_claim(self, reading: Reading) -> None:
        """A claim of responsibility right after an event names who did it: the actor just before the claiming
        words ("the Islamic State group claimed the attack"), not one that "no group has claimed", nor one others
        hold "responsible for" it."""
        current = self._current
        if current is None or not self.decisions or self.decisions[-1].episode != len(self.episodes) - 1:
            return
        text = reading.sentence.text
        lowered = text.lower()
        if "claim" not in lowered and "credit" not in lowered:
            return  # every claiming cue of the attribution mood has one of them: most sentences need no mood read
        mood = reading.mood
        if mood.name != ATTRIBUTION or mood.match is None or not CLAIMING.match(mood.match.group(0)):
            return
        start = mood.match.start()
        claimants = [a for a in reading.actors if start - CLAIMANT_GAP <= (a.end_char or 0) <= start and a.inter != 7]
        if claimants and not NO_CLAIMANT.search(text, max(0, start - CLAIMANT_GAP), start):
            current.claimed_by = claimants[-1]

    def _background_gate(self, reading: Reading) -> str | None:
        dating = reading.dating
        if is_background(dating, self.reference, self.history_days, text_dated=self.text_dated):
            return "background: it dates itself to an earlier year or an old month"
        unspoken = without_spoken_day(dating)
        if unspoken and is_background(unspoken, self.reference, self.history_days, text_dated=self.text_dated):
            return "background: it dates itself to an earlier year or an old month; its only day is when a source spoke"
        return None

    def _tells_the_old_event_again(self, reading: Reading) -> bool:
        """After a sentence of its paragraph that looked back on an old event, one that names no day of its own,
        no event is current in the paragraph, and it tells of "the blast" or "the attack": that old event again."""
        current = self._current
        if current is not None and current.sentences[-1].paragraph == reading.sentence.paragraph:
            return False
        return names_an_event(reading.sentence.text) and not dates_an_act(reading.dating)

    def _accident_gate(self, reading: Reading) -> str | None:
        """After an accident or an ordinary crime, a sentence of its paragraph with only a weak cue ("the
        explosion occurred at …", "soldiers put the corpses into bags"), an arrest ("police have arrested him")
        or, naming no actor, with the accident as its subject ("the blasts killed 50") tells that accident."""
        typing = reading.typing
        if typing is None:
            return None
        weak = typing.score < STRONG_CUE
        if (
            (weak or ACCIDENT_ANAPHOR.match(reading.sentence.text))
            and self._paragraph_told(ACCIDENT)
            and (weak or not reading.actors)
        ):
            return "tells again the accident of its paragraph"
        if typing.sub_event_type == "Arrests" and self._paragraph_told(CRIME):
            return "the arrest for the crime its paragraph told"
        return None

    def _typed_otherwise(self, reading: Reading) -> Reading:
        """The reading with the coder's own typing of a sentence no cue types; none after an accident for a
        sentence that names no actor (it tells that accident)."""
        typing = self.type_untyped(reading.sentence, reading.claims) if self.type_untyped else None
        if typing is None or (not reading.actors and self._paragraph_told(ACCIDENT)):
            return reading
        return reading.typed(typing)

    def _add_figures(self, reading: Reading) -> Decision:
        current, sentence = self._current, reading.sentence
        if current is not None and sentence.paragraph == current.sentences[-1].paragraph and reading.claims:
            current.sentences.append(sentence)
            current.typings.append(None)
            current.claims.extend(reading.claims)
            if not current.places:  # "the other dead of the strikes on Palmyra were fighters"
                current.places.extend(reading.places)
            return Decision(
                sentence, FIGURES, "no event cue; its figures belong to the event before", len(self.episodes) - 1
            )
        return Decision(sentence, SKIPPED, "no event cue")

    def _continues(self, current: Episode, reading: Reading, when: EventDate | None) -> str | None:
        """Same episode: no new date, no other region, and the same paragraph - or, in a later
        paragraph, no place or date of its own and the same kind of event ("the strike", "the blast")."""
        sentence, typing = reading.sentence, reading.typing
        own_day = current.date.day if current.date is not None and not current.date.inherited else None
        if when is not None and not when.spoken and own_day is not None and when.day != own_day:
            return None  # a new day is a new event; the day a source spoke on is not
        if opens_new_episode(sentence.text):
            return None
        new_admin1 = {t.place.admin1 for t in reading.places if t.place.admin1}
        if new_admin1 and current.admin1s and not new_admin1 & current.admin1s:
            return None
        if sentence.paragraph == current.sentences[-1].paragraph:
            return "same paragraph, no new day or region"
        if (
            not reading.places
            and when is None
            and typing is not None
            and typing.event_type == current.typing.event_type
        ):
            return "a later paragraph with no place or day of its own, the same kind of event"
        return None

    def _open(self, reading: Reading, when: EventDate | None) -> Decision:
        sentence, typing = reading.sentence, reading.typing
        assert typing is not None
        all_days = campaign_days(reading.dating, self.reference, text_dated=self.text_dated)
        days = [day for day in all_days if not self._too_old(day)]
        if all_days and not days:
            return Decision(sentence, SKIPPED, "every day it names is long before the report")
        cue = f"{typing.sub_event_type} (cue {typing.cue_id or 'of the learned coder'} {typing.cue!r})"
        if when is None and self._current is not None and self._current.date is not None:
            when = replace(self._current.date, inherited=True)  # a text runs on from the day it last named
        if len(days) == 1:
            when = EventDate(days[0], 1, when.phrase if when else "")
        if len(days) < 2:
            self._start(
                Episode(
                    typing,
                    [sentence],
                    _shift(reading.actors, sentence.start),
                    when,
                    reading.claims,
                    reading.places,
                    [reading.cue_typing],
                )
            )
            return Decision(sentence, EVENT, cue, len(self.episodes) - 1)
        first = len(self.episodes)
        shares = shared_claims(reading.claims, len(days))
        for number, day in enumerate(days):
            # ACLED codes a multi-day account as one event a day; its figures stay with the first day
            on_day = EventDate(day, 1, when.phrase if when else "")
            claims = shares[number]
            self._start(
                Episode(
                    typing,
                    [sentence],
                    _shift(reading.actors, sentence.start),
                    on_day,
                    claims,
                    reading.places,
                    [reading.cue_typing],
                )
            )
        return Decision(sentence, EVENT, f"{cue}, one event for each of its {len(days)} days", first)

    def _start(self, episode: Episode) -> None:
        self.episodes.append(episode)
        self._current = episode

    def _previous_day(self) -> date | None:
        current = self._current
        return current.date.day if current and current.date else None

    def _too_old(self, day: date) -> bool:
        return self.reference is not None and (self.reference - day).days > self.history_days

    def _places_in(self, sentence: Sentence) -> list[Toponym]:
        first = bisect_left(self._starts, sentence.start)
        last = bisect_left(self._starts, sentence.end, first)
        return self.toponyms[first:last]

    def _without_dateline(self, sentence: Sentence) -> str:
        """The sentence as dates are read from it: a dateline inside it dates the report, not the event."""
        dateline = self.dateline
        if dateline is None or not sentence.start <= dateline.start < sentence.end:
            return sentence.text
        start, end = dateline.start - sentence.start, min(dateline.end, sentence.end) - sentence.start
        return sentence.text[:start] + " " * (end - start) + sentence.text[end:]


def _shift(actors: list[Actor], offset: int) -> list[Actor]:
    return [
        Actor(a.name, a.inter, a.country, a.mention, (a.start_char or 0) + offset, (a.end_char or 0) + offset)
        for a in actors
    ]


def admin1s_within(toponyms: Sequence[Toponym], sentence: Sentence) -> set[str]:
    return {t.place.admin1 for t in toponyms if t.place.admin1 and sentence.start <= t.start_char < sentence.end}

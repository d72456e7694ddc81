"""The rule-based coder: sentences → episodes → ACLED-coded events with their claims and places."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date

from ..countries import acled_region
from ..model import Actor, Claim, Document, Event, Place, Toponym, make_event_id
from ..settings import Options
from .actors import Roles, assign_roles, find_actors
from .claims import claimant_in, find_claims
from .dates import Dateline, EventDate, campaign_days, find_dateline, is_background, names_day, resolve_date
from .event_types import EventTyping, classify_event, combine_typings, opens_new_episode
from .fatalities import fatality_range
from .modality import ACCIDENT, CONTEXT, REPORTED, UNLESS_DATED, sentence_mood
from .place_roles import event_places
from .sentences import Sentence, split_sentences

DEFAULT_COUNTRY = "Syria"
REPEAT_MIN_WORDS = 6  # shorter sentences ("Clashes went on.") may well be said twice of two events
STRONG_CUE = 2.5  # a cue weight that names the event's kind by itself ("roadside bomb", not "explosion")
ACCIDENT_ANAPHOR = re.compile(r"^\W*(?:the|these|those|both) (?:\w+ )?(?:blasts?|explosions?|fires?|collapse)\b", re.I)


@dataclass
class Episode:
    """Sentences that report one event while the coder reads on."""

    typing: EventTyping
    sentences: list[Sentence]
    actors: list[Actor]
    date: EventDate | None
    claims: list[Claim] = field(default_factory=list)
    places: list[Toponym] = field(default_factory=list)

    @property
    def admin1s(self) -> set[str]:
        """The governorates of the latest sentence that named any: a lead listing "Damascus, Aleppo and
        Idlib" is narrowed by a later "in Damascus city", and then "in Aleppo city" is another event."""
        latest = max((t.start_char for t in self.places if t.place.admin1), default=None)
        sentence = next((s for s in self.sentences if latest is not None and s.start <= latest < s.end), None)
        return _admin1s_within(self.places, sentence) if sentence else set()


class RuleBasedCoder:
    """sitrep's default coder: cue words, actor aliases and claim grammar from resources/."""

    name = "rules"

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()

    def code(self, document: Document, toponyms: Sequence[Toponym]) -> list[Event]:
        toponyms = event_places(document.text, [t for t in toponyms if _in_theatre(t.place)])
        fallback = _dominant_place(toponyms)
        # a story republished later keeps its dateline's day: its relative dates count from that
        dateline = find_dateline(document.text, document.published)
        reference = dateline.day if dateline else document.published
        episodes = self._episodes(document, split_sentences(document.text), toponyms, reference, dateline)
        episodes = [
            part
            for index, episode in enumerate(episodes)
            for part in _split_by_place(episode, document.text, episodes[index + 1 :])
        ]
        if episodes or not document.title:
            return [self._event(document, i, e, fallback, toponyms, reference) for i, e in enumerate(episodes)]
        # only the headline reports an event: code it, but its offsets do not point into the text
        episodes = self._episodes(document, split_sentences(document.title), [], reference, None)
        events = [self._event(document, i, e, fallback, [], reference) for i, e in enumerate(episodes)]
        for event in events:
            event.start_char = event.end_char = None
            for claim in event.claims:
                claim.start_char = claim.end_char = None
        return events

    def _episodes(
        self,
        document: Document,
        sentences: list[Sentence],
        toponyms: Sequence[Toponym],
        reference: date | None,
        dateline: Dateline | None,
    ) -> list[Episode]:
        episodes: list[Episode] = []
        current: Episode | None = None
        last_claimant, last_paragraph, accident_paragraph = None, -1, -1
        told: list[str] = []
        for sentence in sentences:
            if _told_before(sentence, told):
                continue
            if sentence.paragraph != last_paragraph:
                last_claimant, last_paragraph = None, sentence.paragraph
            places = [t for t in toponyms if sentence.start <= t.start_char < sentence.end]
            actors = find_actors(sentence.text, country=DEFAULT_COUNTRY)
            claimant = claimant_in(sentence.text)
            context = actors + (current.actors if current else [])
            claims = find_claims(
                sentence.text,
                offset=sentence.start,
                context=context,
                country=DEFAULT_COUNTRY,
                inherited_claimant=last_claimant,
            )
            last_claimant = claimant  # a claimant carries over to the next sentence only
            typing = classify_event(sentence.text)
            mood = sentence_mood(sentence.text, typing.first_cue if typing else None)
            if mood == ACCIDENT:
                accident_paragraph = sentence.paragraph
            dating = _without_dateline(sentence, dateline)
            if mood in UNLESS_DATED and names_day(dating):
                mood = REPORTED
            if mood == CONTEXT and current is None:
                mood = REPORTED  # nothing told yet for "the attack came as …" to refer to: the attack is the news
            if mood != REPORTED or is_background(dating, reference, self.options.history_days):
                continue
            if (
                typing
                and sentence.paragraph == accident_paragraph
                and not actors
                and _tells_the_accident(sentence, typing)
            ):
                continue  # after an industrial accident, "the explosion occurred at …" is that accident
            previous_day = current.date.day if current and current.date else None
            when = resolve_date(dating, reference, previous_day)
            if when and self._too_old(when.day, reference):
                continue  # a timeline or history, not news
            if typing is None:
                if current is not None and claims and sentence.paragraph == current.sentences[-1].paragraph:
                    current.sentences.append(sentence)
                    current.claims.extend(claims)
                    if not current.places:  # "the other dead of the strikes on Palmyra were fighters"
                        current.places.extend(places)
                    continue
                typing = self.type_untyped(sentence, claims)
                if typing is None or (sentence.paragraph == accident_paragraph and not actors):
                    continue
            if current is not None and self._continues(current, sentence, when, places, typing):
                current.typing = combine_typings(current.typing, typing)
                current.sentences.append(sentence)
                current.claims.extend(claims)
                current.places.extend(places)
                current.actors.extend(a for a in actors if a.name not in {x.name for x in current.actors})
                if current.date is None:
                    current.date = when
                continue
            all_days = campaign_days(dating, reference)
            days = [day for day in all_days if not self._too_old(day, reference)]
            if all_days and not days:
                continue  # "dropped nerve agents on December 11 and 12 and on March 30": a report's past findings
            if len(days) == 1:
                when = EventDate(days[0], 1, when.phrase if when else "")
            if len(days) < 2:
                current = Episode(typing, [sentence], _shift(actors, sentence.start), when, claims, places)
                episodes.append(current)
                continue
            for number, day in enumerate(days):
                # ACLED codes a multi-day account as one event a day; its figures stay with the first day
                on_day = EventDate(day, 1, when.phrase if when else "")
                current = Episode(
                    typing, [sentence], _shift(actors, sentence.start), on_day, claims if number == 0 else [], places
                )
                episodes.append(current)
        return episodes

    def type_untyped(self, sentence: Sentence, claims: list[Claim]) -> EventTyping | None:
        """A hook for coders built on the rules (the learned coder): the type of a reported sentence that
        no cue types and no earlier event of its paragraph takes in. The rules drop it."""
        return None

    def _too_old(self, day: date, reference: date | None) -> bool:
        return reference is not None and (reference - day).days > self.options.history_days

    @staticmethod
    def _continues(
        current: Episode, sentence: Sentence, when: EventDate | None, places: list[Toponym], typing: EventTyping
    ) -> bool:
        """Same episode: no new date, no other region, and the same paragraph - or, in a later
        paragraph, no place or date of its own and the same kind of event ("the strike", "the blast")."""
        if when is not None and not when.spoken and current.date is not None and when.day != current.date.day:
            return False  # a new day is a new event; the day a source spoke on is not
        if opens_new_episode(sentence.text):
            return False
        new_admin1 = {t.place.admin1 for t in places if t.place.admin1}
        if new_admin1 and current.admin1s and not new_admin1 & current.admin1s:
            return False
        if sentence.paragraph == current.sentences[-1].paragraph:
            return True
        return not places and when is None and typing.event_type == current.typing.event_type

    def _event(
        self,
        document: Document,
        ordinal: int,
        episode: Episode,
        fallback: Toponym | None,
        toponyms: Sequence[Toponym],
        reference: date | None,
    ) -> Event:
        first = episode.sentences[0]
        roles = _roles(episode)
        day = episode.date.day if episode.date else reference
        claims = _dedupe(episode.claims)
        fatalities, low, best, high = fatality_range(claims)
        event = Event(
            event_id=make_event_id(document.id, document.content_hash, ordinal),
            document_id=document.id,
            event_date=day.isoformat() if day else None,
            time_precision=episode.date.precision if episode.date else (2 if day else None),
            event_type=episode.typing.event_type,
            sub_event_type=episode.typing.sub_event_type,
            **asdict(roles),
            fatalities=fatalities,
            fatalities_low=low,
            fatalities_best=best,
            fatalities_high=high,
            claims=claims,
            source=document.publisher,
            sources=[document.publisher] if document.publisher else [],
            republished_by=document.republished_by,
            text=" ".join(s.text for s in episode.sentences),
            start_char=first.start,
            end_char=episode.sentences[-1].end,
            coder=self.name,
        )
        _fill_target_from_claims(event, claims)
        place = _best_place(episode, first, toponyms) or fallback
        if place is not None and place.place.resolved:
            event.set_place(place.place)
        else:
            event.country = DEFAULT_COUNTRY
        return event


# what may stand between two listed places, once the regions between them are left out:
# "in al-Bab and Jarablus in [Aleppo province] and in Ras al-Ain"
LISTED_AFTER = re.compile(
    r"^\s*(?:in\s*)?(?:,\s*(?:and\s+)?|and\s+)(?:in\s+)?(?:the\s+)?(?:(?:towns?|villages?|city)\s+of\s+)?$"
)
LIST_LEAD = re.compile(
    r"\b(?:in|at|across|on|over)\s+(?:the\s+)?(?:(?:towns?|villages?|cities|areas?|neighbou?rhoods?|districts?)\s+of\s+)?$",
    re.I,
)


def _split_by_place(episode: Episode, text: str, following: list[Episode]) -> list[Episode]:
    """ACLED codes one event per location: "clashes in A, B and C" are three events, alike but for the
    place; the figures, told for all of them at once, stay with the first. An episode whose later sentences
    name places of their own is left whole: its list was a summary those sentences narrow down. A listed
    governorate that a later event of the same kind tells apart is not split off again ("rocket attacks on
    Aleppo and Deir Ezzor … Meanwhile, rockets hit Deir Ezzor")."""
    first = episode.sentences[0]
    if any(t.start_char >= first.end for t in episode.places):
        return [episode]
    in_first = [t for t in episode.places if first.start <= t.start_char < first.end]
    listed = _listed_places(text, in_first, first)
    if len(listed) > 1:
        told_later = _admin1s_told_later(episode, following)
        listed = listed[:1] + [t for t in listed[1:] if t.place.admin1 not in told_later]
    if len(listed) < 2:
        return [episode]
    if _best_place(replace(episode, places=in_first), first, []) not in listed:
        return [episode]  # the list is an aside to the place the sentence is about
    return [replace(episode, places=[place], claims=episode.claims if i == 0 else []) for i, place in enumerate(listed)]


def _admin1s_told_later(episode: Episode, following: list[Episode]) -> set[str]:
    """The governorates later events of the episode's kind are placed in."""
    kind = episode.typing.event_type
    return {t.place.admin1 for later in following if later.typing.event_type == kind for t in later.places}


def _listed_places(text: str, places: list[Toponym], sentence: Sentence) -> list[Toponym]:
    """The distinct places a sentence lists as where it happened, finest list first; [] when it lists none.
    Towns are listed across the regions between them; only a sentence listing no towns lists its regions
    ("executed three men in Raqqa and Deir Ezzor provinces")."""
    resolved = [t for t in places if t.place.resolved]
    regions = [t for t in resolved if t.place.feature == "REGION"]
    towns = [t for t in resolved if t not in regions]
    return _place_list(text, towns, regions, sentence) or _place_list(text, regions, [], sentence)


def _place_list(text: str, places: list[Toponym], skipped: list[Toponym], sentence: Sentence) -> list[Toponym]:
    runs, run = [], []
    for toponym in sorted(places, key=lambda t: t.start_char):
        if run and LISTED_AFTER.match(_without(text, run[-1].end_char, toponym.start_char, skipped)):
            run.append(toponym)
        else:
            runs.append(run)
            run = [toponym]
    runs.append(run)
    lists = [
        r
        for r in runs
        if len({(t.place.latitude, t.place.longitude) for t in r}) == len(r) > 1
        and LIST_LEAD.search(text[sentence.start : r[0].start_char])
    ]
    return min(lists, key=lambda r: (max(t.place.precision or 3 for t in r), -len(r)), default=[])


def _without(text: str, start: int, end: int, toponyms: list[Toponym]) -> str:
    """text[start:end] with the given toponyms inside it cut out."""
    pieces, position = [], start
    inside = [t for t in toponyms if start <= t.start_char and t.end_char <= end]
    for toponym in sorted(inside, key=lambda t: t.start_char):
        pieces.append(text[position : toponym.start_char])
        position = toponym.end_char
    return "".join(pieces) + text[position:end]


def _roles(episode: Episode) -> Roles:
    """Roles from the episode's first sentence; a later sentence may name a missing initiator."""
    first = episode.sentences[0]
    roles = assign_roles(
        first.text, find_actors(first.text, country=DEFAULT_COUNTRY), episode.typing, country=DEFAULT_COUNTRY
    )
    for sentence in episode.sentences[1:]:
        if roles.actor1:
            break
        typing = classify_event(sentence.text) or episode.typing
        later = assign_roles(
            sentence.text, find_actors(sentence.text, country=DEFAULT_COUNTRY), typing, country=DEFAULT_COUNTRY
        )
        if later.actor1 and later.actor1 != roles.actor2:
            roles = replace(roles, actor1=later.actor1, inter1=later.inter1, assoc_actor_1=later.assoc_actor_1)
    return roles


def _tells_the_accident(sentence: Sentence, typing: EventTyping) -> bool:
    """After an accident, a sentence names no other event by a weak cue ("the explosion occurred at …") or
    with the accident as its subject ("the blasts killed at least 50 people")."""
    return typing.score < STRONG_CUE or bool(ACCIDENT_ANAPHOR.match(sentence.text))


def _told_before(sentence: Sentence, told: list[str]) -> bool:
    """A sentence the document already said word for word, alone or within a longer sentence: a
    republished lead or a pasted-in repeat reports no second event."""
    words = re.findall(r"\w+", sentence.text.lower())
    if len(words) < REPEAT_MIN_WORDS:
        return False
    key = f" {' '.join(words)} "
    if any(key in earlier for earlier in told):
        return True  # also within a longer sentence: "July 2011 Assad sacks …" repeated without its date
    told.append(key)
    return False


def _shift(actors: list[Actor], offset: int) -> list[Actor]:
    return [
        Actor(a.name, a.inter, a.country, a.mention, (a.start_char or 0) + offset, (a.end_char or 0) + offset)
        for a in actors
    ]


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """The same figure, kind and subject repeated by the same claimant counts once."""
    seen, kept = set(), []
    for claim in claims:
        key = (claim.kind, claim.value, claim.value_high, claim.subject.lower(), claim.claimant)
        if key not in seen:
            seen.add(key)
            kept.append(claim)
    return kept


def _fill_target_from_claims(event: Event, claims: list[Claim]) -> None:
    """A battle's target is often named only through its dead: "killing 8 soldiers"."""
    if event.actor2 or not event.actor1:
        return
    from .actors import catalog

    for claim in claims:
        if claim.side and claim.side != event.actor1 and claim.kind in ("killed", "wounded", "missing", "detained"):
            entry = catalog().by_name.get(claim.side)
            event.actor2 = claim.side
            event.inter2 = entry.inter if entry else None
            return


def _without_dateline(sentence: Sentence, dateline: Dateline | None) -> str:
    """The sentence as dates are read from it: a dateline inside it dates the report, not the event."""
    if dateline is None or not sentence.start <= dateline.start < sentence.end:
        return sentence.text
    start, end = dateline.start - sentence.start, min(dateline.end, sentence.end) - sentence.start
    return sentence.text[:start] + " " * (end - start) + sentence.text[end:]


def _best_place(episode: Episode, first: Sentence, toponyms: Sequence[Toponym]) -> Toponym | None:
    """The finest resolved place of the episode; else the nearest earlier one in its paragraph.
    Where the opening sentence names its governorate, a later finer place must lie in it: "a bombing in
    central Damascus … the al-Midan neighbourhood" narrows the place, a namesake elsewhere does not."""
    resolved = [t for t in episode.places if t.place.resolved]
    opening = _opening_admin1s(episode, resolved)
    if opening:
        resolved = [t for t in resolved if t.place.admin1 in opening]
    if resolved:
        return min(resolved, key=lambda t: (t.place.country != DEFAULT_COUNTRY, t.place.precision or 3, t.start_char))
    earlier = [t for t in toponyms if t.start_char < first.start and t.place.resolved]
    return earlier[-1] if earlier else None


def _opening_admin1s(episode: Episode, resolved: list[Toponym]) -> set[str]:
    """The governorates the episode opens with, in its first sentence that names any; a lead listing several
    ("attacks in Daraa countryside, Aleppo and Damascus") is narrowed by the next sentence that names some
    of them ("Izraa, in Daraa")."""
    by_sentence = [_admin1s_within(resolved, s) for s in episode.sentences]
    named = [admin1s for admin1s in by_sentence if admin1s]
    if not named:
        return set()
    opening = named[0]
    if len(opening) > 1 and len(named) > 1 and named[1] < opening:
        return named[1]
    return opening


def _admin1s_within(toponyms: Sequence[Toponym], sentence: Sentence) -> set[str]:
    return {t.place.admin1 for t in toponyms if t.place.admin1 and sentence.start <= t.start_char < sentence.end}


def _in_theatre(place: Place) -> bool:
    """Events happen in the conflict's region: "Washington" or "Moscow" in a Syria report is where
    statements come from, not where fighting is."""
    return not place.country or acled_region(place.country) == acled_region(DEFAULT_COUNTRY)


def _dominant_place(toponyms: Sequence[Toponym]) -> Toponym | None:
    """The document's most-mentioned admin1, represented by its first mention."""
    resolved = [t for t in toponyms if t.place.resolved and t.place.admin1]
    if not resolved:
        return None
    top = Counter(t.place.admin1 for t in resolved).most_common(1)[0][0]
    return next(t for t in resolved if t.place.admin1 == top)

"""The rule-based coder: sentences → episodes → ACLED-coded events with their claims and places."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from datetime import date

from ..model import Claim, Document, Event, Toponym, make_event_id
from ..resource_files import load_yaml
from ..settings import Options
from .actor_catalog import dated, inter_of
from .actors import ARMED, Roles, assign_roles, find_actors
from .codebook import apply_codebook
from .dates import find_dateline, text_date
from .episodes import Decision, Episode, EpisodeReader
from .event_types import EventTyping
from .fatalities import fatality_range
from .locating import best_place, dominant_place, in_theatre, lead_place, split_by_place
from .place_roles import event_places
from .sentences import Sentence, split_sentences

DEFAULT_COUNTRY = "Syria"  # the theatre when neither the options nor the text's places name one


class RuleBasedCoder:
    """sitrep's default coder: cue words, actor aliases and claim grammar from resources/."""

    name = "rules"

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()

    type_untyped: Callable[[Sentence, list[Claim]], EventTyping | None] | None = None
    """A hook for coders built on the rules (the learned coder): the type of a reported sentence that no cue
    types and no earlier event of its paragraph takes in. The rules have none: they drop such a sentence."""

    def code(self, document: Document, toponyms: Sequence[Toponym]) -> list[Event]:
        return self._code(document, toponyms, explaining=False)[0]

    def explain(self, document: Document, toponyms: Sequence[Toponym]) -> list[str]:
        """Why each sentence became an event or did not, one line a sentence (`sitrep extract --explain`)."""
        events, decisions = self._code(document, toponyms, explaining=True)
        lines = [decision.describe(number) for number, decision in enumerate(decisions, start=1)]
        if not events:
            lines.append("no event")
        return lines

    def _code(
        self, document: Document, toponyms: Sequence[Toponym], *, explaining: bool
    ) -> tuple[list[Event], list[Decision]]:
        """Coded in the configured country; without one, in Syria unless its events lie in another country and
        none in Syria ("Iraqi troops retook a village south of Mosul"): then in that country. Explaining, every
        sentence is asked why it became an event or did not; else only those that still can."""
        if self.options.country:
            return self._code_in(configured_country(self.options.country), document, toponyms, explaining)
        events, decisions = self._code_in(DEFAULT_COUNTRY, document, toponyms, explaining)
        located = Counter(e.country for e in events if e.latitude is not None and e.country)
        if not located or DEFAULT_COUNTRY in located:
            return events, decisions
        return self._code_in(located.most_common(1)[0][0], document, toponyms, explaining)

    def _code_in(
        self, country: str, document: Document, toponyms: Sequence[Toponym], explaining: bool
    ) -> tuple[list[Event], list[Decision]]:
        toponyms = event_places(document.text, [t for t in toponyms if in_theatre(t.place, country)])
        fallback = dominant_place(toponyms)
        # a story republished later keeps its dateline's day: its relative dates count from that
        dateline = find_dateline(document.text, document.published)
        reference = dateline.day if dateline else document.published
        text_dated = reference is None and (reference := text_date(document.text)) is not None
        reader = self._reader(country, reference, dateline, toponyms, text_dated, explaining)
        episodes = split_by_place(reader.read(split_sentences(document.text)), document.text, country)
        if episodes or not document.title:
            known = _Known(document, document.content_hash, fallback, toponyms, reference, country)
            return [self._event(known, i, e) for i, e in enumerate(episodes)], reader.decisions
        # only the headline reports an event: code it, but its offsets do not point into the text
        headline = self._reader(country, reference, None, [], text_dated, explaining)
        episodes = headline.read(split_sentences(document.title))
        known = _Known(document, document.content_hash, fallback, [], reference, country)
        events = [self._event(known, i, e) for i, e in enumerate(episodes)]
        for event in events:
            event.start_char = event.end_char = None
            for claim in event.claims:
                claim.start_char = claim.end_char = None
        headline_decisions = [replace(d, reason=f"(headline) {d.reason}") for d in headline.decisions]
        return events, reader.decisions + headline_decisions

    def _reader(self, country, reference, dateline, toponyms, text_dated: bool, explaining: bool) -> EpisodeReader:
        return EpisodeReader(
            history_days=self.options.history_days,
            country=country,
            reference=reference,
            text_dated=text_dated,
            dateline=dateline,
            toponyms=toponyms,
            type_untyped=self.type_untyped,
            explaining=explaining,
        )

    def _event(self, known: _Known, ordinal: int, episode: Episode) -> Event:
        document, country = known.document, known.country
        first = episode.sentences[0]
        day = episode.date.day if episode.date else known.reference
        claims = [replace(c, side=dated(c.side, country, day)) if c.side else c for c in _dedupe(episode.claims)]
        roles = _target_from_claims(episode.typing, _roles(episode, country, day), claims, country)
        typing, roles = apply_codebook(episode.typing, roles, day, text=first.text, country=country)
        fatalities, low, best, high = fatality_range(claims)
        event = Event(
            event_id=make_event_id(document.id, known.document_hash, ordinal),
            document_id=document.id,
            event_date=day.isoformat() if day else None,
            time_precision=episode.date.precision if episode.date else (2 if day else None),
            event_type=typing.event_type,
            sub_event_type=typing.sub_event_type,
            **{f.name: getattr(roles, f.name) for f in fields(roles)},  # asdict deep-copies: slow
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
        lead = known.lead if known.lead is not None and known.lead.start_char < first.start else None
        place = best_place(episode, first, lead, country) or known.fallback
        if place is not None and place.place.resolved:
            event.set_place(place.place)
        else:
            event.country = country
        return event


class _Known:
    """What every event of a document is coded with: the document, its places, its reference day, its theatre."""

    def __init__(
        self,
        document: Document,
        document_hash: str,
        fallback: Toponym | None,
        toponyms: Sequence[Toponym],
        reference: date | None,
        country: str,
    ) -> None:
        self.document, self.document_hash, self.fallback = document, document_hash, fallback
        self.lead = lead_place(toponyms, country)
        self.reference, self.country = reference, country


def configured_country(configured: str) -> str:
    """A configured country, an ISO2 code ("IQ") or a name, as the name the coder writes."""
    facts = load_yaml("countries.yaml").get(configured.upper())
    return facts["name"] if facts else configured


def _roles(episode: Episode, country: str, day: date | None) -> Roles:
    """Roles from the episode's first sentence; a later sentence may name a missing initiator."""
    first = episode.sentences[0]
    actors = find_actors(first.text, country=country, day=day)
    roles = assign_roles(first.text, actors, episode.typing, country=country, day=day)
    for sentence, own_typing in zip(episode.sentences[1:], episode.typings[1:], strict=True):
        if roles.actor1:
            break
        typing = own_typing or episode.typing
        actors = find_actors(sentence.text, country=country, day=day)
        later = assign_roles(sentence.text, actors, typing, country=country, day=day)
        if later.actor1 and later.actor1 != roles.actor2:
            roles = replace(roles, actor1=later.actor1, inter1=later.inter1, assoc_actor_1=later.assoc_actor_1)
    claimed = episode.claimed_by
    if claimed and claimed.name != roles.actor2 and (not roles.actor1 or roles.actor1.startswith("Unidentified ")):
        roles = replace(roles, actor1=claimed.name, inter1=claimed.inter)  # who claimed it did it
    return roles


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """The same figure, kind and subject repeated by the same claimant counts once."""
    seen, kept = set(), []
    for claim in claims:
        key = (claim.kind, claim.value, claim.value_high, claim.subject.lower(), claim.claimant)
        if key not in seen:
            seen.add(key)
            kept.append(claim)
    return kept


def _target_from_claims(typing: EventTyping, roles: Roles, claims: list[Claim], country: str) -> Roles:
    """A battle's target is often named only through its dead ("killing 8 soldiers"), and so is a force
    attacked in what reads as an attack on civilians ("gunmen killed a soldier"): its side is actor2."""
    if not roles.actor1:
        return roles
    for claim in claims:
        if not claim.side or claim.side == roles.actor1 or claim.kind not in VICTIM_KINDS:
            continue
        inter = inter_of(claim.side, country)
        if not roles.actor2:
            return replace(roles, actor2=claim.side, inter2=inter)
        generic_civilians = roles.inter2 == 7 and roles.actor2.startswith("Civilians (")
        if typing.sub_event_type == "Attack" and generic_civilians and inter in ARMED:
            return replace(roles, actor2=claim.side, inter2=inter)
    return roles


VICTIM_KINDS = ("killed", "wounded", "missing", "detained", "kidnapped")

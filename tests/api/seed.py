"""A small store of hand-written reports for the API and dashboard tests (invented events).

Built from Documents and Events directly, so the tests know every figure; `seed_store` is shared with
the browser test and the benchmark keeps its own, larger generator.
"""

from __future__ import annotations

from datetime import date

from sitrep.model import Claim, Document, Event, make_event_id
from sitrep.pipeline import store_document
from sitrep.store import Store

AMBUSH_TEXT = (
    "ALEPPO, March 3 (Test Wire) - Gunmen ambushed an army patrol near Tal Rifaat on Tuesday. "
    "Activists said 9 soldiers were killed, while state media put the toll at 4 soldiers."
)
SECOND_AMBUSH_TEXT = (
    "HAMA (Coast Daily) - Insurgents attacked an army patrol close to Tal Rifaat on Tuesday; "
    "an army source said 2 soldiers were killed in the ambush."
)
SHELLING_TEXT = "Artillery struck the outskirts of Saraqib on Friday and at least 6 civilians died, medics reported."
PROTEST_TEXT = "Hundreds of residents gathered in the main square of Suwayda on Sunday to protest fuel prices."
AIRSTRIKE_TEXT = "Warplanes hit a market in Ariha on Monday; rescuers counted 11 bodies and up to 15 people hurt."
UNLOCATED_TEXT = "Two members of a local council were detained at an unnamed checkpoint, relatives said."
REVISED_TEXT = "A roadside bomb exploded near Azaz on Wednesday, killing 2 people, a local outlet reported."
REVISED_TEXT_2 = "A roadside bomb exploded near Azaz on Wednesday, killing 5 people, a local outlet reported later."


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _claim(text: str, sentence: str, figure: str, **values) -> Claim:
    start, end = _span(text, figure)
    return Claim(text=sentence, start_char=start, end_char=end, **values)


def _event(document: Document, ordinal: int, sentence: str, **values) -> Event:
    start, end = _span(document.text, sentence)
    event = Event(
        event_id=make_event_id(document.id, document.content_hash, ordinal),
        document_id=document.id,
        text=sentence,
        start_char=start,
        end_char=end,
        source=document.publisher,
        coder="test",
        **values,
    )
    event.sources = [document.publisher] if document.publisher else []
    return event


def _document(doc_id: str, text: str, published: str, publisher: str, title: str) -> Document:
    return Document(id=doc_id, text=text, title=title, published=date.fromisoformat(published), publisher=publisher)


# what both outlets' reports of the ambush say of it, besides their figures
AMBUSH = dict(
    event_date="2021-03-02", time_precision=1, event_type="Battles", sub_event_type="Armed clash",
    actor1="Unidentified Armed Group (Syria)", actor2="Military Forces of Syria (2000-)",
    country="Syria", admin1="Aleppo", location="Tall Rif'at", latitude=36.47, longitude=37.10, geo_precision=2,
)  # fmt: skip


def ambush() -> tuple[Document, list[Event]]:
    doc = _document("wire/ambush-1", AMBUSH_TEXT, "2021-03-03", "Test Wire", "Patrol ambushed near Tal Rifaat")
    sentence = "Activists said 9 soldiers were killed, while state media put the toll at 4 soldiers."
    claims = [
        _claim(doc.text, sentence, "9 soldiers", kind="killed", value=9, subject="soldiers",
               side="Military Forces of Syria (2000-)", claimant="Activists"),
        _claim(doc.text, sentence, "4 soldiers", kind="killed", value=4, subject="soldiers",
               side="Military Forces of Syria (2000-)", claimant="state media"),
    ]  # fmt: skip
    event = _event(
        doc, 0, "Gunmen ambushed an army patrol near Tal Rifaat on Tuesday.", **AMBUSH,
        fatalities=4, fatalities_low=4, fatalities_best=9, fatalities_high=9, claims=claims,
    )  # fmt: skip
    return doc, [event]


def second_ambush() -> tuple[Document, list[Event]]:
    """The same ambush from another outlet, a day later, with the army's lower toll."""
    doc = _document("coast/patrol-attack", SECOND_AMBUSH_TEXT, "2021-03-04", "Coast Daily", "Army patrol attacked")
    sentence = "an army source said 2 soldiers were killed in the ambush."
    claims = [
        _claim(doc.text, sentence, "2 soldiers", kind="killed", value=2, subject="soldiers",
               side="Military Forces of Syria (2000-)", claimant="an army source"),
    ]  # fmt: skip
    event = _event(
        doc, 0, "Insurgents attacked an army patrol close to Tal Rifaat on Tuesday;", **AMBUSH,
        fatalities=2, fatalities_low=2, fatalities_best=2, fatalities_high=2, claims=claims,
    )  # fmt: skip
    return doc, [event]


def shelling() -> tuple[Document, list[Event]]:
    doc = _document("reports/saraqib.txt", SHELLING_TEXT, "2021-03-06", "Idlib Monitor", "Shelling of Saraqib")
    claims = [_claim(doc.text, SHELLING_TEXT, "at least 6 civilians", kind="killed", value=6, quantifier="at_least",
                     subject="civilians", claimant="medics")]  # fmt: skip
    event = _event(
        doc, 0, SHELLING_TEXT,
        event_date="2021-03-05", time_precision=1, event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack", actor1="Military Forces of Syria (2000-)",
        actor2="Civilians (Syria)", country="Syria", admin1="Idleb", location="Saraqib",
        latitude=35.86, longitude=36.81, geo_precision=2,
        fatalities=6, fatalities_low=6, fatalities_best=6, fatalities_high=6, claims=claims,
    )  # fmt: skip
    return doc, [event]


def protest() -> tuple[Document, list[Event]]:
    doc = _document("local/suwayda-protest", PROTEST_TEXT, "2021-03-08", "Suwayda Voice", "Fuel price protest")
    event = _event(
        doc, 0, PROTEST_TEXT,
        event_date="2021-03-07", time_precision=1, event_type="Protests", sub_event_type="Peaceful protest",
        actor1="Protesters (Syria)", country="Syria", admin1="As-Sweida", location="As-Suwayda",
        latitude=32.71, longitude=36.57, geo_precision=1,
    )  # fmt: skip
    return doc, [event]


def airstrike() -> tuple[Document, list[Event]]:
    doc = _document("wire/ariha-market", AIRSTRIKE_TEXT, "2021-03-16", "Test Wire", "Market hit in Ariha")
    claims = [
        _claim(doc.text, AIRSTRIKE_TEXT, "11 bodies", kind="killed", value=11, subject="people", claimant="rescuers"),
        _claim(doc.text, AIRSTRIKE_TEXT, "up to 15 people", kind="wounded", value=15, quantifier="up_to",
               subject="people", claimant="rescuers"),
    ]  # fmt: skip
    event = _event(
        doc, 0, AIRSTRIKE_TEXT,
        event_date="2021-03-15", time_precision=1, event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike", actor1="Military Forces of Russia (2000-)", actor2="Civilians (Syria)",
        country="Syria", admin1="Idleb", location="Ariha", latitude=35.81, longitude=36.61, geo_precision=1,
        fatalities=11, fatalities_low=11, fatalities_best=11, fatalities_high=11, claims=claims,
    )  # fmt: skip
    return doc, [event]


def unlocated() -> tuple[Document, list[Event]]:
    doc = _document("ngo/detentions", UNLOCATED_TEXT, "2021-02-20", "Rights Desk", "Council members detained")
    claims = [_claim(doc.text, UNLOCATED_TEXT, "Two members", kind="detained", value=2, subject="council members",
                     claimant="relatives")]  # fmt: skip
    event = _event(
        doc, 0, UNLOCATED_TEXT,
        event_date="2021-02-19", time_precision=2, event_type="Strategic developments", sub_event_type="Arrests",
        actor1="Police Forces of Syria (2000-)", country="Syria", claims=claims,
    )  # fmt: skip
    return doc, [event]


def roadside_bomb(text: str = REVISED_TEXT, killed: int = 2) -> tuple[Document, list[Event]]:
    doc = _document("local/azaz-bomb", text, "2021-03-11", "Northern Desk", "Bomb near Azaz")
    figure = f"killing {killed} people"
    claims = [_claim(doc.text, text, figure, kind="killed", value=killed, subject="people")]
    event = _event(
        doc, 0, text,
        event_date="2021-03-10", time_precision=1, event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED", actor1="Unidentified Armed Group (Syria)",
        actor2="Civilians (Syria)", country="Syria", admin1="Aleppo", location="A'zaz",
        latitude=36.59, longitude=37.05, geo_precision=2,
        fatalities=killed, fatalities_low=killed, fatalities_best=killed, fatalities_high=killed, claims=claims,
    )  # fmt: skip
    return doc, [event]


CURRENT_REPORTS = 7  # one per document; the bomb report's first revision is superseded
CURRENT_EVENTS = 6  # canonical: the two outlets' ambush reports are one event


def seed_store(url: str) -> Store:
    """A store with seven current reports (and one superseded revision) of six events, dated
    2021-02-19 … 2021-03-15, merged as `sitrep ingest` merges them."""
    store = Store.open(url)
    for build in (ambush, second_ambush, shelling, protest, airstrike, unlocated, roadside_bomb):
        store_document(store, *build())
    store_document(store, *roadside_bomb(REVISED_TEXT_2, killed=5))
    return store

"""A store seeded with one week of hand-written events (own sentences), shared by the report tests."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.model import Claim, Document, Event, make_event_id
from sitrep.pipeline import store_document
from sitrep.store import Store

WEEK = (date(2021, 3, 1), date(2021, 3, 7))


def _claim(kind, value, subject, side, claimant, text, quantifier="exact"):
    return Claim(
        kind=kind, value=value, quantifier=quantifier, subject=subject, side=side, claimant=claimant, text=text
    )


ARMY = "Military Forces of Syria (2000-)"
HTS = "HTS: Hayat Tahrir al Sham"
CIVILIANS = "Civilians (Syria)"

# what both outlets' reports of the Saraqab clash say of it, besides their figures
SARAQAB_CLASH = dict(
    event_date="2021-03-01",
    event_type="Battles",
    sub_event_type="Armed clash",
    actor1=ARMY,
    actor2=HTS,
    admin1="Idleb",
    location="Saraqab",
    latitude=35.86,
    longitude=36.8,
    time_precision=1,
    geo_precision=1,
)

# (document id, publisher, re-publisher, event fields, claims)
SEED = [
    (
        "w1",
        "SANA",
        None,
        dict(
            **SARAQAB_CLASH,
            fatalities=7,
            fatalities_low=7,
            fatalities_best=9,
            fatalities_high=30,
        ),
        [
            _claim("killed", 7, "soldiers", ARMY, "a military source", "A military source said seven soldiers fell."),
            _claim(
                "killed", 30, "soldiers", ARMY, "opposition fighters", "Opposition fighters said they killed 30 troops."
            ),
        ],
    ),
    (  # the same clash from an opposition outlet: one event with w1, two reports
        "w1b",
        "Enab Baladi",
        None,
        dict(
            **SARAQAB_CLASH,
            fatalities=25,
            fatalities_low=25,
            fatalities_best=25,
            fatalities_high=25,
        ),
        [
            _claim(
                "killed",
                25,
                "soldiers",
                ARMY,
                "rebels",
                "Rebels said they killed 25 soldiers, troops who fell near Saraqab.",
            )
        ],
    ),
    (
        "w2",
        "SOHR",
        "Ahram Online",
        dict(
            event_date="2021-03-03",
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            actor1="Military Forces of Russia (2000-)",
            actor2=CIVILIANS,
            admin1="Idleb",
            location="Ariha",
            latitude=35.81,
            longitude=36.61,
            fatalities=12,
            fatalities_low=12,
            fatalities_best=12,
            fatalities_high=15,
        ),
        [_claim("killed", 12, "civilians", CIVILIANS, None, "Twelve villagers died when jets struck a bakery.")],
    ),
    (
        "w3",
        "Hawar News",
        None,
        dict(
            event_date="2021-03-03",
            event_type="Violence against civilians",
            sub_event_type="Abduction/forced disappearance",
            actor1="Unidentified Armed Group (Syria)",
            actor2=CIVILIANS,
            admin1="Al Hasakeh",
            location="Tall Tamr",
            latitude=36.65,
            longitude=40.37,
        ),
        [
            _claim(
                "kidnapped", 2, "teachers", CIVILIANS, "local officials", "Gunmen seized two teachers on a school run."
            )
        ],
    ),
    (
        "w4",
        "Valley Courier",
        None,
        dict(
            event_date="2021-03-06",
            event_type="Protests",
            sub_event_type="Peaceful protest",
            actor1="Protesters (Syria)",
            admin1="As-Sweida",
            location="As-Suwayda",
            latitude=32.71,
            longitude=36.57,
        ),
        [],
    ),
    (
        "w5",
        "TASS",
        None,
        dict(
            event_date="2021-03-07",
            event_type="Battles",
            sub_event_type="Armed clash",
            actor1=ARMY,
            actor2="Islamic State (Syria)",
            admin1=None,
            location=None,
            fatalities=3,
            fatalities_low=3,
            fatalities_best=3,
            fatalities_high=3,
        ),
        [_claim("killed", 3, "militants", "Islamic State (Syria)", "the Russian military", "Three raiders were shot.")],
    ),
    (
        "outside",
        "Reuters",
        None,
        dict(
            event_date="2021-03-09",
            event_type="Battles",
            sub_event_type="Armed clash",
            admin1="Idleb",
            fatalities=50,
            fatalities_low=50,
            fatalities_best=50,
            fatalities_high=50,
        ),
        [],
    ),
]


def seed_store(url: str) -> None:
    store = Store.open(url)
    try:
        for doc_id, publisher, republisher, fields, claims in SEED:
            text = " ".join(c.text for c in claims) or f"A report of {doc_id}."
            document = Document(
                id=doc_id,
                text=text,
                published=date.fromisoformat(fields["event_date"]),
                publisher=publisher,
                republished_by=republisher,
            )
            event = Event(
                event_id=make_event_id(doc_id, document.content_hash, 0),
                document_id=doc_id,
                country="Syria",
                source=publisher,
                sources=[publisher],
                republished_by=republisher,
                text=text,
                claims=claims,
                **fields,
            )
            store_document(store, document, [event])
    finally:
        store.close()


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('report-store') / 'week.db'}"
    seed_store(url)
    return url

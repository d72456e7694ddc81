"""Small invented training files: an ACLED-style export and a CASE-style TSV, written by the tests.

Every note is made up for these tests from the templates below (invented groups, villages and dates).
"""

from __future__ import annotations

import csv
from pathlib import Path

VILLAGES = [
    "Tell Warda",
    "Kafr Sabun",
    "Ain Jadida",
    "Mazraat Nour",
    "Qasr Hamid",
    "Birat Zein",
    "Jubb Kalb",
    "Umm Tuyur",
]
COLUMNS = [
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "country",
    "admin1",
    "source",
    "source_scale",
    "notes",
    "fatalities",
]
DAWN = "Free Dawn Brigades"  # an invented faction the built-in catalogue does not know
ARMY = "Military Forces of Syria (2000-)"
CIVILIANS = "Civilians (Syria)"
PROTESTERS = "Protesters (Syria)"

# (event_type, sub_event_type, actor1, inter1, actor2, inter2, note template)
TEMPLATES = [
    (
        "Battles",
        "Armed clash",
        DAWN,
        2,
        ARMY,
        1,
        "On {day} March 2021, Dawn Brigades fighters traded fire with the Syrian army outside {village}, {n} of them died.",
    ),
    (
        "Battles",
        "Armed clash",
        DAWN,
        2,
        ARMY,
        1,
        "On {day} March 2021, a long gunfight broke out between Dawn Brigades units and government troops near {village}.",
    ),
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        ARMY,
        1,
        CIVILIANS,
        7,
        "On {day} March 2021, army artillery pounded farmland around {village}, hitting {n} homes.",
    ),
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        ARMY,
        1,
        DAWN,
        2,
        "On {day} March 2021, regime forces fired rockets and mortar rounds at Dawn Brigades posts close to {village}.",
    ),
    (
        "Protests",
        "Peaceful protest",
        PROTESTERS,
        6,
        "",
        None,
        "On {day} March 2021, residents of {village} held a sit-in to demand clean water and power, without incident.",
    ),
    (
        "Protests",
        "Peaceful protest",
        PROTESTERS,
        6,
        "",
        None,
        "On {day} March 2021, teachers in {village} marched to the municipal office calling for unpaid salaries.",
    ),
    (
        "Strategic developments",
        "Arrests",
        ARMY,
        1,
        CIVILIANS,
        7,
        "On {day} March 2021, the army detained {n} young men at a roadblock at the entrance of {village}.",
    ),
    (
        "Strategic developments",
        "Arrests",
        DAWN,
        2,
        CIVILIANS,
        7,
        "On {day} March 2021, Dawn Brigades gunmen arrested a shop owner in {village} over alleged contacts with the army.",
    ),
]
RARE = (
    "Violence against civilians",
    "Sexual violence",
    DAWN,
    2,
    CIVILIANS,
    7,
    "On {day} March 2021, Dawn Brigades members assaulted a woman at a checkpoint near {village}.",
)
SOURCES = [
    ("Sawt Tell Warda", "Local partner"),
    ("Levant Daily", "National"),
    ("Sawt Tell Warda; World Wire", "Local partner-International"),
]


def acled_rows(rows_per_template: int = 4, rare: int = 2) -> list[dict]:
    rows = []
    templates = [t for t in TEMPLATES for _ in range(rows_per_template)] + [RARE] * rare
    for number, (event_type, sub_type, actor1, inter1, actor2, inter2, note) in enumerate(templates):
        village = VILLAGES[number % len(VILLAGES)]
        source, scale = SOURCES[number % len(SOURCES)]
        rows.append(
            {
                "event_id_cnty": f"INV{number:03d}",
                "event_date": f"{1 + number % 28} March 2021",
                "event_type": event_type,
                "sub_event_type": sub_type,
                "actor1": actor1,
                "assoc_actor_1": "",
                "inter1": inter1,
                "actor2": actor2,
                "assoc_actor_2": "",
                "inter2": inter2 or "",
                "country": "Syria",
                "admin1": "Idleb",
                "source": source,
                "source_scale": scale,
                "notes": note.format(day=1 + number % 28, village=village, n=2 + number % 5),
                "fatalities": 0,
            }
        )
    return rows


def write_acled(path: Path, rows: list[dict] | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fp:
        writer = csv.DictWriter(fp, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows if rows is not None else acled_rows())
    return path


# CASE-style snippets: four kinds of event and one kind of non-event (a storm), all invented
SNIPPETS = [
    ("AIR_STRIKE", "Jets bombed a fuel depot on the edge of {village} before dawn, witnesses said."),
    ("AIR_STRIKE", "A drone fired a missile at a pickup truck on the road leaving {village}."),
    ("PEACE_PROTEST", "Hundreds of farmers rallied peacefully in {village} over the price of seed."),
    ("PEACE_PROTEST", "Students in {village} staged a silent march for jailed classmates."),
    ("ARREST", "Police in {village} picked up a blogger at his home and took him to an unknown place."),
    ("ARREST", "Security agents detained two nurses from {village} accused of speaking to reporters."),
    ("NATURAL_DISASTER", "A storm flooded the low streets of {village} and tore roofs off houses."),
    ("NATURAL_DISASTER", "Heavy snow cut the only road to {village} for three days."),
]


def write_case(path: Path, rows_per_snippet: int = 5) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fp:
        fp.write("id\tEventSnippet\tSubType\n")
        number = 0
        for label, snippet in SNIPPETS:
            for _ in range(rows_per_snippet):
                fp.write(f"s{number}\t{snippet.format(village=VILLAGES[number % len(VILLAGES)])}\t{label}\n")
                number += 1
    return path

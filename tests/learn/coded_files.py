"""Small invented training files: an ACLED-style export and a CASE-style TSV, written by the tests.

Every note is made up for these tests from the templates below (invented groups, villages and dates).
"""

from __future__ import annotations

import csv
from pathlib import Path

from sitrep.export.acled import COLUMNS  # an export with every column ACLED's has
from sitrep.model import SUB_EVENT_TYPES

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
DAWN = "Free Dawn Brigades"  # an invented faction the built-in catalogue does not know
ARMY = "Military Forces of Syria (2000-)"
CIVILIANS = "Civilians (Syria)"
PROTESTERS = "Protesters (Syria)"
INTER = {DAWN: 2, ARMY: 1, CIVILIANS: 7, PROTESTERS: 6, "": ""}
D = "On {day} March 2021, "

# (sub_event_type, actor1, actor2, note)
TEMPLATES = [
    ("Armed clash", DAWN, ARMY, D + "Dawn Brigades fighters traded fire with the Syrian army outside {village}, {n} of them died."),
    ("Armed clash", DAWN, ARMY, D + "a long gunfight broke out between Dawn Brigades units and government troops near {village}."),
    ("Shelling/artillery/missile attack", ARMY, CIVILIANS, D + "army artillery pounded farmland around {village}, hitting {n} homes."),
    ("Shelling/artillery/missile attack", ARMY, DAWN, D + "regime forces fired rockets and mortar rounds at Dawn Brigades posts close to {village}."),
    ("Peaceful protest", PROTESTERS, "", D + "residents of {village} held a sit-in to demand clean water and power, without incident."),
    ("Peaceful protest", PROTESTERS, "", D + "teachers in {village} marched to the municipal office calling for unpaid salaries."),
    ("Arrests", ARMY, CIVILIANS, D + "the army detained {n} young men at a roadblock at the entrance of {village}."),
    ("Arrests", DAWN, CIVILIANS, D + "Dawn Brigades gunmen arrested a shop owner in {village} over alleged contacts with the army."),
]  # fmt: skip
RARE = (
    "Sexual violence",
    DAWN,
    CIVILIANS,
    D + "Dawn Brigades members assaulted a woman at a checkpoint near {village}.",
)
SOURCES = [
    ("Sawt Tell Warda", "Local partner"),
    ("Levant Daily", "National"),
    ("Sawt Tell Warda; World Wire", "Local partner-International"),
]


def acled_rows(rows_per_template: int = 4, rare: int = 2) -> list[dict]:
    rows = []
    templates = [t for t in TEMPLATES for _ in range(rows_per_template)] + [RARE] * rare
    for number, (sub_type, actor1, actor2, note) in enumerate(templates):
        source, scale = SOURCES[number % len(SOURCES)]
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            event_id_cnty=f"INV{number:03d}",
            event_date=f"{1 + number % 28} March 2021",
            event_type=SUB_EVENT_TYPES[sub_type],
            sub_event_type=sub_type,
            actor1=actor1,
            inter1=INTER[actor1],
            actor2=actor2,
            inter2=INTER[actor2],
            country="Syria",
            admin1="Idleb",
            source=source,
            source_scale=scale,
            notes=note.format(day=1 + number % 28, village=VILLAGES[number % len(VILLAGES)], n=2 + number % 5),
            fatalities=0,
        )
        rows.append(row)
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

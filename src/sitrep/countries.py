"""Country facts from resources/countries.yaml: ISO numbers and ACLED regions, looked up by name."""

from __future__ import annotations

from functools import cache

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

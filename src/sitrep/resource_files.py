"""Lazy, cached reading of the data files under sitrep/resources (knowledge is data, not code)."""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from .errors import ResourceError


def resource_path(name: str):
    return files("sitrep") / "resources" / name


@cache
def load_yaml(name: str) -> Any:
    """Parse a YAML resource once per process; a clear error names the file when it is broken."""
    path = resource_path(name)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResourceError(f"resource file {name} is missing from the sitrep package") from None
    except yaml.YAMLError as exc:
        raise ResourceError(f"resource file {name} is not valid YAML: {exc}") from None


@cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a headed CSV resource, once per process."""
    path = resource_path(name)
    try:
        with path.open(encoding="utf-8", newline="") as fp:
            return tuple(csv.DictReader(fp))
    except FileNotFoundError:
        raise ResourceError(f"resource file {name} is missing from the sitrep package") from None


def resource_names(folder: str) -> list[str]:
    """Names of the files in a resource folder, sorted, as 'folder/file'."""
    return sorted(f"{folder}/{p.name}" for p in resource_path(folder).iterdir() if p.is_file())

"""Lazy, cached reading of the data files under sitrep/resources (knowledge is data, not code).

A user's own resource files live under SITREP_HOME/resources/<folder>/*.yaml (written by `sitrep train`
or by hand); the actor catalogue reads them on top of the built-in ones.
"""

from __future__ import annotations

import csv
import os
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from .errors import ResourceError
from .settings import sitrep_home

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: a tenth of the start-up cost


def resource_path(name: str):
    return files("sitrep") / "resources" / name


@cache
def load_yaml(name: str) -> Any:
    """Parse a YAML resource once per process; a clear error names the file when it is broken."""
    path = resource_path(name)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
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


def user_resource_dir(folder: str, home: Path | None = None) -> Path:
    """Where the user's own files of a resource folder live: SITREP_HOME/resources/<folder>."""
    if home is not None:
        return home / "resources" / folder
    return _default_resource_dir(folder, os.environ.get("SITREP_HOME"))


@cache
def _default_resource_dir(folder: str, home_variable: str | None) -> Path:
    # asked for every sentence: the per-user default folder costs a platformdirs look-up, so remember it
    return sitrep_home() / "resources" / folder


def user_resource_files(directory: Path) -> list[Path]:
    """The user's YAML files in a resource folder, sorted by name; none when the folder does not exist."""
    return sorted(p for p in directory.glob("*.yaml") if p.is_file()) if directory.is_dir() else []


def load_user_yaml(path: Path) -> Any:
    """Parse one of the user's resource files; a clear error names it when it is broken."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{path}: cannot read this resource file ({exc})") from None
    except yaml.YAMLError as exc:
        raise ResourceError(f"{path}: not valid YAML: {exc}") from None

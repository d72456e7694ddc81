"""Lazy, cached reading of the data files under sitrep/resources (knowledge is data, not code).

A user's own resource files live under SITREP_HOME/resources/<folder>/*.yaml (written by `sitrep train`
or by hand); the actor catalogue reads them on top of the built-in ones.
"""

from __future__ import annotations

import csv
import hashlib
import marshal
import os
import sys
from datetime import date, datetime
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from .errors import ResourceError
from .home_cache import home_cache
from .settings import sitrep_home


def resource_path(name: str):
    """A file or folder under sitrep/resources: a plain path where the package is a folder on disk (any
    pip install; importlib.resources, which also reads zipped packages, costs a tenth of a second's
    imports of a short run), else what importlib.resources finds."""
    folder = _resources_folder()
    if folder is not None:
        return folder / name
    from importlib.resources import files

    return files("sitrep") / "resources" / name


@cache
def _resources_folder() -> Path | None:
    folder = Path(__file__).parent / "resources"
    return folder if folder.is_dir() else None


@cache
def load_yaml(name: str) -> Any:
    """Parse a YAML resource once per process; a clear error names the file when it is broken. What a file
    parses to is kept under SITREP_HOME by the file's content (home_cache.py): a later process reads that
    instead of parsing, and needs no YAML parser at all when every file it reads is kept."""
    try:
        raw = resource_path(name).read_bytes()
    except FileNotFoundError:
        raise ResourceError(f"resource file {name} is missing from the sitrep package") from None
    parsed = home_cache("parsed-resources", _parser_tag())
    key = (name, hashlib.blake2b(raw, digest_size=16).digest())
    kept = parsed.get(key)
    if isinstance(kept, tuple) and len(kept) == 2:
        packed, dated = kept
        return _untagged(marshal.loads(packed)) if dated else marshal.loads(packed)
    data = _parsed(raw.decode("utf-8"), f"resource file {name} is not valid YAML")
    try:
        parsed.put(key, (marshal.dumps(data), False))
    except ValueError:  # a value marshal cannot hold: YAML's dates, kept tagged
        try:
            parsed.put(key, (marshal.dumps(_tagged(data)), True))
        except ValueError:
            pass  # anything else: this file is parsed every time
    return data


KEPT_FORMAT = 1  # of what the parsed-resources cache holds (see load_yaml)
DATE_TAGS = {"date": date, "datetime": datetime}  # a tuple never comes out of YAML's safe loader: tags are safe


def _tagged(value: Any) -> Any:
    if isinstance(value, dict):
        return {_tagged(k): _tagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tagged(item) for item in value]
    if isinstance(value, datetime):
        return ("datetime", value.isoformat())
    if isinstance(value, date):
        return ("date", value.isoformat())
    return value


def _untagged(value: Any) -> Any:
    if isinstance(value, dict):
        return {_untagged(k): _untagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_untagged(item) for item in value]
    if isinstance(value, tuple):
        kind, text = value
        return DATE_TAGS[kind].fromisoformat(text)
    return value


@cache
def _parser_tag() -> str:
    """What decides what a YAML text parses to here: the installed parser (its folder, and that folder's
    time, which an upgrade changes; asking importlib.metadata for its version would cost more than parsing)
    and marshal's format."""
    spec = find_spec("yaml")
    folder = os.path.dirname(spec.origin) if spec and spec.origin else ""
    try:
        changed = os.stat(folder).st_mtime_ns if folder else 0
    except OSError:
        changed = 0
    stamp = f"{KEPT_FORMAT}\0{sys.version}\0{marshal.version}\0{folder}\0{changed}"
    return hashlib.sha256(stamp.encode()).hexdigest()[:16]


def _parsed(text: str, error: str) -> Any:
    import yaml  # imported only where a text is parsed: libyaml's parser, a tenth of the start-up cost

    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise ResourceError(f"{error}: {exc}") from None


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
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{path}: cannot read this resource file ({exc})") from None
    return _parsed(text, f"{path}: not valid YAML")

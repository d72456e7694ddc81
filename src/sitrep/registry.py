"""Pluggable parts (coders, exporters) found through entry points.

sitrep's own coder and exporters are declared in pyproject.toml under the same entry-point groups a
third-party package would use (`sitrep.coders`, `sitrep.exporters`), so built-ins get no special path.
`register` adds a part in-process (tests, notebooks) without packaging. A coder name that is no part
but the name of a model trained by `sitrep train` (SITREP_HOME/models/NAME) is the `learned` coder.

Finding entry points reads every installed package's metadata, and importing importlib.metadata alone
takes a tenth of a second of a start that should take well under one: what it finds is kept in
SITREP_HOME under a name that stands for the interpreter and its import path, and used while no folder
of that path has changed (installing or removing a package changes its folder).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ConfigError, SitrepError
from .settings import models_home, sitrep_home

log = logging.getLogger(__name__)

GROUPS = ("sitrep.coders", "sitrep.exporters")
_registered: dict[str, dict[str, Callable[..., Any]]] = {g: {} for g in GROUPS}


def register(group: str, name: str, factory: Callable[..., Any]) -> None:
    """Register a part by name in a group, overriding an entry point of the same name."""
    if group not in _registered:
        raise ConfigError(f"unknown plugin group {group!r}; known: {', '.join(GROUPS)}")
    _registered[group][name] = factory


def available(group: str) -> list[str]:
    """Names of every part in a group, registered or installed."""
    names = {name for name, _ in _installed(group)} | set(_registered.get(group, {}))
    return sorted(names)


def load(group: str, name: str, *, home: Path | None = None) -> Callable[..., Any]:
    """The factory for a named part; a clear error when it does not exist."""
    if name in _registered.get(group, {}):
        return _registered[group][name]
    for installed, value in _installed(group):
        if installed == name:
            return _load_entry_point(value)
    trained = trained_models(home) if group == "sitrep.coders" else []
    if name in trained:
        return load(group, LEARNED_CODER)
    also = f"; trained models: {', '.join(trained)}" if trained else ""
    raise ConfigError(f"no {group.split('.')[-1][:-1]} named {name!r}; available: {', '.join(available(group))}{also}")


LEARNED_CODER = "learned"


def trained_models(home: Path | None = None) -> list[str]:
    """Names of the models trained under HOME/models (each a folder with a manifest.json)."""
    folder = models_home(home)
    return sorted(p.name for p in folder.iterdir() if (p / "manifest.json").is_file()) if folder.is_dir() else []


@cache
def _installed(group: str) -> tuple[tuple[str, str], ...]:
    """(name, "module:attribute") of each entry point of a group, found once per process."""
    return tuple((name, value) for name, value in _entry_points().get(group, []))


def _entry_points() -> dict[str, list[list[str]]]:
    """sitrep's groups → their entry points: from the file kept for this interpreter and import path
    while none of its folders changed, else found in the installed packages' metadata (and kept)."""
    stamp = _import_path_stamp()
    path = _kept_path(stamp)
    if path is not None:
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            if kept.get("stamp") == stamp:
                return kept["groups"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
    from importlib.metadata import entry_points

    groups = {group: [[ep.name, ep.value] for ep in entry_points(group=group)] for group in GROUPS}
    if path is not None:
        _keep(path, {"stamp": stamp, "groups": groups})
    return groups


def _import_path_stamp() -> list:
    """The interpreter, its import path and each folder's modification time: what decides which packages
    are installed (a folder's time changes when a package is added to it or removed). The path's first
    folder is the script's or the working directory, where packages are not installed: left out, so that
    writing a file there or working elsewhere keeps the file found."""
    folders = sys.path[1:]
    times: list[int | None] = []
    for folder in folders:
        try:
            times.append(os.stat(folder).st_mtime_ns)
        except OSError:
            times.append(None)
    return [sys.executable, folders, times]


def _kept_path(stamp: list) -> Path | None:
    try:
        home = sitrep_home()
    except SitrepError:
        return None
    key = hashlib.sha256(json.dumps(stamp[:2]).encode()).hexdigest()[:16]
    return home / f"entry-points.{key}.json"


def _keep(path: Path, data: dict) -> None:
    """Best effort, written beside and renamed; a home that does not exist yet is not made for it."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_text(json.dumps(data), encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        log.debug("cannot keep the entry points in %s (%s)", path, exc)
        partial.unlink(missing_ok=True)


def _load_entry_point(value: str) -> Callable[..., Any]:
    """What an entry point's "module:attribute" value names (as importlib.metadata's EntryPoint.load)."""
    module, _, attribute = value.partition("[")[0].partition(":")
    found: Any = importlib.import_module(module.strip())
    for part in attribute.strip().split("."):
        if part:
            found = getattr(found, part)
    return found

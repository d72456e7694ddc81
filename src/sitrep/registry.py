"""Pluggable parts (coders, exporters) found through entry points.

sitrep's own coder and exporters are declared in pyproject.toml under the same entry-point groups a
third-party package would use (`sitrep.coders`, `sitrep.exporters`), so built-ins get no special path.
`register` adds a part in-process (tests, notebooks) without packaging. A coder name that is no part
but the name of a model trained by `sitrep train` (SITREP_HOME/models/NAME) is the `learned` coder.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .settings import models_home

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

GROUPS = ("sitrep.coders", "sitrep.exporters")
_registered: dict[str, dict[str, Callable[..., Any]]] = {g: {} for g in GROUPS}


def register(group: str, name: str, factory: Callable[..., Any]) -> None:
    """Register a part by name in a group, overriding an entry point of the same name."""
    if group not in _registered:
        raise ConfigError(f"unknown plugin group {group!r}; known: {', '.join(GROUPS)}")
    _registered[group][name] = factory


def available(group: str) -> list[str]:
    """Names of every part in a group, registered or installed."""
    names = {ep.name for ep in _installed(group)} | set(_registered.get(group, {}))
    return sorted(names)


def load(group: str, name: str, *, home: Path | None = None) -> Callable[..., Any]:
    """The factory for a named part; a clear error when it does not exist."""
    if name in _registered.get(group, {}):
        return _registered[group][name]
    for ep in _installed(group):
        if ep.name == name:
            return ep.load()
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
def _installed(group: str) -> tuple[EntryPoint, ...]:
    """The entry points of a group, found once per process: finding them reads every installed package."""
    from importlib.metadata import entry_points

    return tuple(entry_points(group=group))

"""Geoparsing: the gazetteer index, place finding, disambiguation and precision, geocoding.

The names below are imported on first use, so `import sitrep.geo.toponyms` does not pay for the geocoder.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .gazetteer import Gazetteer
    from .geocoder import geocode, geocode_many
    from .toponyms import find_toponyms

__all__ = ["Gazetteer", "find_toponyms", "geocode", "geocode_many"]
_HOMES = {"Gazetteer": "gazetteer", "geocode": "geocoder", "geocode_many": "geocoder", "find_toponyms": "toponyms"}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

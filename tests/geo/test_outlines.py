"""The packaged map outlines: complete, in lon/lat order, small, and filterable by box."""

import json

import pytest

from sitrep.errors import ResourceError
from sitrep.geo.outlines import outlines

SYRIAN_GOVERNORATES = 14


def _inside(point, ring):
    """Ray casting: is (x, y) inside the closed ring?"""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _covers(feature, point):
    geometry = feature["geometry"]
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return any(_inside(point, rings[0]) for rings in polygons)


def _named(collection, name):
    return next(f for f in collection["features"] if f["properties"]["name"] == name)


def test_syria_has_all_its_governorates_and_they_lie_where_its_towns_are():
    governorates = [f for f in outlines("admin1")["features"] if f["properties"]["country"] == "Syria"]
    assert len(governorates) == SYRIAN_GOVERNORATES
    assert all(f["properties"]["code"].startswith("SY.") for f in governorates)
    idlib = next(f for f in governorates if f["properties"]["name"] == "Idlib")
    saraqib = (36.80, 35.86)  # lon, lat
    assert _covers(idlib, saraqib)
    assert not _covers(next(f for f in governorates if f["properties"]["name"] == "Aleppo"), saraqib)


def test_countries_cover_the_world_and_their_capitals():
    countries = outlines("country")
    assert len(countries["features"]) > 200
    assert _covers(_named(countries, "Syria"), (36.29, 33.51))  # Damascus
    assert not _covers(_named(countries, "Lebanon"), (36.29, 33.51))
    assert {f["properties"]["level"] for f in countries["features"]} == {"country"}


def test_a_box_keeps_only_the_outlines_it_touches():
    around_syria = outlines(bbox=(35.5, 32.3, 42.4, 37.4))
    names = {f["properties"]["name"] for f in around_syria["features"]}
    assert {"Syria", "Iraq", "Turkey", "Idlib", "Dayr Az Zawr"} <= names
    assert "Brazil" not in names and "Basrah" not in names
    levels = [f["properties"]["level"] for f in around_syria["features"]]
    assert levels == sorted(levels, key=("country", "admin1").index)


def test_the_data_stays_small_and_each_call_returns_a_fresh_copy():
    everything = outlines()
    assert len(json.dumps(everything)) < 400_000
    everything["features"].clear()
    assert outlines()["features"]


def test_an_unknown_level_is_refused_by_name():
    with pytest.raises(ResourceError, match="'states'"):
        outlines("states")

"""Geoparsing: the gazetteer index, place finding, disambiguation and precision, geocoding."""

from .gazetteer import Gazetteer
from .geocoder import geocode, geocode_many
from .toponyms import find_toponyms

__all__ = ["Gazetteer", "find_toponyms", "geocode", "geocode_many"]

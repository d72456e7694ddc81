"""A GeoJSON FeatureCollection of located events (lon/lat order); unlocated events are counted."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from ..model import Event


def write_geojson(events: Iterable[Event], fp: TextIO) -> int:
    features, skipped = [], 0
    for event in events:
        if event.latitude is None or event.longitude is None:
            skipped += 1
            continue
        properties = event.to_dict()
        features.append(
            {
                "type": "Feature",
                "id": event.event_id,
                "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
                "properties": properties,
            }
        )
    json.dump({"type": "FeatureCollection", "features": features, "skipped": skipped}, fp, ensure_ascii=False)
    fp.write("\n")
    return len(features)

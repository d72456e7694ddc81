"""A GeoJSON FeatureCollection of located events (lon/lat order); unlocated events are counted."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import BinaryIO

from ..model import Event
from .context import ExportContext
from .rows import text_stream


def write_geojson(events: Iterable[Event], fp: BinaryIO, context: ExportContext | None = None) -> int:
    features, skipped = [], 0
    for event in events:
        if event.latitude is None or event.longitude is None:
            skipped += 1
            continue
        features.append(
            {
                "type": "Feature",
                "id": event.event_id,
                "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
                "properties": event.to_dict(),
            }
        )
    if skipped and context is not None:
        context.notes.append(f"left out {skipped} events without coordinates (GeoJSON needs a point)")
    with text_stream(fp) as text:
        collection = {"type": "FeatureCollection", "features": features, "skipped": skipped}
        json.dump(collection, text, ensure_ascii=False)
        text.write("\n")
    return len(features)

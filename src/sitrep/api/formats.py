"""A page of events as JSON, GeoJSON, CSV or columns; the next page's link rides in a `Link` header too."""

from __future__ import annotations

import io
import json
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from ..export.rows import write_csv_rows
from ..store.queries import EventPage

MEDIA_TYPES = {
    "json": "application/json",
    "columns": "application/json",
    "geojson": "application/geo+json",
    "csv": "text/csv; charset=utf-8",
}


def page_response(page: EventPage, fmt: str, request: Request, total: int | None, fields: list[str]) -> Response:
    if fmt == "geojson":
        body = _dumps(_feature_collection(page, total))
    elif fmt == "csv":
        body = _csv(page.events, fields)
    elif fmt == "columns":
        body = _dumps(_columns(page, fields, total))
    else:
        payload: dict[str, Any] = {"events": page.events, "count": len(page.events), "next_cursor": page.next_cursor}
        if total is not None:
            payload["total"] = total
        body = _dumps(payload)
    headers = {}
    if page.next_cursor:
        next_url = request.url.include_query_params(cursor=page.next_cursor)
        headers["Link"] = f'<{next_url}>; rel="next"'
        headers["X-Next-Cursor"] = page.next_cursor
    if total is not None:
        headers["X-Total-Count"] = str(total)
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)


def json_response(payload: Any, media_type: str = "application/json") -> Response:
    return Response(_dumps(payload), media_type=media_type)


def _dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)


def _feature_collection(page: EventPage, total: int | None) -> dict[str, Any]:
    features, unlocated = [], 0
    for event in page.events:
        lat, lon = event.get("latitude"), event.get("longitude")
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        unlocated += geometry is None
        features.append({"type": "Feature", "id": event["event_id"], "geometry": geometry, "properties": event})
    collection: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": features,
        "unlocated": unlocated,
        "next_cursor": page.next_cursor,
    }
    if total is not None:
        collection["total"] = total
    return collection


def _columns(page: EventPage, fields: list[str], total: int | None) -> dict[str, Any]:
    """The page as one list per field: what a map of thousands of markers reads fastest."""
    columns = page.columns if page.columns is not None else {f: [e[f] for e in page.events] for f in fields}
    count = len(next(iter(columns.values()), []))
    payload: dict[str, Any] = {"fields": fields, "columns": columns, "count": count, "next_cursor": page.next_cursor}
    if total is not None:
        payload["total"] = total
    return payload


def _csv(events: list[dict[str, Any]], fields: list[str]) -> str:
    def cell(value: Any) -> Any:
        return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value

    out = io.StringIO()
    write_csv_rows(({k: cell(e[k]) for k in fields} for e in events), fields, out)
    return out.getvalue()

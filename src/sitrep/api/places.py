"""GET /places (the geocoder) and GET /outlines (the offline base map's borders)."""

from __future__ import annotations

import json
from functools import cache
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..geo.outlines import Level, outlines
from .formats import json_response
from .models import ErrorOut

router = APIRouter(tags=["places"])


@router.get("/places", response_model=None, responses={400: {"model": ErrorOut}})
def places(
    request: Request,
    q: Annotated[list[str], Query(min_length=1, max_length=50, description="Place name(s); repeat for several.")],
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$", description="ISO2 country to search in.")] = None,
) -> Response:
    """Geocode place names: the Place contract per name; an unresolved one has null coordinates and a reason."""
    from ..geo import Gazetteer, geocode

    gazetteer = Gazetteer.open(request.app.state.config.options.home)
    focus = country.upper() if country else None
    return json_response({"places": [geocode(name[:300], gazetteer, country=focus).to_dict() for name in q]})


@router.get("/outlines", response_model=None)
def outline_layer(
    level: Annotated[Literal["country", "admin1"], Query(description="country or admin1 (governorates).")],
) -> Response:
    """Country or governorate outlines as GeoJSON, from the package (no network needed)."""
    return Response(_outline_body(level), media_type="application/geo+json", headers={"Cache-Control": "max-age=86400"})


@cache
def _outline_body(level: Level) -> bytes:
    return json.dumps(outlines(level), separators=(",", ":")).encode()

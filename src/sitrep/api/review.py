"""Review over HTTP: merge, split, set a field, delete; the same functions as `sitrep review`, the same
audit log (who, when, what, why). Every action needs the API key."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, StringConstraints

from ..errors import ConfigError, StoreError
from ..merge import review
from ..store import canonical_queries
from .formats import json_response
from .guards import require_write_key
from .models import CanonicalDetailOut, ErrorOut

router = APIRouter(tags=["review"], dependencies=[Depends(require_write_key)])
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": CanonicalDetailOut, "description": "The canonical event after the change."},
    **{code: {"model": ErrorOut} for code in (400, 401, 403, 404, 413)},
}
Name = Field(min_length=1, max_length=200, description="Who makes the change, for the audit log.")
Reason = Field(None, max_length=2000, description="Why, for the audit log.")
LARGEST_INTEGER = 2**31 - 1  # the store's integer columns


class MergeIn(BaseModel):
    others: list[str] = Field(min_length=1, max_length=500, description="Canonical events that join this one.")
    by: str = Name
    reason: str | None = Reason


class SplitIn(BaseModel):
    reports: list[str] = Field(
        min_length=1, max_length=500, description="Document ids or report event ids that leave for a new event."
    )
    by: str = Name
    reason: str | None = Reason


class SetIn(BaseModel):
    field: str = Field(min_length=1, max_length=60, description=f"One of: {', '.join(review.SETTABLE)}.")
    value: Annotated[str, StringConstraints(max_length=300)] | int | float | None = Field(
        description="The new value; null clears it."
    )
    by: str = Name
    reason: str | None = Reason


class DeleteIn(BaseModel):
    by: str = Name
    reason: str = Field(min_length=1, max_length=2000, description="Why (shown to downstream users).")


@router.post("/events/{event_id}/merge", response_model=None, responses=RESPONSES)
def merge(request: Request, event_id: str, body: MergeIn) -> Response:
    """The canonical events `others` join this one: one event with all their reports, for good."""
    _apply(request, event_id, "others", lambda s: review.merge_clusters(s, event_id, body.others, body.by, body.reason))
    return _event(request, event_id)


@router.post("/events/{event_id}/split", response_model=None, responses=RESPONSES)
def split(request: Request, event_id: str, body: SplitIn) -> Response:
    """The given reports leave this event for a new one; the answer is the new event (`split_from` names this one)."""
    new_id, _ = _apply(
        request, event_id, "reports", lambda s: review.split_cluster(s, event_id, body.reports, body.by, body.reason)
    )
    return _event(request, new_id, split_from=event_id)


@router.post("/events/{event_id}/set", response_model=None, responses=RESPONSES)
def set_field(request: Request, event_id: str, body: SetIn) -> Response:
    """Correct one field; merging never overwrites it. A sub-event type sets its event type too."""
    if isinstance(body.value, int) and not -LARGEST_INTEGER <= body.value <= LARGEST_INTEGER:
        raise HTTPException(400, f"body field 'value': {body.value} is out of range")
    raw = "null" if body.value is None else str(body.value)
    parameter = "value" if body.field in review.SETTABLE else "field"
    _apply(request, event_id, parameter, lambda s: review.set_field(s, event_id, body.field, raw, body.by, body.reason))
    return _event(request, event_id)


@router.post("/events/{event_id}/delete", response_model=None, responses=RESPONSES)
def delete(request: Request, event_id: str, body: DeleteIn) -> Response:
    """Delete softly: the event stays, marked deleted with the reason (see `sitrep events --changed-since`)."""
    _apply(request, event_id, "reason", lambda s: review.delete_event(s, event_id, body.by, body.reason))
    return _event(request, event_id)


def _apply(request: Request, event_id: str, parameter: str, change):
    """One review change in one write transaction; an unknown event is 404, a refused change 400."""
    store = request.app.state.store
    if store.get_cluster(event_id) is None:
        raise HTTPException(404, f"no canonical event with id {event_id!r}")
    try:
        with store.writing() as session:
            return change(session)
    except (ConfigError, StoreError) as exc:  # the store refusing a value (too long for its column) is the body's fault
        raise HTTPException(400, f"body field '{parameter}': {exc}") from None


def _event(request: Request, event_id: str, **extra: str) -> Response:
    event = canonical_queries.get_canonical(request.app.state.store, event_id)
    return json_response({**(event or {}), **extra})

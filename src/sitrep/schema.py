"""The JSON Schemas of the Event and Canonical event contracts, and validation against them."""

from __future__ import annotations

import json
from functools import cache

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from .errors import SitrepError
from .resource_files import resource_path


@cache
def event_schema() -> dict:
    return json.loads(resource_path("event.schema.json").read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(event_schema())


@cache
def _canonical_validator() -> Draft202012Validator:
    canonical = json.loads(resource_path("canonical_event.schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(event_schema()["$id"], Resource.from_contents(event_schema()))
    return Draft202012Validator(canonical, registry=registry)


def schema_errors(event: dict) -> list[str]:
    """Every way an event object breaks the contract, as 'path: message' lines."""
    return _errors(_validator(), event)


def canonical_schema_errors(event: dict) -> list[str]:
    """Every way a canonical event object breaks its contract, as 'path: message' lines."""
    return _errors(_canonical_validator(), event)


def _errors(validator: Draft202012Validator, event: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(event)'}: {e.message}"
        for e in sorted(validator.iter_errors(event), key=lambda e: list(e.absolute_path))
    ]


def validate_event(event: dict) -> None:
    """Raise SitrepError naming the first violations when an event breaks the contract."""
    errors = schema_errors(event)
    if errors:
        raise SitrepError(f"event {event.get('event_id', '?')} breaks the schema: " + "; ".join(errors[:5]))

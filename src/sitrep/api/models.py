"""Shapes of requests and responses, for validation of what comes in and for the OpenAPI schema.

Responses are built as plain dicts by store.queries (fast for pages of thousands of events); these
models describe them in the schema without re-validating every event on the way out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class ErrorOut(BaseModel):
    error: str = Field(description="One line saying what is wrong, naming the parameter.")
    parameter: str | None = None


class ClaimOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    kind: str
    value: int
    value_high: int | None = None
    quantifier: str
    subject: str | None = None
    side: str | None = None
    claimant: str | None = Field(None, description="Who makes the claim, as the text says.")
    outlet: str | None = Field(None, description="The publisher whose report carries the claim.")
    document_id: str | None = None
    text: str | None = Field(None, description="The sentence the figure was read from.")
    highlight: list[int] | None = Field(None, description="[start, end] of the figure within `text` (detail only).")
    start_char: int | None = None
    end_char: int | None = None


class ReportOut(BaseModel):
    document_id: str
    event_id: str
    source: str | None = None
    published: str | None = None


class ConflictOut(BaseModel):
    kind: str
    side: str | None = None
    values: list[int]
    claimants: list[str]


class EventOut(BaseModel):
    """An event (the Event contract) with the canonical-event fields; `fields=` may leave some out."""

    model_config = ConfigDict(extra="allow")
    event_id: str
    event_date: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    claims: list[ClaimOut] | None = None
    reports: list[ReportOut] | None = None
    conflict: list[ConflictOut] | None = None


class EventPageOut(BaseModel):
    events: list[EventOut]
    count: int
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last.")
    total: int | None = Field(None, description="Every matching event, with count=true.")


class RevisionOut(BaseModel):
    revision: int
    ingested_at: str | None
    current: bool
    event_id: str | None = Field(None, description="The event at the same position in this revision.")
    changed: list[str] = Field(description="Fields that differ from the previous revision's event.")


class EventDetailOut(EventOut):
    revisions: list[RevisionOut]
    current_event_id: str | None = None


class SpanOut(BaseModel):
    kind: str = Field(description="event or claim")
    event_id: str
    start: int
    end: int


class DocumentOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    revision: int
    text: str
    spans: list[SpanOut]
    events: list[dict[str, Any]]
    revisions: list[dict[str, Any]]


class CountOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    events: int
    fatalities: int


class StatsOut(BaseModel):
    events: int
    fatalities: int
    by_day: list[CountOut]
    by_type: list[CountOut]
    by_sub_type: list[CountOut]
    by_admin1: list[CountOut]
    by_publisher: list[CountOut]
    by_actor: list[CountOut]


class DocumentIn(BaseModel):
    """A document to ingest: the input contract of DESIGN.md (one JSON object)."""

    model_config = ConfigDict(extra="ignore")
    id: str = Field(min_length=1, max_length=500)
    text: str | None = None
    html: str | None = None
    title: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, description="YYYY-MM-DD or an ISO datetime.", max_length=40)
    publisher: str | None = Field(None, max_length=300)
    url: str | None = Field(None, max_length=4000)

    @field_validator("published")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value:
            try:
                date.fromisoformat(value[:10])
            except ValueError:
                raise ValueError(f"{value!r} is no date as YYYY-MM-DD or an ISO datetime") from None
        return value

    @model_validator(mode="after")
    def _has_a_body(self) -> DocumentIn:
        if not (self.text or "").strip() and not (self.html or "").strip():
            raise ValueError("give the document's 'text' or 'html'")
        return self


class IngestOut(BaseModel):
    status: str = Field(description="new, revision or unchanged")
    document_id: str
    revision: int
    events: list[str] = Field(description="Ids of the events stored for this revision.")

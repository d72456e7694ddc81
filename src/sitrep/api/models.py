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
    model_config = ConfigDict(extra="allow")
    document_id: str
    event_id: str | None
    source: str | None = None
    published: str | None = None


class MemberReportOut(ReportOut):
    """A member report of a canonical event, and why it is one."""

    score: float | None = Field(None, description="Its link score to `linked_to` (null: it opened the event).")
    features: dict[str, float] = Field(default_factory=dict, description="The similarities behind the score.")
    republication_of: str | None = Field(None, description="The report event it copies (counts toward no outlet).")
    reviewed: bool = Field(False, description="Placed by an analyst, not by the merger.")
    linked_to: str | None = Field(None, description="The member it links to best (detail only).")


class ClaimRefOut(BaseModel):
    value: int
    claimant: str | None = None
    outlet: str | None = None
    document_id: str | None = None
    camp: str


class CanonicalConflictOut(BaseModel):
    """The widest pair of one kind of figure that opposite camps' sources give more than twice apart."""

    kind: str
    low: ClaimRefOut
    high: ClaimRefOut


class ConflictOut(BaseModel):
    kind: str
    side: str | None = None
    values: list[int]
    claimants: list[str]


class EventFieldsOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    event_id: str
    event_date: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    fatalities: int | None = Field(None, description="ACLED's conservative value: the lowest figure given.")
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    claims: list[ClaimOut] | None = None
    sources: list[str] | None = None


class EventOut(EventFieldsOut):
    """A canonical event (docs/canonical-events.md); `fields=` may leave some fields out."""

    reports: list[MemberReportOut] | None = None
    outlets: int | None = Field(None, description="Independent outlets (a re-publication counts once).")
    conflict: list[CanonicalConflictOut] | None = Field(None, description="Empty when the figures agree.")
    version: int | None = None
    changed_at: str | None = None
    deleted: bool | None = None
    corrections: dict[str, Any] | None = Field(None, description="Fields an analyst set, with their values.")


class ReportEventOut(EventFieldsOut):
    """One report's own event (the Event contract), as it was before merging."""

    reports: list[ReportOut] | None = None
    outlets: list[str] | None = None
    conflict: list[ConflictOut] | None = Field(None, description="Claims of this report that cannot all be true.")


class EventPageOut(BaseModel):
    events: list[EventOut]
    count: int
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last.")
    total: int | None = Field(None, description="Every matching event, with count=true.")


class EventColumnsOut(BaseModel):
    """`format=columns`: the page as one list per field, each `count` long, event i at index i of each."""

    fields: list[str] = Field(description="The fields, in the order `fields=` named them (event_id first).")
    columns: dict[str, list[Any]] = Field(description="Field name to its values, one per event.")
    count: int
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last.")
    total: int | None = Field(None, description="Every matching event, with count=true.")


class ReportPageOut(BaseModel):
    events: list[ReportEventOut]
    count: int
    next_cursor: str | None = None
    total: int | None = None


class VersionOut(BaseModel):
    version: int
    changed_at: str
    reason: str | None


class ReviewEntryOut(BaseModel):
    at: str
    who: str
    action: str
    clusters: list[str]
    details: dict[str, Any]
    reason: str | None


class CanonicalDetailOut(EventOut):
    history: list[VersionOut] = Field(description="Every version of the event, with why it changed.")
    review_log: list[ReviewEntryOut] = Field(description="Analysts' changes to it: who, when, what, why.")


class RevisionOut(BaseModel):
    revision: int
    ingested_at: str | None
    current: bool
    event_id: str | None = Field(None, description="The event at the same position in this revision.")
    changed: list[str] = Field(description="Fields that differ from the previous revision's event.")


class EventDetailOut(ReportEventOut):
    revisions: list[RevisionOut]
    current_event_id: str | None = None
    canonical_event_id: str | None = Field(None, description="The canonical event the report is a member of.")


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

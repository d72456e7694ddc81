"""GET /documents/{id} (text and event spans) and POST /documents (submit one for ingest)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from .. import pipeline
from ..errors import SitrepError
from ..store import queries
from .formats import json_response
from .guards import require_write_key
from .models import DocumentIn, DocumentOut, ErrorOut, IngestOut

router = APIRouter(tags=["documents"])


@router.get(
    "/documents/{document_id:path}",
    response_model=None,
    responses={200: {"model": DocumentOut}, 404: {"model": ErrorOut}},
)
def get_document(
    request: Request,
    document_id: str,
    revision: Annotated[int | None, Query(ge=1, le=1_000_000, description="A revision; default the latest.")] = None,
) -> Response:
    """A document's cleaned text, its revisions, and the character spans its events and claims came from."""
    document = queries.get_document(request.app.state.store, document_id, revision)
    if document is None:
        which = f" revision {revision}" if revision else ""
        raise HTTPException(404, f"no document with id {document_id!r}{which}")
    return json_response(document)


@router.post(
    "/documents",
    status_code=201,
    response_model=IngestOut,
    dependencies=[Depends(require_write_key)],
    responses={400: {"model": ErrorOut}, 401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 413: {"model": ErrorOut}},
)
def submit_document(request: Request, submitted: DocumentIn) -> IngestOut:
    """Ingest one document (the input contract): read it, code its events, store both and merge them into
    canonical events; needs the API key."""
    config = request.app.state.config
    body = submitted.text if (submitted.text or "").strip() else submitted.html
    try:
        document = pipeline.read_document(
            body or "",
            doc_id=submitted.id,
            options=config.options,
            fmt=None if submitted.text else "html",
            published=submitted.published,
            publisher=submitted.publisher,
            title=submitted.title,
            url=submitted.url,
        )
        events = pipeline.extract_document(document, config.options)
        result = pipeline.store_document(request.app.state.store, document, events)
    except SitrepError as exc:
        raise HTTPException(400, str(exc)) from None
    return IngestOut(
        status=result.status,
        document_id=result.document_id,
        revision=result.revision,
        events=[e.event_id for e in events],
    )

"""What protects the server: a request body size limit and the API key that writing needs."""

from __future__ import annotations

import hmac
import json

from fastapi import HTTPException, Request, Security
from fastapi.security import APIKeyHeader

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="The key set in SITREP_API_KEY.")


def require_write_key(request: Request, given: str | None = Security(api_key_header)) -> None:
    """Writing needs the configured key, compared in constant time; without a configured key, no writes."""
    expected = request.app.state.config.api_key
    if expected is None:
        raise HTTPException(403, "writing is switched off: start the server with SITREP_API_KEY set")
    if not given:
        raise HTTPException(401, "this request writes: send the API key in the X-API-Key header")
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise HTTPException(403, "the API key is not the configured one")


class BodySizeLimit:
    """ASGI middleware: refuse request bodies over `max_bytes` with 413, by Content-Length or, without
    one, by counting while reading; the app then gets the whole (small) body at once."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.max_bytes:
                await self._refuse(send)
                return
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send) -> None:
        body = json.dumps({"error": f"request body is over the {self.max_bytes:,}-byte limit"}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})

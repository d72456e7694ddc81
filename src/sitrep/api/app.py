"""The FastAPI application: routers, error shapes, limits, and the dashboard's static files."""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from ..store import Store, queries
from . import documents, events, places, review
from .config import ApiConfig
from .guards import BodySizeLimit
from .params import BadParameter

DESCRIPTION = """Conflict events coded from war reporting, with every figure's sentence, outlet and claimant.

`/events` are canonical events: one per real event, with its member reports, fatalities low/best/high
reconciled over them, the claims that conflict, and its versions. `/reports` are each report's own
event, before merging. Reading needs no key. Writing (`POST /documents`, and the review actions
`POST /events/{id}/merge|split|set|delete`, written to the audit log with who and why) needs the key
the server was started with (`SITREP_API_KEY`), sent as `X-API-Key`. Errors are JSON
`{"error": "...", "parameter": "..."}`.
"""


def create_app(config: ApiConfig | None = None) -> FastAPI:
    """The API over the store at `config.db_url`, with the dashboard at `/`."""
    config = config or ApiConfig.from_environment()
    store = Store.open(config.db_url)
    queries.refresh_statistics(store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        store.close()

    app = FastAPI(title="sitrep", version=_version(), description=DESCRIPTION, lifespan=lifespan)
    app.state.config = config
    app.state.store = store
    for module in (events, review, documents, places):
        app.include_router(module.router)
    _add_error_handlers(app)
    _add_dashboard(app, config)
    app.add_middleware(BodySizeLimit, max_bytes=config.max_body_bytes)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BadParameter)
    async def bad_parameter(_request: Request, exc: BadParameter) -> JSONResponse:
        return JSONResponse({"error": str(exc), "parameter": exc.parameter}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = exc.errors()
        first = problems[0] if problems else {"loc": (), "msg": "invalid request"}
        where = [str(part) for part in first.get("loc", ())]
        name = ".".join(where[1:])
        if not name:  # the whole body (or request) is wrong, not one field of it
            name = where[0] if where else "request"
            message = f"{name}: {first.get('msg', 'invalid')}"
        else:
            message = f"{'body field' if where[0] == 'body' else 'parameter'} '{name}': {first.get('msg', 'invalid')}"
        detail = [{k: v for k, v in p.items() if k in ("loc", "msg", "type")} for p in problems]
        return JSONResponse({"error": message, "parameter": name, "detail": detail}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)


def _add_dashboard(app: FastAPI, config: ApiConfig) -> None:
    web = Path(str(files("sitrep").joinpath("web")))

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(web / "index.html", media_type="text/html")

    @app.get("/dashboard/config", tags=["dashboard"])
    def dashboard_config() -> dict:
        """What the dashboard needs to know from the server: the online base map, if any."""
        return {"tile_url": config.tile_url, "tile_attribution": config.tile_attribution}

    app.mount("/static", StaticFiles(directory=web), name="static")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sitrep")
    except PackageNotFoundError:
        return "0"

"""`sitrep serve`: the REST API and the map dashboard over a store."""

from __future__ import annotations

import socket
import sys

import click

from ..errors import ConfigError
from ..settings import default_db_url


@click.command("serve")
@click.option(
    "--db", envvar="SITREP_DB", default=None, help="Database URL (default $SITREP_DB or sqlite:///sitrep.db)."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--api-key-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="File whose first line is the key that writing needs (else $SITREP_API_KEY; none: read-only).",
)
@click.option(
    "--tile-url",
    envvar="SITREP_TILE_URL",
    default=None,
    help="Online base-map tiles, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: outlines only).",
)
@click.option("--max-body", type=click.IntRange(min=1), default=None, help="Largest request body in bytes.")
def serve_command(db, host, port, api_key_file, tile_url, max_body) -> None:
    """Serve the REST API (OpenAPI schema at /docs) and the map dashboard at /.

    \b
    Examples:
      sitrep serve                                   # ./sitrep.db on http://127.0.0.1:8000/
      sitrep serve --db postgresql+psycopg://localhost/sitrep --port 8080
      SITREP_API_KEY=s3cret sitrep serve             # allow POST /documents with that key
    """
    try:
        import uvicorn

        from ..api import ApiConfig, create_app
        from ..api.config import read_key_file
    except ImportError:
        raise ConfigError("sitrep serve needs the [serve] extra: pip install 'sitrep[serve]'") from None
    overrides = {"db_url": db or default_db_url(), "tile_url": tile_url, "max_body_bytes": max_body}
    if api_key_file:
        overrides["api_key"] = read_key_file(api_key_file)
    config = ApiConfig.from_environment(**overrides)
    app = create_app(config)
    listener = _listen(host, port)
    bound = listener.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    writes = "writing needs the API key" if config.api_key else "read-only"
    click.echo(f"sitrep dashboard and API at http://{shown_host}:{bound}/ ({writes}; Ctrl-C stops)")
    sys.stdout.flush()
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[listener])


def _listen(host: str, port: int) -> socket.socket:
    """Bind before serving, so the printed URL carries the real port (also with --port 0)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as exc:
        listener.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    listener.listen(128)
    return listener

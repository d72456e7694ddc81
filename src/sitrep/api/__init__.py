"""The REST API and the dashboard (FastAPI over the store; install with the `[serve]` extra)."""

from .app import create_app
from .config import ApiConfig

__all__ = ["ApiConfig", "create_app"]

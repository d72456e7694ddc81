"""The store: SQLAlchemy over SQLite (default) or PostgreSQL."""

from .documents import SaveResult, revision_key
from .repository import EventFilter, Store
from .session import StoreSession

__all__ = ["EventFilter", "SaveResult", "Store", "StoreSession", "revision_key"]

"""The store: SQLAlchemy over SQLite (default) or PostgreSQL."""

from .repository import EventFilter, SaveResult, Store, revision_key

__all__ = ["EventFilter", "SaveResult", "Store", "revision_key"]

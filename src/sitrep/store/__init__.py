"""The store: SQLAlchemy over SQLite (default) or PostgreSQL."""

from .repository import EventFilter, SaveResult, Store

__all__ = ["EventFilter", "SaveResult", "Store"]

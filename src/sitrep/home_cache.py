"""Values derived from code or package data, kept in one marshal file under SITREP_HOME between processes.

A cache is read on first use and written once, at the end of a process that added to it, whole or not at
all (another process writing at the same time loses nothing but its own additions). Its file name carries
a tag that the caller derives from whatever decides the values (the Python version, a library's version),
so a changed tag never reads old values; keys say exactly what a value was made from. marshal rather than
pickle: loading it cannot run code. Storing is best effort: an unusable or read-only home only costs time.
"""

from __future__ import annotations

import atexit
import logging
import marshal
import os
import threading
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .settings import sitrep_home

log = logging.getLogger(__name__)

FOLDER = "cache"  # under SITREP_HOME


class HomeCache:
    """Key → value, as stored under the home in use and as added by this process. Past `limit` entries, a
    save keeps only those this process used or added (the others belong to resources that came and went)."""

    def __init__(self, path: Path | None, limit: int) -> None:
        self.path = path
        self.limit = limit
        self._stored: dict[Any, Any] = _read(path) if path else {}
        self._added: dict[Any, Any] = {}
        self._used: set[Any] = set()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        found = self._stored.get(key)
        if found is not None:
            self._used.add(key)
        return found

    def forget(self, key: Any) -> None:
        """Drop a stored value that turned out unusable."""
        self._stored.pop(key, None)

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            if not self._added and self.path is not None:
                atexit.register(self.save)
            self._added[key] = value

    def save(self) -> None:
        with self._lock:
            if not self._added or self.path is None:
                return
            kept = self._stored if len(self._stored) + len(self._added) <= self.limit else {}
            data = {**kept, **{k: self._stored[k] for k in self._used if k in self._stored}, **self._added}
            self._stored, self._added = data, {}
        _write(self.path, data)


_caches: dict[tuple[str, str, str | None], HomeCache] = {}
_caches_lock = threading.Lock()


def home_cache(name: str, tag: str, limit: int = 20_000) -> HomeCache:
    """The cache `name` (of this `tag`) of the home in use: one per value of SITREP_HOME, so that a process
    that changes it (a command given --home) reads and writes the one it names."""
    home = os.environ.get("SITREP_HOME")
    cache = _caches.get((name, tag, home))
    if cache is None:
        with _caches_lock:
            cache = _caches.get((name, tag, home))
            if cache is None:
                try:
                    path: Path | None = sitrep_home() / FOLDER / f"{name}-{tag}.marshal"
                except ConfigError:
                    path = None  # an unusable home: values are made in memory, and the gazetteer will say why
                cache = _caches[(name, tag, home)] = HomeCache(path, limit)
    return cache


def _read(path: Path) -> dict:
    try:
        data = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.debug("ignoring the unreadable cache %s (%s)", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: Path, data: dict) -> None:
    try:
        packed = marshal.dumps(data)
    except ValueError as exc:
        log.debug("cannot store the cache %s: %s", path, exc)
        return
    write_whole(path, packed)


def write_whole(path: Path, data: bytes) -> None:
    """Write a file of SITREP_HOME whole or not at all, whoever else writes it at the same time; best effort:
    a home that cannot be written only costs the next process the time to make the data again."""
    import tempfile  # only a process that adds to a cache needs it (it brings `random` along)

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        log.debug("could not store %s: %s", path, exc)
        return
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        log.debug("could not store %s: %s", path, exc)
        Path(temporary).unlink(missing_ok=True)

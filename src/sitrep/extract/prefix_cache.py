"""The literal prefixes of the cue and mood patterns, kept under SITREP_HOME between processes.

Reading them from the patterns' parse trees, and compiling every pattern once to prove it, is most of what a
short run would spend on those patterns; with the prefixes stored, a process compiles only the patterns whose
prefixes its text holds. A stored set serves only the exact pattern texts it was read from, read by this code
of `prefixes`, this sitrep and this Python: any change reads them again. Storing is best effort (a read-only
home only costs the time).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import __version__
from ..errors import ConfigError, ResourceError
from ..home_cache import write_whole
from ..settings import sitrep_home
from .prefixes import STORED_PREFIX_LENGTH, OnDemand, necessary_prefixes, reader_fingerprint

log = logging.getLogger(__name__)
FOLDER = "patterns"  # under SITREP_HOME: one file per table of patterns


def stored_prefixes(
    name: str, patterns: OnDemand, build: Callable[[], list[frozenset[str]]], length: int = STORED_PREFIX_LENGTH
) -> list[frozenset[str]]:
    """The prefix sets of `patterns` as stored under SITREP_HOME for exactly these patterns, else those `build`
    reads (it proves every pattern, with prefixes of `length`), stored for the next process."""
    key = _key(patterns, length)
    path = _path(name)
    stored = _read(path, key, len(patterns)) if path else None
    if stored is not None:
        return stored
    prefixes = build()
    if path:
        _write(path, key, prefixes)
    return prefixes


def proven_prefixes(patterns: OnDemand, written: Sequence[tuple[str, str]]) -> list[frozenset[str]]:
    """Each pattern's prefixes (of STORED_PREFIX_LENGTH: they are read once), every pattern compiled to prove
    it. `written[i]` says where pattern i is written and how, for the one-line error that names a bad one."""
    prefixes = []
    for index, (where, pattern) in enumerate(written):
        try:
            prefixes.append(necessary_prefixes(patterns[index], STORED_PREFIX_LENGTH))
        except re.error as exc:
            raise ResourceError(f"{where}: bad pattern {pattern!r} ({exc})") from None
    return prefixes


def _key(patterns: OnDemand, length: int = STORED_PREFIX_LENGTH) -> str:
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{sys.version_info[:2]}\0{patterns.flags}\0{length}\0".encode())
    digest.update(reader_fingerprint())
    for source in patterns.sources:
        digest.update(source.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _path(name: str) -> Path | None:
    try:
        return sitrep_home() / FOLDER / f"{name}.json"
    except ConfigError:
        return None  # the home is unusable: the tables are read in memory, and the gazetteer will say why


def _read(path: Path, key: str, count: int) -> list[frozenset[str]] | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    prefixes = stored.get("prefixes") if isinstance(stored, dict) and stored.get("key") == key else None
    if not isinstance(prefixes, list) or len(prefixes) != count:
        return None
    if not all(isinstance(texts, list) and all(isinstance(t, str) for t in texts) for texts in prefixes):
        return None
    return [frozenset(texts) for texts in prefixes]


def _write(path: Path, key: str, prefixes: list[frozenset[str]]) -> None:
    data = json.dumps({"key": key, "prefixes": [sorted(texts) for texts in prefixes]})
    write_whole(path, data.encode("utf-8"))

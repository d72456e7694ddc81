"""Compiled regular expressions kept under SITREP_HOME between processes.

sitrep builds large patterns at run time (alternations of every cue prefix, governorate spelling, country
name …). Parsing and compiling them is most of what a short `sitrep extract` spends on them, although the
outcome depends only on the pattern's text, its flags and the Python that compiles it. `regex()` compiles a
pattern as `re.compile` does, from the same parse tree and the same code generator, and keeps the compiled
code; a later process rebuilds the pattern object from that code (`_sre.compile`, the call that ends
`re.compile`), which takes microseconds. The file's name carries the Python version and the regex engine's
version, so another Python never reads it; the engine checks any code it is handed, and a file that fails
is ignored. Storing is best effort, once at the end of a process that compiled something new.
"""

from __future__ import annotations

import _sre
import atexit
import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
import threading
from array import array
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]

from .errors import ConfigError
from .settings import sitrep_home

log = logging.getLogger(__name__)

FOLDER = "patterns"  # under SITREP_HOME, beside the cue and mood prefixes (extract/prefix_cache.py)
MAX_STORED = 20_000  # beyond this many, a store keeps only what its last process used: resources came and went
_ENGINE = f"{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}\0{_sre.MAXREPEAT}\0{_sre.MAXGROUPS}"
_TAG = hashlib.sha256(_ENGINE.encode()).hexdigest()[:16]
_CODE = "I" if array("I").itemsize == _sre.CODESIZE else "L"

Key = tuple[str, int]
Stored = tuple[int, bytes, int, dict[str, int], tuple]  # flags, code, groups, group index, index → group name


def regex(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)` for a text pattern, once per process, from its stored code when a
    process of this Python compiled it before."""
    return _store().compiled(pattern, flags)


def stored_path(home: Path) -> Path:
    return home / FOLDER / f"compiled-{_TAG}.marshal"


class PatternStore:
    """The compiled code of every pattern some process compiled here, and this process's patterns."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stored: dict[Key, Stored] = _read(path) if path else {}
        self._added: dict[Key, Stored] = {}
        self._used: set[Key] = set()
        self._patterns: dict[Key, re.Pattern[str]] = {}
        self._lock = threading.Lock()

    def compiled(self, pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
        key = (pattern, int(flags))
        found = self._patterns.get(key)
        if found is None:
            with self._lock:
                found = self._patterns.get(key)
                if found is None:
                    found = self._patterns[key] = self._compile(key)
        return found

    def _compile(self, key: Key) -> re.Pattern[str]:
        pattern, flags = key
        if not isinstance(pattern, str) or flags & re.DEBUG:
            return re.compile(pattern, flags)
        stored = self._stored.get(key)
        if stored is not None:
            try:
                built = _built(pattern, stored)
            except (RuntimeError, TypeError, ValueError, OverflowError):  # the engine refused the code
                log.debug("ignoring the stored code of %r; compiling it", pattern[:60])
            else:
                self._used.add(key)
                return built
        found = _compiled_code(pattern, flags)
        if not self._added and self.path is not None:
            atexit.register(self.save)
        self._added[key] = found
        return _built(pattern, found)

    def save(self) -> None:
        """Store what this process compiled that was not stored yet (whole or not at all)."""
        with self._lock:
            if not self._added or self.path is None:
                return
            kept = self._stored if len(self._stored) + len(self._added) <= MAX_STORED else {}
            data = {**kept, **{k: self._stored[k] for k in self._used}, **self._added}
            self._stored, self._added = data, {}
        _write(self.path, data)


def _compiled_code(pattern: str, flags: int) -> Stored:
    """What re._compiler.compile hands the engine for this pattern: the same parse, the same code."""
    tree = _parser.parse(pattern, flags)
    code = _compiler._code(tree, flags)
    groups = tree.state.groupdict
    names: list[str | None] = [None] * tree.state.groups
    for name, number in groups.items():
        names[number] = name
    return flags | tree.state.flags, array(_CODE, code).tobytes(), tree.state.groups - 1, dict(groups), tuple(names)


def _built(pattern: str, stored: Stored) -> re.Pattern[str]:
    flags, packed, groups, group_index, index_group = stored
    code = array(_CODE)
    code.frombytes(packed)
    return _sre.compile(pattern, flags, code.tolist(), groups, group_index, index_group)


def _read(path: Path) -> dict[Key, Stored]:
    try:
        data = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.debug("ignoring the unreadable compiled patterns %s (%s)", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: Path, data: dict[Key, Stored]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        log.debug("could not store the compiled patterns in %s: %s", path, exc)
        return
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(marshal.dumps(data))
        os.replace(temporary, path)  # whole or not at all, whoever else writes it at the same time
    except (OSError, ValueError) as exc:
        log.debug("could not store the compiled patterns in %s: %s", path, exc)
        Path(temporary).unlink(missing_ok=True)


_stores: dict[str | None, PatternStore] = {}
_stores_lock = threading.Lock()


def _store() -> PatternStore:
    """The store of the home in use: one per value of SITREP_HOME, so that a process that changes it reads
    and writes the one it names."""
    named = os.environ.get("SITREP_HOME")
    store = _stores.get(named)
    if store is None:
        with _stores_lock:
            store = _stores.get(named)
            if store is None:
                try:
                    path: Path | None = stored_path(sitrep_home())
                except ConfigError:
                    path = None  # an unusable home: patterns are compiled in memory, the gazetteer says why
                store = _stores[named] = PatternStore(path)
    return store

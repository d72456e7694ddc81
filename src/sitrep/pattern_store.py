"""Compiled regular expressions kept under SITREP_HOME between processes.

sitrep builds large patterns at run time (alternations of every cue prefix, governorate spelling, country
name …). Parsing and compiling them is most of what a short `sitrep extract` spends on them, although the
outcome depends only on the pattern's text, its flags and the Python that compiles it. `regex()` compiles a
pattern as `re.compile` does, from the same parse tree and the same code generator, and keeps the compiled
code (home_cache.py); a later process rebuilds the pattern object from that code (`_sre.compile`, the call
that ends `re.compile`), which takes microseconds. The cache's name carries the Python version and the regex
engine's version, so another Python never reads it; the engine checks any code it is handed, and code it
refuses is compiled afresh.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # the regex engine: no stubs
import hashlib
import marshal
import re
import sys
import threading
from array import array
from collections.abc import Callable, Hashable
from re import _compiler, _parser  # type: ignore[attr-defined]
from types import CodeType
from typing import Any

from .home_cache import HomeCache, home_cache

_ENGINE = f"{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}\0{_sre.MAXREPEAT}\0{_sre.MAXGROUPS}"
TAG = hashlib.sha256(_ENGINE.encode()).hexdigest()[:16]
_CODE = "I" if array("I").itemsize == _sre.CODESIZE else "L"

Key = tuple[str, int]
Stored = tuple[int, bytes, int, dict[str, int], tuple]  # flags, code, groups, group index, index → group name

_patterns: dict[Key, re.Pattern[str]] = {}
_lock = threading.Lock()
_readings: dict[tuple[str, bytes, Hashable], Any] = {}


def regex(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)` for a text pattern, once per process, from its stored code when a
    process of this Python compiled it before."""
    key = (pattern, int(flags))
    found = _patterns.get(key)
    if found is None:
        with _lock:
            found = _patterns.get(key)
            if found is None:
                found = _patterns[key] = compiled(home_cache("compiled-patterns", TAG), key)
    return found


def compiled(cache: HomeCache, key: Key) -> re.Pattern[str]:
    """The pattern of `key`, from the code the cache holds for it, else compiled and added to the cache."""
    pattern, flags = key
    if not isinstance(pattern, str) or flags & re.DEBUG:
        return re.compile(pattern, flags)
    stored = cache.get(key)
    if stored is not None:
        try:
            return _built(pattern, stored)
        except (RuntimeError, TypeError, ValueError, OverflowError):  # the engine refused the code
            cache.forget(key)
    found = compiled_code(pattern, flags)
    cache.put(key, found)
    return _built(pattern, found)


def compiled_code(pattern: str, flags: int) -> Stored:
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


def kept_reading(reader: str, fingerprint: bytes, key: Hashable, read: Callable[[], Any]) -> Any:
    """What `read()` tells of a pattern (its required words, its prefixes), once per process, and kept under
    SITREP_HOME between processes: by `key`, which names the pattern exactly (its text, flags and whatever
    else the reading takes), and by `fingerprint`, the code and constants of the reader (code_fingerprint),
    which with this Python's regex parser decide the answer. A value marshal cannot hold is not kept."""
    memo_key = (reader, fingerprint, key)
    if memo_key in _readings:
        return _readings[memo_key]
    tag = hashlib.sha256(f"{TAG}\0{reader}\0".encode() + fingerprint).hexdigest()[:16]
    cache = home_cache(f"pattern-{reader}", tag)
    stored = cache.get(key)
    if isinstance(stored, tuple) and len(stored) == 1:  # boxed: a reading may be None
        value = stored[0]
    else:
        value = read()
        try:
            marshal.dumps(value)
        except ValueError:
            pass
        else:
            cache.put(key, (value,))
    _readings[memo_key] = value
    return value


def code_fingerprint(functions: tuple[Callable, ...], constants: object = ()) -> bytes:
    """The byte code and constants of `functions` (and of their inner functions) and the repr of `constants`:
    a reading kept by kept_reading under another fingerprint was made by other code."""
    return b"\0".join([*(_code_bytes(f.__code__) for f in functions), repr(constants).encode()])


def _code_bytes(code: CodeType) -> bytes:
    parts = [code.co_code, repr(code.co_names).encode()]
    for constant in code.co_consts:  # an inner function's repr would hold its address: its code instead
        parts.append(_code_bytes(constant) if isinstance(constant, CodeType) else repr(constant).encode())
    return b"\1".join(parts)

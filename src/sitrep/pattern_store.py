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
import re
import sys
import threading
from array import array
from re import _compiler, _parser  # type: ignore[attr-defined]

from .home_cache import HomeCache, home_cache

_ENGINE = f"{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}\0{_sre.MAXREPEAT}\0{_sre.MAXGROUPS}"
TAG = hashlib.sha256(_ENGINE.encode()).hexdigest()[:16]
_CODE = "I" if array("I").itemsize == _sre.CODESIZE else "L"

Key = tuple[str, int]
Stored = tuple[int, bytes, int, dict[str, int], tuple]  # flags, code, groups, group index, index → group name

_patterns: dict[Key, re.Pattern[str]] = {}
_lock = threading.Lock()


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

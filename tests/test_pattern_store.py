"""Compiled patterns kept under SITREP_HOME: the same patterns as re.compile's, rebuilt from stored code."""

import re

import pytest

from sitrep import home_cache, pattern_store
from sitrep.home_cache import HomeCache
from sitrep.pattern_store import compiled, regex

# Each with texts it must match (or not) alike: groups, look-arounds, classes, case folding beyond ASCII
PATTERNS = [
    (r"(?P<number>\d+)\s+(?P<kind>killed|wounded)", 0, ["12 killed", "some 3  wounded and 4 killed", "none"]),
    (r"(?<![\w-])(?:shell(?:ed|ing)?|bomb(?:ed|ing)s?)(?![\w-])", re.I, ["SHELLING of", "the bombs", "shellfish"]),
    (r"\b(?:Kelvin|straße)\b", re.I, ["\u212aelvin", "STRASSE", "Straße"]),
    (r"^(?:the|a)\s+(\w+)$", re.I | re.M, ["The convoy\na truck", "convoy"]),
    (r"(a)(b)?(?(2)c|d)", 0, ["abc", "ad", "abd"]),
    (r"[\u0600-\u06ff]+|\d{2,4}", 0, ["حلب 2016", "x"]),
]


def _same(mine: re.Pattern, theirs: re.Pattern, texts: list[str]) -> None:
    assert (mine.pattern, mine.flags, mine.groups, mine.groupindex) == (
        theirs.pattern,
        theirs.flags,
        theirs.groups,
        theirs.groupindex,
    )
    for text in texts:
        assert [m.span() + m.groups() for m in mine.finditer(text)] == [
            m.span() + m.groups() for m in theirs.finditer(text)
        ]


@pytest.mark.parametrize(("pattern", "flags", "texts"), PATTERNS)
def test_a_pattern_is_re_compiles_pattern_fresh_and_rebuilt_from_its_stored_code(tmp_path, pattern, flags, texts):
    path = tmp_path / "compiled.marshal"
    first = HomeCache(path, 100)
    _same(compiled(first, (pattern, int(flags))), re.compile(pattern, flags), texts)
    first.save()
    again = HomeCache(path, 100)
    assert again.get((pattern, int(flags))) is not None
    _same(compiled(again, (pattern, int(flags))), re.compile(pattern, flags), texts)


def test_a_stored_pattern_is_not_compiled_again(tmp_path, monkeypatch):
    path = tmp_path / "compiled.marshal"
    store = HomeCache(path, 100)
    compiled(store, (r"\bidlib\b", int(re.I)))
    store.save()

    def no_compiling(*args):
        raise AssertionError("compiled again")

    monkeypatch.setattr(pattern_store, "compiled_code", no_compiling)
    assert compiled(HomeCache(path, 100), (r"\bidlib\b", int(re.I))).search("in IDLIB")


def test_one_process_gets_one_pattern_object_per_text_and_flags():
    assert regex("ab+") is regex("ab+", 0)
    assert regex("ab+") is not regex("ab+", re.I)
    assert regex("ab+", re.I) is regex("ab+", int(re.I))


def test_an_unreadable_store_is_ignored(tmp_path):
    path = tmp_path / "compiled.marshal"
    path.write_bytes(b"not marshal at all")
    assert compiled(HomeCache(path, 100), ("x+y", 0)).fullmatch("xxy")


def test_code_the_engine_refuses_is_compiled_afresh(tmp_path):
    store = HomeCache(tmp_path / "compiled.marshal", 100)
    flags, _, groups, index, names = pattern_store.compiled_code("x+y", 0)
    store._stored[("x+y", 0)] = (flags, b"\xff\xff\xff\x7f" * 3, groups, index, names)
    assert compiled(store, ("x+y", 0)).fullmatch("xxy")
    assert store._added[("x+y", 0)] == pattern_store.compiled_code("x+y", 0)  # the good code replaces the bad


def test_a_bad_pattern_is_re_error_and_nothing_is_stored(tmp_path):
    store = HomeCache(tmp_path / "compiled.marshal", 100)
    with pytest.raises(re.error):
        compiled(store, ("(unclosed", 0))
    assert not store._added


def test_patterns_are_stored_under_the_home_in_use(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("SITREP_HOME", str(home))
    cache = home_cache.home_cache("compiled-patterns", pattern_store.TAG)
    assert compiled(cache, (r"\bhama\b", int(re.I))).search("near Hama")
    cache.save()
    (kept,) = (home / "cache").iterdir()
    assert HomeCache(kept, 100).get((r"\bhama\b", int(re.I))) is not None


def test_a_cache_past_its_size_keeps_what_its_process_used(tmp_path):
    path = tmp_path / "cache.marshal"
    first = HomeCache(path, 2)
    first.put("a", 1)
    first.put("b", 2)
    first.save()
    second = HomeCache(path, 2)
    assert second.get("a") == 1  # used: kept
    second.put("c", 3)  # new: kept
    second.save()
    assert HomeCache(path, 2)._stored == {"a": 1, "c": 3}


def test_a_cache_in_a_home_that_cannot_be_written_still_serves(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    cache = HomeCache(blocked / "cache.marshal", 10)
    cache.put("a", 1)
    cache.save()  # best effort: no error
    assert not (blocked / "cache.marshal").exists()


def _as_a_new_process(home) -> None:
    """Save what this process added under the home, then forget everything it remembered."""
    for cache in list(home_cache._caches.values()):
        cache.save()
    home_cache._caches.clear()
    pattern_store._readings.clear()


def test_a_reading_of_a_pattern_is_made_once_and_kept_for_the_next_process(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_HOME", str(tmp_path))
    monkeypatch.setattr(home_cache, "_caches", {})
    monkeypatch.setattr(pattern_store, "_readings", {})
    made = []

    def read() -> frozenset[str]:
        made.append(1)
        return frozenset({"shell", "bomb"})

    key = (r"\b(?:shell|bomb)", int(re.I))
    assert pattern_store.kept_reading("words", b"v1", key, read) == frozenset({"shell", "bomb"})
    assert pattern_store.kept_reading("words", b"v1", key, read) == frozenset({"shell", "bomb"})
    assert made == [1]
    _as_a_new_process(tmp_path)
    assert pattern_store.kept_reading("words", b"v1", key, read) == frozenset({"shell", "bomb"})
    assert made == [1]  # read from the home
    assert pattern_store.kept_reading("words", b"v2", key, read) == frozenset({"shell", "bomb"})
    assert made == [1, 1]  # other code: read again


def test_a_reading_that_is_none_is_kept_and_one_marshal_cannot_hold_is_only_remembered(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_HOME", str(tmp_path))
    monkeypatch.setattr(home_cache, "_caches", {})
    monkeypatch.setattr(pattern_store, "_readings", {})
    made = []
    assert pattern_store.kept_reading("words", b"v1", "a", lambda: made.append("a")) is None
    assert pattern_store.kept_reading("words", b"v1", "b", lambda: made.append("b") or re.compile("b")).pattern == "b"
    _as_a_new_process(tmp_path)
    assert pattern_store.kept_reading("words", b"v1", "a", lambda: made.append("a")) is None
    assert pattern_store.kept_reading("words", b"v1", "b", lambda: made.append("b") or re.compile("b")).pattern == "b"
    assert made == ["a", "b", "b"]


def test_the_fingerprint_of_code_tells_one_body_from_another():
    def first(x):
        return x + 1

    def second(x):
        return x + 2

    def outer():
        def inner():
            return "a"

        return inner

    def outer_changed():
        def inner():
            return "b"

        return inner

    fingerprint = pattern_store.code_fingerprint
    assert fingerprint((first,)) == fingerprint((first,))
    assert fingerprint((first,)) != fingerprint((second,))
    assert fingerprint((outer,)) != fingerprint((outer_changed,))  # an inner function's code counts
    assert fingerprint((first,), (1,)) != fingerprint((first,), (2,))

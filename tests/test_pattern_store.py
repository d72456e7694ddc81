"""Compiled patterns kept under SITREP_HOME: the same patterns as re.compile's, rebuilt from stored code."""

import re

import pytest

from sitrep import pattern_store
from sitrep.pattern_store import PatternStore, regex, stored_path

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
    first = PatternStore(path)
    _same(first.compiled(pattern, int(flags)), re.compile(pattern, flags), texts)
    first.save()
    again = PatternStore(path)
    assert (pattern, int(flags)) in again._stored
    _same(again.compiled(pattern, int(flags)), re.compile(pattern, flags), texts)


def test_a_stored_pattern_is_not_compiled_again(tmp_path, monkeypatch):
    path = tmp_path / "compiled.marshal"
    store = PatternStore(path)
    store.compiled(r"\bidlib\b", re.I)
    store.save()

    def no_compiling(*args):
        raise AssertionError("compiled again")

    monkeypatch.setattr(pattern_store, "_compiled_code", no_compiling)
    assert PatternStore(path).compiled(r"\bidlib\b", re.I).search("in IDLIB")


def test_one_process_gets_one_pattern_object_per_text_and_flags(tmp_path):
    store = PatternStore(tmp_path / "compiled.marshal")
    assert store.compiled("ab+", 0) is store.compiled("ab+", 0)
    assert store.compiled("ab+", 0) is not store.compiled("ab+", re.I)


def test_an_unreadable_store_is_ignored(tmp_path):
    path = tmp_path / "compiled.marshal"
    path.write_bytes(b"not marshal at all")
    assert PatternStore(path).compiled("x+y", 0).fullmatch("xxy")


def test_code_the_engine_refuses_is_compiled_afresh(tmp_path):
    path = tmp_path / "compiled.marshal"
    store = PatternStore(path)
    flags, code, groups, index, names = pattern_store._compiled_code("x+y", 0)
    store._stored[("x+y", 0)] = (flags, b"\xff\xff\xff\x7f" * 3, groups, index, names)
    assert store.compiled("x+y", 0).fullmatch("xxy")
    assert ("x+y", 0) in store._added  # and the good code replaces the bad one when stored


def test_a_bad_pattern_is_re_error_and_nothing_is_stored(tmp_path):
    store = PatternStore(tmp_path / "compiled.marshal")
    with pytest.raises(re.error):
        store.compiled("(unclosed", 0)
    assert not store._added


def test_patterns_are_stored_under_the_home_in_use(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("SITREP_HOME", str(home))
    assert regex(r"\bhama\b", re.I).search("near Hama")
    pattern_store._store().save()
    assert stored_path(home).is_file()
    assert (r"\bhama\b", int(re.I)) in PatternStore(stored_path(home))._stored


def test_a_store_past_its_size_keeps_what_its_process_used(tmp_path, monkeypatch):
    monkeypatch.setattr(pattern_store, "MAX_STORED", 2)
    path = tmp_path / "compiled.marshal"
    first = PatternStore(path)
    for pattern in ("a+", "b+"):
        first.compiled(pattern, 0)
    first.save()
    second = PatternStore(path)
    second.compiled("a+", 0)  # used: kept
    second.compiled("c+", 0)  # new: kept
    second.save()
    assert set(PatternStore(path)._stored) == {("a+", 0), ("c+", 0)}

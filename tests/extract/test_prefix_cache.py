"""The pattern prefixes kept under SITREP_HOME: read once, served to later processes for exactly the same
patterns, read again when anything they came from changes."""

import json
import re
import subprocess
import sys

from sitrep.extract import prefix_cache
from sitrep.extract.prefix_cache import stored_prefixes
from sitrep.extract.prefixes import OnDemand, necessary_prefixes


def _reader(patterns: OnDemand, reads: list[int]):
    def read():
        reads.append(1)
        return [necessary_prefixes(patterns[i]) for i in range(len(patterns))]

    return read


def test_prefixes_are_read_once_then_served_from_the_home(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_HOME", str(tmp_path))
    reads: list[int] = []
    patterns = OnDemand([r"shell(?:ed|ing)", r"^\s*if\b"], re.I)
    first = stored_prefixes("sample", patterns, _reader(patterns, reads))
    again = OnDemand(patterns.sources, re.I)
    assert stored_prefixes("sample", again, _reader(again, reads)) == first == [{"shel"}, {"\x02 ", "\x02if"}]
    assert reads == [1]
    assert (tmp_path / "patterns" / "sample.json").is_file()


def test_a_changed_pattern_or_flag_reads_them_again(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_HOME", str(tmp_path))
    reads: list[int] = []
    for sources, flags in ((["shell"], re.I), (["shelling|bombing"], re.I), (["shelling|bombing"], 0)):
        patterns = OnDemand(sources, flags)
        stored_prefixes("sample", patterns, _reader(patterns, reads))
    assert len(reads) == 3
    patterns = OnDemand(["shelling|bombing"], 0)
    assert stored_prefixes("sample", patterns, _reader(patterns, reads)) == [{"bomb", "shel"}] and len(reads) == 3


def test_prefixes_read_at_another_length_are_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_HOME", str(tmp_path))
    patterns = OnDemand(["the scene of"], re.I)
    reads: list[int] = []

    def reader(length: int):
        return lambda: reads.append(length) or [necessary_prefixes(patterns[0], length)]

    stored = [stored_prefixes("sample", patterns, reader(length), length) for length in (4, 8, 8)]
    assert stored == [[{"the "}], [{"the scen"}], [{"the scen"}]] and reads == [4, 8]


def test_a_damaged_file_is_read_again_and_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_HOME", str(tmp_path))
    stored = tmp_path / "patterns" / "sample.json"
    stored.parent.mkdir()
    reads: list[int] = []
    patterns = OnDemand(["shell"], re.I)
    for damage in ("{not json", json.dumps({"key": prefix_cache._key(patterns), "prefixes": [["shel"], ["x"]]})):
        stored.write_text(damage)
        assert stored_prefixes("sample", patterns, _reader(patterns, reads)) == [{"shel"}]
    assert len(reads) == 2
    assert json.loads(stored.read_text())["prefixes"] == [["shel"]]


def test_a_home_that_cannot_be_written_only_costs_the_time(tmp_path, monkeypatch):
    blocked = tmp_path / "home"
    blocked.mkdir()
    (blocked / "patterns").write_text("a file where the folder would go")
    monkeypatch.setenv("SITREP_HOME", str(blocked))
    patterns = OnDemand(["shell"], re.I)
    reads: list[int] = []
    assert stored_prefixes("sample", patterns, _reader(patterns, reads)) == [{"shel"}]
    assert stored_prefixes("sample", patterns, _reader(patterns, reads)) == [{"shel"}] and len(reads) == 2


def test_the_key_is_the_same_in_every_process():
    code = (
        "import re; from sitrep.extract.prefix_cache import _key; from sitrep.extract.prefixes import OnDemand;"
        "print(_key(OnDemand(['shell'], re.I)))"
    )
    keys = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout for _ in "ab"
    }
    assert len(keys) == 1 and len(keys.pop().strip()) == 64

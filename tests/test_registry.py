"""Entry points are found once and kept in SITREP_HOME while the installed packages stay as they were."""

import json
import os
import sys

import pytest

from sitrep import registry
from sitrep.errors import ConfigError


@pytest.fixture
def fresh_lookup(tmp_path, monkeypatch):
    """A home of its own, an import path with one folder the test may touch, and no lookup remembered."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("SITREP_HOME", str(home))
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    monkeypatch.setattr(sys, "path", [*sys.path, str(plugins)])
    registry._installed.cache_clear()
    yield home, plugins
    registry._installed.cache_clear()


def _kept(home):
    (path,) = home.glob("entry-points.*.json")
    return path


def test_installed_parts_are_found_and_kept_for_the_next_process(fresh_lookup):
    home, _ = fresh_lookup
    assert {"jsonl", "acled"} <= set(registry.available("sitrep.exporters"))
    assert registry.load("sitrep.coders", "rules").__name__ == "RuleBasedCoder"
    kept = json.loads(_kept(home).read_text(encoding="utf-8"))
    assert ["jsonl", "sitrep.export.jsonl:write_jsonl"] in kept["groups"]["sitrep.exporters"]


def test_the_kept_list_is_read_while_the_path_is_unchanged_and_found_again_once_a_folder_changed(fresh_lookup):
    home, plugins = fresh_lookup
    registry.available("sitrep.exporters")
    path = _kept(home)
    kept = json.loads(path.read_text(encoding="utf-8"))
    kept["groups"]["sitrep.exporters"] = [["dumps", "json:dumps"]]  # as if a package had declared it
    path.write_text(json.dumps(kept), encoding="utf-8")
    registry._installed.cache_clear()
    assert registry.available("sitrep.exporters") == ["dumps"]
    assert registry.load("sitrep.exporters", "dumps") is json.dumps
    stat = os.stat(plugins)
    os.utime(plugins, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a package installed there
    registry._installed.cache_clear()
    assert "dumps" not in registry.available("sitrep.exporters")
    with pytest.raises(ConfigError, match="no exporter named 'dumps'"):
        registry.load("sitrep.exporters", "dumps")


def test_a_broken_kept_list_is_found_again_and_a_home_that_is_a_file_keeps_nothing(fresh_lookup, tmp_path, monkeypatch):
    home, _ = fresh_lookup
    registry.available("sitrep.coders")
    _kept(home).write_text("{not json", encoding="utf-8")
    registry._installed.cache_clear()
    assert "rules" in registry.available("sitrep.coders")
    assert json.loads(_kept(home).read_text(encoding="utf-8"))["groups"]
    not_a_folder = tmp_path / "home-file"
    not_a_folder.write_text("oops")
    monkeypatch.setenv("SITREP_HOME", str(not_a_folder))
    registry._installed.cache_clear()
    assert "rules" in registry.available("sitrep.coders")

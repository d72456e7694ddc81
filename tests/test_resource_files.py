"""Resource files: parsed once, and what they parse to kept under SITREP_HOME by their content."""

import datetime

import pytest
import yaml

from sitrep import resource_files
from sitrep.errors import ResourceError
from sitrep.home_cache import home_cache

load = resource_files.load_yaml.__wrapped__  # without the per-process cache


@pytest.fixture()
def resources(tmp_path, monkeypatch):
    folder = tmp_path / "resources"
    folder.mkdir()
    monkeypatch.setenv("SITREP_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(resource_files, "resource_path", lambda name: folder / name)
    return folder


def _save() -> None:
    home_cache("parsed-resources", resource_files._parser_tag()).save()


def test_a_kept_file_is_read_without_parsing_and_an_edited_one_is_parsed_again(resources, monkeypatch):
    text = "cues:\n  - {id: shelling, words: [shelled, shelling]}\nweights: {a: 1.5, b: null, c: true}\n"
    (resources / "cues.yaml").write_text(text, encoding="utf-8")
    assert load("cues.yaml") == yaml.safe_load(text)
    _save()
    parse = resource_files._parsed
    monkeypatch.setattr(resource_files, "_parsed", lambda *args: pytest.fail("parsed again"))
    assert load("cues.yaml") == yaml.safe_load(text)
    (resources / "cues.yaml").write_text(text.replace("1.5", "2.5"), encoding="utf-8")
    monkeypatch.setattr(resource_files, "_parsed", parse)
    assert load("cues.yaml")["weights"]["a"] == 2.5


def test_a_broken_or_missing_file_is_a_one_line_error_naming_it(resources):
    (resources / "broken.yaml").write_text("a: [unclosed\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="resource file broken.yaml is not valid YAML"):
        load("broken.yaml")
    with pytest.raises(ResourceError, match="resource file gone.yaml is missing"):
        load("gone.yaml")


def test_dates_are_kept_and_come_back_as_dates(resources, monkeypatch):
    text = "periods:\n  - {from: 2000-07-17, to: null}\n  - {from: 2024-12-08 10:30:00+02:00}\n2016-01-01: a date key\n"
    (resources / "dated.yaml").write_text(text, encoding="utf-8")
    assert load("dated.yaml") == yaml.safe_load(text)
    _save()
    monkeypatch.setattr(resource_files, "_parsed", lambda *args: pytest.fail("parsed again"))
    kept = load("dated.yaml")
    assert kept == yaml.safe_load(text)
    assert type(kept["periods"][1]["from"]) is datetime.datetime

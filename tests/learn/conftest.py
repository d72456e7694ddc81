"""A SITREP_HOME of the learning tests' own: training writes actor and publisher files that the other
tests must not read. It shares the session's gazetteer index (built once) through a link."""

from __future__ import annotations

import pytest

from sitrep.extract.actors import reload_catalog

from .coded_files import write_acled, write_case


@pytest.fixture(scope="session")
def learn_home_dir(tmp_path_factory, sitrep_home):
    from sitrep.geo.index import ensure_index

    index = ensure_index(sitrep_home)
    home = tmp_path_factory.mktemp("learn-home")
    (home / index.name).symlink_to(index)
    return home


@pytest.fixture
def learn_home(learn_home_dir, monkeypatch):
    monkeypatch.setenv("SITREP_HOME", str(learn_home_dir))
    yield learn_home_dir
    reload_catalog()


@pytest.fixture(scope="session")
def acled_file(tmp_path_factory):
    return write_acled(tmp_path_factory.mktemp("coded") / "field-office.csv")


@pytest.fixture(scope="session")
def case_file(tmp_path_factory):
    return write_case(tmp_path_factory.mktemp("coded") / "snippets.tsv")

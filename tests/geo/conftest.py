import shutil

import pytest

from sitrep.geo.gazetteer import Gazetteer, index_path


@pytest.fixture(scope="session")
def default_index(sitrep_home):
    """The default gazetteer index, built once per test session."""
    Gazetteer.open(sitrep_home)
    return index_path(sitrep_home)


@pytest.fixture
def fresh_home(tmp_path, default_index, monkeypatch):
    """A private SITREP_HOME holding a copy of the default index, for tests that load more."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(default_index, index_path(home))
    monkeypatch.setenv("SITREP_HOME", str(home))
    yield home
    Gazetteer.forget(home)

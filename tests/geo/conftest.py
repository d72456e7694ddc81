import shutil
from pathlib import Path

import pytest

from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.index import connect, index_path
from sitrep.geo.loaders import load_file

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixture_home(tmp_path_factory) -> Path:
    """A SITREP_HOME whose index holds only tests/geo/fixtures/syria_places.csv: the geoparser tests do not
    depend on the spellings of any data package."""
    home = tmp_path_factory.mktemp("fixture-home")
    connect(home).close()
    load_file(home, FIXTURES / "syria_places.csv")
    return home


@pytest.fixture(scope="session")
def gazetteer(fixture_home) -> Gazetteer:
    return Gazetteer.open(fixture_home)


@pytest.fixture
def fresh_home(tmp_path, fixture_home, monkeypatch):
    """A private SITREP_HOME holding a copy of the fixture index, for tests that load more."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(index_path(fixture_home), index_path(home))
    monkeypatch.setenv("SITREP_HOME", str(home))
    yield home
    Gazetteer.forget(home)


@pytest.fixture(scope="session")
def default_index(sitrep_home):
    """The default gazetteer index built from the shipped data, once per test session."""
    Gazetteer.open(sitrep_home)
    return index_path(sitrep_home)

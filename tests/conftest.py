"""Test-wide settings: sitrep never touches the user's own data folder or database during tests."""

import pytest


@pytest.fixture(scope="session")
def sitrep_home(tmp_path_factory):
    """One SITREP_HOME for the whole session, so the default gazetteer index is built once."""
    return tmp_path_factory.mktemp("sitrep-home")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, sitrep_home, tmp_path):
    monkeypatch.setenv("SITREP_HOME", str(sitrep_home))
    monkeypatch.setenv("SITREP_DB", f"sqlite:///{tmp_path / 'sitrep.db'}")

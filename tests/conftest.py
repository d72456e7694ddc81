"""Test-wide settings: sitrep never touches the user's own data folder or database during tests."""

import os

import pytest


@pytest.fixture(scope="session")
def sitrep_home(tmp_path_factory):
    """One SITREP_HOME for the whole session, so the default gazetteer index is built once."""
    return tmp_path_factory.mktemp("sitrep-home")


@pytest.fixture(scope="session", autouse=True)
def _session_environment(sitrep_home, tmp_path_factory):
    """Module- and session-scoped fixtures run before the per-test settings below: they too get the
    session's SITREP_HOME and a database of their own, never the user's data folder or ./sitrep.db."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITREP_HOME", str(sitrep_home))
        patch.setenv("SITREP_DB", f"sqlite:///{tmp_path_factory.mktemp('session-db') / 'sitrep.db'}")
        yield


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, sitrep_home, tmp_path):
    monkeypatch.setenv("SITREP_HOME", str(sitrep_home))
    monkeypatch.setenv("SITREP_DB", f"sqlite:///{tmp_path / 'sitrep.db'}")


@pytest.fixture(scope="session")
def postgres_server_url():
    """A real PostgreSQL server: $SITREP_TEST_POSTGRES, or a throw-away cluster started here.

    Missing server binaries skip the PostgreSQL tests on a developer's machine and fail them in CI.
    """
    from tests.postgres_server import PostgresServer

    given = os.environ.get("SITREP_TEST_POSTGRES")
    if given:
        yield given
        return
    server = PostgresServer()
    if not server.available:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries not found (.ci/postgres.sh installs them)")
        pytest.skip("no PostgreSQL server binaries (apt-get install postgresql)")
    server.start()
    try:
        yield server.url()
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty store: an SQLite file, then a new database on the real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    from tests.postgres_server import fresh_database

    return fresh_database(request.getfixturevalue("postgres_server_url"))

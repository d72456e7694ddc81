import shutil

import pytest
from fastapi.testclient import TestClient

from sitrep.api import ApiConfig, create_app

from .seed import seed_store

API_KEY = "test-key-4b1d"


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory):
    """The seeded store, built once; each test gets its own copy (tests write to it)."""
    path = tmp_path_factory.mktemp("seeded") / "api.db"
    seed_store(f"sqlite:///{path}").close()
    return path


@pytest.fixture
def db_url(seeded_file, tmp_path):
    copy = tmp_path / "api.db"
    shutil.copyfile(seeded_file, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def client(db_url):
    with TestClient(create_app(ApiConfig(db_url=db_url, api_key=API_KEY))) as test_client:
        yield test_client

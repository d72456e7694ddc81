import pytest
from fastapi.testclient import TestClient

from sitrep.api import ApiConfig, create_app

from .seed import seed_store

API_KEY = "test-key-4b1d"


@pytest.fixture
def db_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'api.db'}"
    seed_store(url).close()
    return url


@pytest.fixture
def client(db_url):
    with TestClient(create_app(ApiConfig(db_url=db_url, api_key=API_KEY))) as test_client:
        yield test_client

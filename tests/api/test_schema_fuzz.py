"""Property-based requests generated from the OpenAPI schema: whatever comes in, no server error."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from sitrep.api import ApiConfig, create_app
from sitrep.geo import Gazetteer
from sitrep.settings import Options

from .conftest import API_KEY
from .seed import seed_store


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory, sitrep_home):
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
    seed_store(url).close()
    options = Options(home=sitrep_home)  # module scope: the per-test SITREP_HOME is not set yet
    Gazetteer.open(sitrep_home).lookup("homs")  # built once beforehand, not inside a timed request
    return create_app(ApiConfig(db_url=url, api_key=API_KEY, max_body_bytes=20_000, options=options))


MAX_EXAMPLES = 25  # per operation: about ten seconds in all


def test_no_request_makes_the_server_fail(fuzzed_app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def no_server_error(case):
            case.call_and_validate(headers={"X-API-Key": API_KEY}, checks=[not_a_server_error], timeout=60)

        no_server_error()

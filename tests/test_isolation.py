"""The tests never read or write the user's own sitrep folder, not even from fixtures built once per module."""

import pytest

from sitrep.settings import sitrep_home


@pytest.fixture(scope="module")
def home_seen_by_a_module_fixture():
    return sitrep_home()


def test_a_module_fixture_sees_the_session_home_not_the_users_folder(home_seen_by_a_module_fixture, sitrep_home):
    assert home_seen_by_a_module_fixture == sitrep_home

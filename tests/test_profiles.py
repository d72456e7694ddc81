"""Publisher profiles: the shipped registry, look-ups, and the analyst's own overrides under SITREP_HOME."""

import json
import os
from pathlib import Path

import pytest

from sitrep.errors import ResourceError
from sitrep.ingest.publishers import canonical_publisher
from sitrep.profiles import STATE_AFFILIATIONS, load_profiles, publisher_profile

# The outlet names of the FA-KES corpus's `publisher` field (names only) and the real sources of examples/.
CORPUS_OUTLETS = (
    "ahram alalam alaraby arabiya asharqalawsat dailysabah etilaf jordantimes manar nna reuters sana sputnik tass trt"
).split()
EXAMPLE_SOURCES = ["SOHR", "Suwayda 24", "SANA", "Syrian Observatory for Human Rights"]


@pytest.mark.parametrize("name", CORPUS_OUTLETS + EXAMPLE_SOURCES)
def test_every_corpus_outlet_has_a_full_profile(name):
    profile = publisher_profile(name)
    assert profile is not None, name
    assert profile.country and profile.ownership and profile.language and profile.domains
    assert profile.state_affiliation in STATE_AFFILIATIONS and profile.state_affiliation != "unknown"


def test_fa_kes_outlets_are_all_covered_when_the_shared_corpus_is_present():
    corpus = Path(__file__).parents[2] / "shared" / "data" / "fa-kes-documents.jsonl"
    if not corpus.exists():
        pytest.skip("the shared corpus is not beside this checkout")
    with corpus.open(encoding="utf-8") as fp:
        outlets = {json.loads(line).get("publisher") for line in fp}
    assert {o for o in outlets if o and publisher_profile(o) is None} == set()


def test_every_reliability_note_names_its_list_and_edition():
    for profile in load_profiles():
        for note in profile.reliability:
            assert note.list and note.version and note.note, profile.name


def test_syndication_names_known_outlets():
    registry = load_profiles()
    for profile in registry:
        for original in profile.republishes:
            assert registry.get(original) is not None, (profile.name, original)
    assert "AFP" in publisher_profile("ahram").republishes


def test_lookup_by_alias_domain_and_url_is_case_insensitive():
    assert publisher_profile("syrian arab news agency").name == "SANA"
    assert publisher_profile("https://www.sana.sy/en/?p=12").name == "SANA"
    assert publisher_profile("english.aawsat.com").name == "Asharq Al-Awsat"
    assert publisher_profile("An Outlet Nobody Profiled") is None


def test_a_profile_carries_its_countrys_press_freedom_rank():
    note = publisher_profile("TASS").press_freedom
    assert note.list == "RSF World Press Freedom Index" and "Russia ranked" in note.note


def test_user_file_adds_an_outlet_and_overrides_fields_of_a_shipped_one(sitrep_home, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "publishers.yaml").write_text(
        "- name: Valley Courier\n"
        "  aliases: [The Valley Courier]\n"
        "  country: Syria\n"
        "  state_affiliation: none\n"
        "  republishes: [SANA]\n"
        "- name: syrian arab news agency\n"
        "  notes: Our desk reads it for official statements only.\n",
        encoding="utf-8",
    )
    registry = load_profiles(home)
    courier = registry.get("the valley courier")
    assert courier.name == "Valley Courier" and courier.origin.endswith("publishers.yaml")
    assert courier.press_freedom.note.startswith("Syria ranked")
    sana = registry.get("SANA")
    assert sana.notes == "Our desk reads it for official statements only."
    assert sana.ownership and sana.state_affiliation == "state"  # fields not given stay as shipped
    assert publisher_profile("Valley Courier") is None  # the session's own SITREP_HOME has no such file


def test_canonical_publisher_follows_the_users_aliases(monkeypatch, tmp_path):
    (tmp_path / "publishers.yaml").write_text("- name: Valley Courier\n  aliases: [valleycourier]\n")
    monkeypatch.setenv("SITREP_HOME", str(tmp_path))
    assert canonical_publisher("valleycourier") == "Valley Courier"
    assert canonical_publisher("manar") == "Al-Manar"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- name: X\n  owner: someone\n", "unknown field 'owner'"),
        ("- aliases: [x]\n", "needs a 'name'"),
        ("- name: X\n  state_affiliation: maybe\n", "state_affiliation must be one of"),
        ("- name: X\n  reliability: [{list: L, note: N}]\n", "needs exactly 'list', 'version' and 'note'"),
        ("name: X\n", "expected a list"),
        ("- name: X\n  aliases: [: broken\n", "not valid YAML"),
    ],
)
def test_a_broken_user_file_is_one_error_naming_the_file_and_entry(tmp_path, content, message):
    (tmp_path / "publishers.yaml").write_text(content)
    with pytest.raises(ResourceError, match=message) as caught:
        load_profiles(tmp_path)
    assert str(tmp_path / "publishers.yaml") in str(caught.value)


def test_an_edited_user_file_is_read_again(tmp_path):
    user_file = tmp_path / "publishers.yaml"
    user_file.write_text("- name: Valley Courier\n  kind: newspaper\n")
    assert load_profiles(tmp_path).get("Valley Courier").kind == "newspaper"
    user_file.write_text("- name: Valley Courier\n  kind: radio station\n")
    os.utime(user_file, ns=(1, 10**18))
    assert load_profiles(tmp_path).get("Valley Courier").kind == "radio station"

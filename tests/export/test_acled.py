from datetime import UTC, datetime

from sitrep.export.acled import write_acled
from sitrep.export.context import ExportContext
from sitrep.export.names import acled_admin1, ascii_name
from tests.export.events import ARMY, CIVILIANS, PROTEST, REBELS, FixedRecords, canonical, event, rows

# The columns of a current ACLED export, in order, as the ACLED codebook lists them.
ACLED_HEADER = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 assoc_actor_1 "
    "inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1 admin2 admin3 "
    "location latitude longitude geo_precision source source_scale notes fatalities tags timestamp"
).split()


def test_header_is_a_current_acled_export_in_order():
    (row,) = rows(write_acled, [event()])
    assert list(row) == ACLED_HEADER


def test_event_id_cnty_is_iso3_and_the_number_the_records_keep():
    records = FixedRecords()
    first = rows(write_acled, [event("a"), event("b")], ExportContext(records))
    again = rows(write_acled, [event("c"), event("b")], ExportContext(records))
    assert [r["event_id_cnty"] for r in first] == ["SYR1", "SYR2"]
    assert [r["event_id_cnty"] for r in again] == ["SYR3", "SYR2"]


def test_without_a_store_the_number_follows_from_the_event_id():
    once, twice = rows(write_acled, [event("x")]), rows(write_acled, [event("x")])
    assert once[0]["event_id_cnty"] == twice[0]["event_id_cnty"]
    assert once[0]["event_id_cnty"].startswith("SYR") and once[0]["event_id_cnty"][3:].isdigit()
    assert once[0]["timestamp"] == ""


def test_timestamp_is_when_the_event_was_stored_or_changed_not_the_export_time():
    (stored,) = rows(write_acled, [event()], ExportContext(FixedRecords()))
    assert stored["timestamp"] == str(int(datetime(2021, 3, 20, 12, 0, tzinfo=UTC).timestamp()))
    (merged,) = rows(write_acled, [canonical()])
    assert merged["timestamp"] == str(int(datetime(2021, 3, 16, 8, 0, tzinfo=UTC).timestamp()))


def test_governorates_in_acled_spelling_and_places_in_ascii():
    assert acled_admin1("Syria", "Dara") == "Dar'a"
    assert acled_admin1("Syria", "Al Hasakeh") == "Al-Hasakeh"
    assert acled_admin1("Syria", "Idlib Governorate") == "Idleb"
    assert acled_admin1("Narnia", "Cair Parāvel") == "Cair Paravel"
    assert ascii_name("I‘zāz") == "I'zaz"
    assert ascii_name("Ma‘arrat an Nu‘mān") == "Ma'arrat an Nu'man"
    (row,) = rows(write_acled, [event(admin1="Dara", admin2="Izra‘", location="Ṣayda")])
    assert (row["admin1"], row["admin2"], row["location"]) == ("Dar'a", "Izra'", "Sayda")
    assert all(cell.isascii() for cell in row.values())


def test_a_battle_with_civilians_is_an_attack_on_civilians():
    (row,) = rows(write_acled, [event(actor1=CIVILIANS, inter1=7, actor2=ARMY, inter2=1)])
    assert (row["event_type"], row["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"]) == (ARMY, "1", CIVILIANS, "7")
    assert (row["interaction"], row["civilian_targeting"]) == ("17", "Civilian targeting")


def test_interaction_civilian_targeting_disorder_and_tags_follow_the_codebook():
    battle, shelling, protest, force, lone = rows(
        write_acled,
        [
            event("1"),
            event(
                "2",
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
                actor1=ARMY,
                inter1=1,
                actor2=CIVILIANS,
                inter2=7,
            ),
            event(
                "3",
                **PROTEST,
            ),
            event(
                "4",
                event_type="Protests",
                sub_event_type="Excessive force against protesters",
                actor1="Police Forces of Syria (2000-)",
                inter1=1,
                actor2="Protesters (Syria)",
                inter2=6,
            ),
            event(
                "5",
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
                actor1=ARMY,
                inter1=1,
                actor2="",
                inter2=None,
            ),
        ],
    )
    assert (battle["interaction"], battle["civilian_targeting"], battle["disorder_type"]) == (
        "12",
        "",
        "Political violence",
    )
    assert (shelling["interaction"], shelling["civilian_targeting"]) == ("17", "Civilian targeting")
    assert (protest["interaction"], protest["disorder_type"], protest["tags"]) == (
        "60",
        "Demonstrations",
        "crowd size=no report",
    )
    assert force["disorder_type"] == "Political violence; Demonstrations"
    assert (lone["interaction"], lone["civilian_targeting"]) == ("10", "")
    assert battle["iso"] == "760" and battle["region"] == "Middle East"


def test_sources_and_their_scale_from_the_analysts_publisher_profiles(monkeypatch, tmp_path):
    (tmp_path / "publishers.yaml").write_text(
        "- {name: Invented Gazette, source_scale: National}\n- {name: Imaginary Wire, source_scale: International}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SITREP_HOME", str(tmp_path))
    (row,) = rows(write_acled, [event(sources=["Invented Gazette", "Imaginary Wire", "Unknown Leaflet"])])
    assert row["source"] == "Invented Gazette; Imaginary Wire; Unknown Leaflet"
    assert row["source_scale"] == "National-International"


def test_unchanged_fields_keep_our_own_values():
    (row,) = rows(write_acled, [event(actor1=REBELS)])
    assert (row["actor1"], row["fatalities"], row["latitude"], row["geo_precision"]) == (REBELS, "5", "35.6136", "1")
    assert row["notes"].startswith("Rebels and soldiers traded fire")

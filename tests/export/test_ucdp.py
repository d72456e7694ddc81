from sitrep.export.context import ExportContext
from sitrep.export.ged_rules import date_span
from sitrep.export.names import ged_admin1, ged_side
from sitrep.export.ucdp import priogrid_cell, write_ucdp
from tests.export.events import (
    ARMY,
    CIVILIANS,
    ISLAMIC_STATE,
    PROTEST,
    REBELS,
    FixedRecords,
    canonical,
    event,
    killed,
    rows,
)

# The columns of UCDP GED (19.1 and later), in order, as the GED codebook lists them.
GED_HEADER = (
    "id year active_year type_of_violence conflict_new_id conflict_name dyad_new_id dyad_name side_a_new_id side_a "
    "side_b_new_id gwnob side_b number_of_sources source_article source_office source_date source_headline "
    "source_original where_prec where_coordinates adm_1 adm_2 latitude longitude geom_wkt priogrid_gid country "
    "country_id region event_clarity date_prec date_start date_end deaths_a deaths_b deaths_civilians "
    "deaths_unknown low best high"
).split()
DEATHS = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")


def test_header_is_geds_in_order():
    (row,) = rows(write_ucdp, [event()])
    assert list(row) == GED_HEADER


def test_state_based_puts_the_government_first_with_its_own_deaths():
    (row,) = rows(write_ucdp, [event()])
    assert (row["type_of_violence"], row["side_a"], row["side_b"]) == ("1", "Government of Syria", "Syrian insurgents")
    assert (row["deaths_a"], row["deaths_b"], row["deaths_civilians"], row["deaths_unknown"]) == ("3", "2", "0", "0")
    assert row["dyad_name"] == "Government of Syria - Syrian insurgents"


def test_non_state_and_one_sided_violence_by_the_kinds_of_the_sides():
    non_state, one_sided = rows(
        write_ucdp,
        [
            event(
                "n",
                actor1=ISLAMIC_STATE,
                inter1=2,
                actor2="QSD: Syrian Democratic Forces",
                inter2=2,
                claims=[killed(4, ISLAMIC_STATE)],
                fatalities_best=4,
            ),
            event(
                "o",
                event_type="Violence against civilians",
                sub_event_type="Attack",
                actor1=ISLAMIC_STATE,
                actor2=CIVILIANS,
                inter2=7,
                claims=[killed(6, CIVILIANS, subject="villagers")],
                fatalities_best=6,
            ),
        ],
    )
    assert (non_state["type_of_violence"], non_state["side_a"], non_state["side_b"]) == ("2", "IS", "SDF")
    assert (one_sided["type_of_violence"], one_sided["side_a"], one_sided["side_b"]) == ("3", "IS", "Civilians")
    assert (one_sided["deaths_b"], one_sided["deaths_civilians"]) == ("0", "6")


def test_a_battle_against_civilians_is_one_sided_violence():
    (row,) = rows(write_ucdp, [event(actor2=CIVILIANS, inter2=7, claims=[killed(2, CIVILIANS)], fatalities_best=2)])
    assert (row["type_of_violence"], row["side_a"], row["deaths_civilians"]) == ("3", "Syrian insurgents", "2")


def test_deaths_sum_to_best_and_low_best_high_are_ordered_on_every_row():
    events = [
        event(
            "sum",
            claims=[killed(3, ARMY), killed(4, None, subject="people")],
            fatalities_best=2,
            fatalities_low=1,
            fatalities_high=2,
        ),
        event("gap", claims=[killed(1, ARMY)], fatalities_best=9, fatalities_low=9, fatalities_high=15),
        event("vague", claims=[killed(10, REBELS, quantifier="dozens"), killed(14, REBELS)], fatalities_best=14),
    ]
    written = rows(write_ucdp, events)
    for row in written:
        assert sum(int(row[name]) for name in DEATHS) == int(row["best"])
        assert int(row["low"]) <= int(row["best"]) <= int(row["high"])
    assert [row["best"] for row in written] == ["7", "9", "14"]
    assert written[1]["deaths_unknown"] == "8"


def test_a_canonical_event_takes_the_median_of_its_reports_never_their_sum():
    claims = [
        killed(4, ARMY, document_id="doc-a"),
        killed(8, ARMY, document_id="doc-b"),
        killed(6, ARMY, document_id="doc-c"),
    ]
    (row,) = rows(write_ucdp, [canonical(claims=claims, fatalities_best=6, fatalities_low=4, fatalities_high=8)])
    assert (row["deaths_a"], row["best"], row["low"], row["high"]) == ("6", "6", "4", "8")
    assert row["number_of_sources"] == "2" and row["source_office"] == "Invented Gazette;Imaginary Wire"


def test_only_organised_lethal_violence_is_exported_and_the_rest_is_counted():
    context = ExportContext()
    written = rows(
        write_ucdp,
        [
            event("kept"),
            event(
                "protest",
                **PROTEST,
                claims=[],
                fatalities=0,
                fatalities_best=0,
            ),
            event(
                "arrest",
                event_type="Strategic developments",
                sub_event_type="Arrests",
                claims=[],
                fatalities=0,
                fatalities_best=0,
            ),
            event("bloodless", claims=[], fatalities=0, fatalities_best=0, fatalities_low=0, fatalities_high=0),
            event("one side", actor2="", inter2=None, claims=[killed(2, REBELS)], fatalities_best=2),
        ],
        context,
    )
    assert [row["type_of_violence"] for row in written] == ["1"]
    assert context.notes and context.notes[0].startswith("left out 4 of 5 events")


def test_dates_span_the_week_or_month_and_precisions_map_to_geds():
    assert date_span("2021-03-14", 1) == ("2021-03-14", "2021-03-14")
    assert date_span("2021-03-14", 2) == ("2021-03-08", "2021-03-14")
    assert date_span("2021-02-10", 3) == ("2021-02-01", "2021-02-28")
    week, month = rows(
        write_ucdp, [event("w", time_precision=2, geo_precision=2), event("m", time_precision=3, geo_precision=3)]
    )
    assert (week["date_prec"], week["where_prec"], week["event_clarity"]) == ("3", "2", "2")
    assert (month["date_prec"], month["where_prec"], month["date_end"]) == ("4", "4", "2021-03-31")


def test_names_places_and_grid_as_ged_writes_them():
    assert ged_side(ARMY) == "Government of Syria"
    assert ged_side("Military Forces of Russia (2000-)") == "Government of Russia (Soviet Union)"
    assert ged_side("Military Forces of the United States (2021-)") == "Government of United States of America"
    assert ged_side("Police Forces of Turkey (2016-)") == "Government of Turkey"
    assert ged_side("Invented Brigade") == "Invented Brigade"
    assert ged_admin1("Syria", "Idleb") == "Idlib Governorate"
    assert priogrid_cell(-89.9, -179.9) == 1 and priogrid_cell(0.25, 0.25) == 180 * 720 + 360 + 1
    (row,) = rows(write_ucdp, [event(admin2="Ariha")])
    assert (row["adm_1"], row["adm_2"], row["country_id"], row["region"]) == (
        "Idlib Governorate",
        "Ariha district",
        "652",
        "Middle East",
    )
    assert row["geom_wkt"] == "POINT (36.5614 35.6136)"
    assert row["source_original"] == "a local monitor"


def test_ged_ids_are_kept_like_acleds():
    records = FixedRecords()
    first = rows(write_ucdp, [event("a"), event("b")], ExportContext(records))
    later = rows(write_ucdp, [event("b")], ExportContext(records))
    assert [r["id"] for r in first] == ["1", "2"] and later[0]["id"] == "2"

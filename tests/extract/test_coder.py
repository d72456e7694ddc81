"""The rule-based coder on a multi-event roundup: episodes, dates, claims, sides, fatalities, places."""

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from sitrep import registry
from sitrep.extract.coder import RuleBasedCoder
from sitrep.ingest import document_from_string
from sitrep.model import Event, Place, Toponym
from sitrep.settings import Options

FIXTURE = (Path(__file__).parent / "fixtures" / "roundup.txt").read_text()


def toponyms_for(text: str) -> list[Toponym]:
    """Hand-resolved places, so this test exercises the coder alone (the geoparser has its own tests)."""
    table = {
        "al-Sukhnah": ("As Sukhnah", "Homs", 34.88, 38.87),
        "Palmyra": ("Tadmur", "Homs", 34.56, 38.28),
        "al-Busayrah": ("Al Busayrah", "Deir-ez-Zor", 35.15, 40.43),
        "Jarablus": ("Jarabulus", "Aleppo", 36.82, 38.01),
        "Damascus": ("Damascus", "Damascus", 33.51, 36.29),
    }
    found = []
    for surface, (name, admin1, lat, lon) in table.items():
        start = text.find(surface)
        while start >= 0:
            place = Place(
                query=surface, name=name, latitude=lat, longitude=lon, country="Syria", admin1=admin1, precision=1
            )
            found.append(Toponym(surface, start, start + len(surface), place))
            start = text.find(surface, start + 1)
    return sorted(found, key=lambda t: t.start_char)


def coded(text: str, published: str | None = "2022-03-10", toponyms: Sequence[Toponym] = ()) -> list[Event]:
    """The rule-based coder's events for one text, with the given places."""
    document = document_from_string(text, doc_id="t", options=Options(), published=published)
    return RuleBasedCoder().code(document, toponyms)


def region(text: str, name: str, admin1: str) -> Toponym:
    """A hand-made region mention; its longitude is its offset, so that no two places share a point."""
    start = text.index(name)
    place = Place(
        query=name,
        name=admin1,
        latitude=1.0,
        longitude=float(start),
        country="Syria",
        admin1=admin1,
        precision=3,
        feature="REGION",
    )
    return Toponym(name, start, start + len(name), place)


@pytest.fixture(scope="module")
def events() -> list[Event]:
    document = document_from_string(
        FIXTURE, doc_id="roundup", options=Options(), publisher="Euphrates Courier", published="2022-03-10"
    )
    return RuleBasedCoder().code(document, toponyms_for(document.text))


def test_one_event_per_episode_in_document_order(events):
    assert [(e.event_date, e.sub_event_type, e.admin1) for e in events] == [
        ("2022-03-02", "Armed clash", "Homs"),
        ("2022-03-04", "Armed clash", "Homs"),
        ("2022-03-07", "Arrests", "Deir-ez-Zor"),
        ("2022-03-10", "Armed clash", "Aleppo"),
    ]
    assert events[3].time_precision == 2


def test_no_event_from_statements_or_background(events):
    text = " ".join(e.text for e in events)
    assert "condemned" not in text and "In 2021" not in text


def test_claims_keep_claimants_sides_and_fatalities(events):
    first = events[0]
    killed = {(c.value, c.quantifier, c.side, c.claimant) for c in first.claims if c.kind == "killed"}
    assert killed == {
        (20, "at_least", "Military Forces of Syria (2000-2024)", "pro-opposition sources"),
        (10, "up_to", "Islamic State (Syria)", "State media"),
    }
    assert any(c.kind == "destroyed" and c.value == 3 for c in first.claims)
    assert (first.fatalities, first.fatalities_low, first.fatalities_high) == (30, 30, 30)
    # ACLED lists the state force first in a battle with a non-state group, whoever attacked
    assert (first.actor1, first.actor2) == ("Military Forces of Syria (2000-2024)", "Islamic State (Syria)")
    assert [(c.kind, c.value) for c in events[1].claims] == [("missing", 25)]
    assert [(c.kind, c.value, c.quantifier, c.claimant) for c in events[2].claims] == [
        ("detained", 4, "at_least", "activists")
    ]
    assert events[2].actor1 == "Global Coalition Against Daesh"
    infighting = events[3]
    assert {(c.subject, c.value, c.quantifier) for c in infighting.claims} == {
        ("militants", 5, "at_least"),
        ("civilians", 10, "several"),  # ACLED codes "several" as 10
    }
    assert infighting.fatalities == 15
    assert all(c.claimant == "Syrian Observatory for Human Rights" for c in infighting.claims)


def test_every_claim_points_back_into_the_text(events):
    document_text = document_from_string(FIXTURE, doc_id="r", options=Options()).text
    for event in events:
        assert document_text[event.start_char : event.end_char].startswith(event.text[:20])
        for claim in event.claims:
            assert claim.text in document_text
            assert document_text[claim.start_char : claim.end_char].split()[-1].isdigit() or claim.quantifier != "exact"


def test_ids_are_stable_and_the_coder_is_registered(events):
    document = document_from_string(FIXTURE, doc_id="roundup", options=Options(), published="2022-03-10")
    again = RuleBasedCoder().code(document, toponyms_for(document.text))
    assert [e.event_id for e in again] == [e.event_id for e in events]
    assert registry.load("sitrep.coders", "rules") is RuleBasedCoder


def test_a_registered_coder_replaces_the_default():
    class CountingCoder:
        name = "counting"

        def __init__(self, options):
            self.seen = 0

        def code(self, document, toponyms):
            self.seen += 1
            return []

    from sitrep.pipeline import extract_document

    registry.register("sitrep.coders", "counting", CountingCoder)
    document = document_from_string(
        "Clashes in Homs on Monday.", doc_id="x", options=Options(), published=date(2022, 3, 10)
    )
    assert extract_document(document, Options(coder="counting")) == []


def test_timelines_of_old_dated_events_give_no_events():
    text = (
        "Warplanes struck the town of Saraqib on Monday, killing 4 civilians.\n\n"
        "March 15, 2011: protests erupted in Daraa. March 1, 2012: regime forces seized Baba Amr."
    )
    events = coded(text, "2020-07-07")
    assert [e.event_date for e in events] == ["2020-07-06"]


def test_an_event_dated_over_a_month_before_the_report_is_background_unless_asked_for():
    text = (
        "Warplanes struck the town of Saraqib on Monday, killing 4 civilians.\n\n"
        "On May 12, gunmen ambushed an aid convoy near Daraya, killing two drivers."
    )
    document = document_from_string(text, doc_id="t", options=Options(), published="2020-07-07")
    assert [e.event_date for e in RuleBasedCoder().code(document, [])] == ["2020-07-06"]
    retrospective = RuleBasedCoder(Options(history_days=366)).code(document, [])
    assert [e.event_date for e in retrospective] == ["2020-07-06", "2020-05-12"]


@pytest.mark.parametrize("first_time", ["", "Watch - "])  # said again alone, or within a longer sentence
def test_a_sentence_said_again_word_for_word_is_no_second_event(first_time):
    lead = "Gunmen stormed a checkpoint in Jasim on Monday, killing three soldiers."
    text = f"{first_time}{lead} The attackers fled.\n\n{lead}"
    assert len(coded(text, "2020-07-07")) == 1


def test_a_timelines_entries_are_background():
    text = (
        "Jets bombed Saraqib on Monday, killing five.\n\n"
        "July 2011 Assad sends troops into Hama to crush protests, killing scores. "
        "2013 Jihadists seize Raqqa from the rebels."
    )
    assert [e.event_date for e in coded(text, "2020-07-07")] == ["2020-07-06"]


def test_a_habit_is_no_event_unless_the_sentence_dates_one():
    text = (
        "Rebels in the suburbs regularly fire rockets into the city.\n\n"
        "Rebels regularly fire rockets into the city, and on Monday a rocket killed two children."
    )
    assert [e.event_date for e in coded(text, "2020-07-07")] == ["2020-07-06"]


def test_weeks_of_events_summed_up_are_no_event_unless_the_sentence_dates_one():
    text = (
        "Convoys carried fighters out of districts that the army has retaken in recent months.\n\n"
        "A grenade exploded at a school on Monday, an attack of a kind seen repeatedly in recent months."
    )
    assert [e.event_date for e in coded(text, "2020-07-07")] == ["2020-07-06"]
    assert [e.sub_event_type for e in coded(text, None)] == ["Grenade"]


def test_what_a_told_event_came_after_is_its_context_not_another_event():
    told = "A car bomb killed 9 people at a market on Tuesday. "
    context = "The attack came a day after air strikes killed 26 people in the province."
    assert [e.sub_event_type for e in coded(told + context, "2020-07-08")] == ["Remote explosive/landmine/IED"]
    assert [e.sub_event_type for e in coded(context, "2020-07-08")] == ["Air/drone strike"]


def test_the_day_a_source_spoke_on_does_not_start_another_event():
    text = (
        "Jets struck the town of Saraqib on Sunday, killing 4 civilians. "
        "The Observatory said on Monday that the strikes had killed 6 civilians in all."
    )
    (event,) = coded(text, "2020-07-07")
    assert event.event_date == "2020-07-05" and event.fatalities_high == 6


def test_a_multi_day_account_gives_one_event_a_day():
    text = "Regime warplanes bombed the town of Kafranbel on Sunday and Monday, killing 6 civilians, activists said."
    events = coded(text, "2020-07-07")
    assert [(e.event_date, e.fatalities) for e in events] == [("2020-07-05", 6), ("2020-07-06", 0)]
    assert len({e.event_id for e in events}) == 2


def test_the_days_of_a_multi_day_account_long_before_the_report_are_background():
    findings = (
        "The report said that before the May 30 attack on the town warplanes also bombed it with nerve agents "
        "on December 11 and on March 3."
    )
    assert [e.event_date for e in coded(findings, "2020-06-10")] == ["2020-05-30"]
    text = "Warplanes bombed the town of Kafranbel on June 2 and on March 3, killing 6 civilians."
    assert [e.event_date for e in coded(text, "2020-06-10")] == ["2020-06-02"]


def test_a_claimant_carries_over_one_sentence_only():
    text = (
        "Activists said warplanes struck Atarib on Monday. Four civilians were killed. "
        "Rescuers pulled two bodies from the rubble. Three more people were killed in the strike."
    )
    (event,) = coded(text, "2020-07-07")
    assert [(c.value, c.claimant) for c in event.claims] == [(4, "Activists"), (2, None), (3, None)]


def test_later_sentences_can_raise_the_type_by_acled_precedence():
    text = "Thousands of protesters marched in Sweida on Friday. Later, demonstrators threw stones at police."
    (event,) = coded(text, "2021-08-21")
    assert event.sub_event_type == "Violent demonstration"


def test_an_event_only_the_headline_reports_has_no_offsets_into_the_text():
    document = document_from_string(
        "The town was quiet on Friday, residents said.",
        doc_id="h",
        options=Options(),
        published="2021-05-04",
        title="Air strike kills 3 in Ariha",
    )
    (event,) = RuleBasedCoder().code(document, [])
    assert event.sub_event_type == "Air/drone strike" and event.fatalities == 3
    assert event.start_char is None and all(c.start_char is None for c in event.claims)


def test_a_list_of_places_gives_one_event_a_place_unless_it_is_an_aside():
    text = (
        "Infighting between rebel factions erupted on Monday in al-Sukhnah, Palmyra and al-Busayrah, "
        "killing 5 fighters, activists said.\n\n"
        "Rockets fired by militants hit Jarablus on Tuesday, after earlier attacks in Palmyra and al-Busayrah."
    )
    events = coded(text, toponyms=toponyms_for(text))
    assert [(e.location, e.fatalities) for e in events] == [
        ("As Sukhnah", 5),
        ("Tadmur", 0),
        ("Al Busayrah", 0),
        ("Jarabulus", 0),
    ]


def test_a_statement_cue_after_the_first_event_cue_does_not_undo_the_event():
    text = (
        "Crowds of demonstrators rallied in the main square, calling on the army to support their demands that "
        "the government step down as riot police fired tear gas to scatter them."
    )
    assert [e.sub_event_type for e in coded(text)] == ["Protest with intervention"]


def test_the_explosion_after_an_industrial_accident_is_that_accident():
    text = (
        "Two workers died when a boiler at a textile factory exploded on Monday. The explosion also damaged a school."
    )
    assert coded(text) == []
    text = (
        "Explosions tore through an industrial area on the edge of the port. "
        "The blasts killed at least 40 people and wounded 600, officials said."
    )
    assert coded(text) == []
    assert coded("A storage bunker at a waste treatment plant, Indaver, exploded.") == []


def test_an_event_is_placed_where_it_happened_not_where_its_victims_came_from():
    text = (
        "A car bomb hit buses carrying evacuees from Palmyra and al-Sukhnah in Jarablus on Monday, killing 9. "
        "Rebels shelled army posts in al-Sukhnah from Jarablus on Tuesday."
    )
    events = coded(text, toponyms=toponyms_for(text))
    assert [(e.location, e.admin1) for e in events] == [("Jarabulus", "Aleppo"), ("As Sukhnah", "Homs")]


def test_a_list_may_run_across_the_regions_its_places_lie_in():
    text = "Rival factions clashed on Monday in al-Sukhnah and Palmyra in Homs province and in Jarablus in Aleppo province."
    regions = [region(text, "Homs province", "Homs"), region(text, "Aleppo province", "Aleppo")]
    events = coded(text, toponyms=sorted(toponyms_for(text) + regions, key=lambda t: t.start_char))
    assert [e.location for e in events] == ["As Sukhnah", "Tadmur", "Jarabulus"]


def test_a_list_of_regions_gives_one_event_a_region_when_no_town_is_listed():
    text = "Jets bombed rebel positions on Monday in the Homs and Aleppo countryside, killing 7, activists said."
    regions = [region(text, "Homs", "Homs"), region(text, "Aleppo countryside", "Aleppo")]
    events = coded(text, toponyms=regions)
    assert [(e.admin1, e.fatalities) for e in events] == [("Homs", 7), ("Aleppo", 0)]


def test_a_listed_place_a_later_event_tells_apart_is_no_event_of_the_list():
    text = (
        "Rebel rockets killed 6 civilians in Damascus and Jarablus on Monday, state media said.\n\n"
        "Meanwhile, rockets fired by militants hit a market in Jarablus on Monday, killing 4."
    )
    events = coded(text, toponyms=toponyms_for(text))
    assert [(e.location, e.fatalities) for e in events] == [("Damascus", 6), ("Jarabulus", 4)]


def test_residents_who_protest_are_the_protesters():
    (event,) = coded("Hundreds of residents gathered in the city on Friday to protest against fuel shortages.")
    assert (event.actor1, event.assoc_actor_1) == ("Protesters (Syria)", "")


def test_a_lead_listing_places_is_narrowed_and_each_place_told_apart_is_an_event():
    text = (
        "Rebel rockets killed 6 civilians in Damascus and Jarablus on Monday. In Damascus, two shells hit the "
        "old city, killing 2. In Jarablus, rockets hit a market, killing 4."
    )
    events = coded(text, toponyms=toponyms_for(text))
    assert [e.location for e in events] == ["Damascus", "Jarabulus"]


def test_a_finer_place_outside_the_opening_governorate_does_not_move_the_event():
    text = (
        "A triple bombing killed 17 people in central Damascus on Monday. "
        "Interior minister Mohammad al-Busayrah said two bombers had struck a police station in Damascus."
    )
    central = region(text, "central Damascus", "Damascus")
    # then al-Busayrah, and Damascus again
    (event,) = coded(text, toponyms=[central] + [t for t in toponyms_for(text) if t.start_char >= central.end_char])
    assert event.admin1 == "Damascus" and event.geo_precision == 1


def test_a_lead_without_a_place_opens_where_its_next_sentence_puts_it():
    text = (
        "An army helicopter was shot down on Monday, and its four crew were killed. "
        "It was shot down over the countryside of Idlib, the ministry said. "
        "It was shot down in Idlib province after delivering aid to Jarablus."
    )
    regions = [region(text, "countryside of Idlib", "Idleb"), region(text, "Idlib province", "Idleb")]
    (event,) = coded(text, toponyms=regions + toponyms_for(text))
    assert event.admin1 == "Idleb"


def test_an_event_whose_sentences_name_no_place_is_placed_at_the_reports_lead_not_the_last_place_named():
    text = (
        "Warplanes struck al-Sukhnah on Monday, killing 3. "
        "Meanwhile, rebels shelled Jarablus, killing 2. "
        "Meanwhile, a roadside bomb killed two soldiers on Tuesday, a monitor said."
    )
    events = coded(text, toponyms=toponyms_for(text))
    assert [e.location for e in events] == ["As Sukhnah", "Jarabulus", "As Sukhnah"]


def test_a_dateline_abroad_is_no_lead_place():
    text = (
        "BEIRUT (Reuters) - Warplanes struck al-Sukhnah on Monday, killing 3. "
        "Meanwhile, rebels shelled Jarablus, killing 2. "
        "Meanwhile, a roadside bomb killed two soldiers on Tuesday, a monitor said."
    )
    beirut = Place(query="BEIRUT", name="Beirut", latitude=33.89, longitude=35.5, country="Lebanon", precision=1)
    events = coded(text, toponyms=[Toponym("BEIRUT", 0, 6, beirut), *toponyms_for(text)])
    assert [e.location for e in events] == ["As Sukhnah", "Jarabulus", "As Sukhnah"]


def test_a_report_naming_no_place_in_the_country_leads_from_the_first_place_it_names():
    text = "Officials met in Baghdad on Monday. A roadside bomb killed two soldiers on Tuesday, a monitor said."
    start = text.index("Baghdad")
    baghdad = Place(query="Baghdad", name="Baghdad", latitude=33.34, longitude=44.4, country="Iraq", precision=1)
    (event,) = coded(text, toponyms=[Toponym("Baghdad", start, start + 7, baghdad)])
    assert (event.location, event.country) == ("Baghdad", "Iraq")


def test_meanwhile_turns_to_another_event():
    text = "Warplanes struck al-Sukhnah on Monday, killing 3. Meanwhile, warplanes struck Palmyra, killing 2."
    events = coded(text, toponyms=toponyms_for(text))
    assert [(e.location, e.fatalities) for e in events] == [("As Sukhnah", 3), ("Tadmur", 2)]


def test_a_sentence_adding_figures_can_also_give_the_place():
    text = (
        "Four civilians were among 19 people killed in US air strikes on Saturday, a monitor said. "
        "Fifteen of the dead in the raids on Palmyra were IS fighters.\n\n"
        "Jarablus officials condemned the raids, and the Jarablus council warned of more."
    )
    (event,) = coded(text, toponyms=toponyms_for(text))
    assert event.location == "Tadmur"


def test_relative_dates_count_from_the_dateline_of_a_republished_story():
    text = "AFP Thursday 25 Sep 2014 Coalition strikes killed 14 militants on Tuesday, a monitor said."
    (event,) = coded(text, "2014-10-16")
    assert event.event_date == "2014-09-23"


def test_the_pipeline_builds_a_coder_for_each_set_of_options():
    from sitrep.pipeline import extract_document

    text = "Gunmen ambushed a convoy near Daraya on May 12, killing two drivers."
    document = document_from_string(text, doc_id="o", options=Options(), published="2020-07-07")
    assert extract_document(document, Options()) == []
    assert [e.event_date for e in extract_document(document, Options(history_days=400))] == ["2020-05-12"]


def test_explain_says_why_each_sentence_became_an_event_or_did_not():
    text = (
        "Rebels and soldiers clashed near the dam on Monday. The ministry condemned the attack. "
        "Two more soldiers died in the clash, medics said.\n\n"
        "The town lies on the river."
    )
    document = document_from_string(text, doc_id="x", options=Options(), published="2022-03-10")
    lines = RuleBasedCoder().explain(document, [])
    assert lines[0].startswith("#1 event 1: Armed clash (cue clash 'clashed')")
    assert lines[1].startswith("#2 skipped: mood statement (statement-verbs 'condemned')")
    assert lines[2].startswith("#3 joined 1: same paragraph")
    assert lines[3].startswith("#4 skipped: no event cue")


def test_a_repeat_is_found_whatever_the_length_of_the_text():
    from sitrep.extract.repeats import RepeatIndex

    index = RepeatIndex()
    filler = [f"Item {n} of the list was read out in the hall at noon today." for n in range(2000)]
    assert not any(index.told_before(sentence) for sentence in filler)
    assert index.told_before("Item 1500 of the list was read out in the hall")
    assert index.told_before("Item 7 of the list was read out in the hall at noon")  # told before it was long
    assert not index.told_before("Item 1500 of the list was read out in the square")


def test_a_repeat_may_lie_inside_any_earlier_sentence_that_shares_its_opening_words():
    from sitrep.extract.repeats import RepeatIndex

    index = RepeatIndex()
    assert not index.told_before("The convoy left the depot at dawn and reached the bridge by noon.")
    assert not index.told_before("The convoy left the depot at dawn, drivers said, and was shelled on the road.")
    assert index.told_before("the convoy left the depot at dawn drivers said")
    assert index.told_before("Drivers said, and was shelled on the road!")
    assert not index.told_before("The convoy left the depot at dawn and was shelled")


def test_code_and_explain_agree_and_coding_asks_no_mood_of_a_sentence_that_can_come_to_nothing(monkeypatch):
    from sitrep.extract import reading

    text = (
        "A gas cylinder exploded in a bakery in the old market on Monday. The explosion wounded four workers.\n\n"
        "The town lies on a river and is known for its olives. Rebels shelled an army post there on Monday. "
        "The minister said the budget would pass. Three soldiers were wounded, medics said.\n\n"
        "Villagers said the harvest was poor this year."
    )
    document = document_from_string(text, doc_id="m", options=Options(), published="2022-03-10")
    explained = RuleBasedCoder().explain(document, [])
    assert [line.split(":")[0] for line in explained] == [
        "#1 skipped",
        "#2 skipped",
        "#3 skipped",
        "#4 event 1",
        "#5 skipped",
        "#6 figures 1",
        "#7 skipped",
    ]
    assert explained[1].startswith("#2 skipped: tells again the accident of its paragraph")
    assert explained[4].startswith("#5 skipped: mood plan")  # explaining asks every gate in order
    asked = []
    mood_of = reading.mood_of
    monkeypatch.setattr(reading, "mood_of", lambda text, start=None: asked.append(text) or mood_of(text, start))
    (event,) = RuleBasedCoder().code(document, [])
    assert (event.sub_event_type, [c.value for c in event.claims]) == ("Shelling/artillery/missile attack", [3])
    assert not any(t.startswith(("The town lies", "The minister", "Villagers")) for t in asked)


def test_a_vague_toll_told_for_two_places_is_split_evenly_between_them():
    text = "Several fighters were killed on Monday in clashes in al-Sukhnah and Palmyra, activists said."
    events = coded(text, toponyms=toponyms_for(text))
    assert [(e.location, e.fatalities) for e in events] == [("As Sukhnah", 5), ("Tadmur", 5)]


def test_gunmen_killing_a_soldier_is_a_battle_with_the_state_force_first():
    (event,) = coded("Gunmen killed an army officer at a checkpoint on Monday.")
    assert (event.sub_event_type, event.actor1, event.actor2) == (
        "Armed clash",
        "Military Forces of Syria (2000-2024)",
        "Unidentified Armed Group (Syria)",
    )
    (event,) = coded("Two men on a motorbike shot dead a commander of the National Defence Forces on Monday.")
    assert (event.sub_event_type, event.actor1, event.actor2, event.fatalities) == (
        "Armed clash",
        "Unidentified Armed Group (Syria)",
        "QDW: National Defense Forces",
        1,
    )


def test_detention_by_a_non_state_group_is_an_abduction():
    (event,) = coded("The Kurdish-led SDF rounded up a dozen shop owners in a raid on Monday.")
    assert (event.sub_event_type, event.actor1) == ("Abduction/forced disappearance", "QSD: Syrian Democratic Forces")
    (event,) = coded("Police arrested a dozen shop owners in a raid on Monday.")
    assert event.sub_event_type == "Arrests"


def test_a_foreign_army_and_the_factions_of_its_operation_are_the_operation():
    (event,) = coded("Turkish forces and allied factions shelled two villages near Tal Tamr on Sunday.", "2019-11-05")
    assert (event.actor1, event.assoc_actor_1) == ("Operation Peace Spring", "Military Forces of Turkey (2016-)")
    (event,) = coded("Members of the Hamza Division raided a house near the town on Sunday.", "2019-11-05")
    assert event.actor1 == "Hamza Division"


def test_actor_names_follow_the_events_date():
    (event,) = coded("US forces raided a house near the town on Monday, detaining two men.", "2019-05-08")
    assert event.actor1 == "Military Forces of the United States (2017-2021)"
    (event,) = coded("US forces raided a house near the town on Monday, detaining two men.", "2022-05-08")
    assert event.actor1 == "Military Forces of the United States (2021-2025)"


def test_the_country_of_the_events_names_the_actors():
    text = "Iraqi army troops recaptured the village of Tell Abyad al-Gharbi from Islamic State militants on Monday."
    document = document_from_string(text, doc_id="iq", options=Options(), published="2017-06-20")
    (event,) = RuleBasedCoder(Options(country="IQ")).code(document, [])
    assert (event.actor1, event.actor2, event.country) == ("Military Forces of Iraq", "Islamic State (Iraq)", "Iraq")


def test_a_hedged_opening_date_is_the_events_not_a_dateline():
    text = "About 14 June 2019, gunmen blew up a bridge near the town. Repairs began on 20 June after clashes there."
    events = coded(text, "2019-06-25")
    assert [e.event_date for e in events] == ["2019-06-14", "2019-06-20"]


def test_a_text_without_a_publication_date_dates_from_its_own_dates():
    text = (
        "On 14 June 2019, gunmen blew up a bridge near the town.\n\n"
        "On 20 June, rebels and soldiers clashed near the dam.\n\n"
        "Gunmen kidnapped a lorry driver on the road to the airport."
    )
    assert [e.event_date for e in coded(text, None)] == ["2019-06-14", "2019-06-20", "2019-06-20"]


@pytest.mark.parametrize(
    "text",
    [
        "No clashes or shelling were reported along the front lines on Saturday, a monitor said.",
        "Activists called off a rally planned for Friday in the main square after threats from the police.",
        "Observers expect heavy fighting around the dam in the coming weeks.",
        "Farmers say helicopters bomb their fields almost every night.",
        "The valley is home to some forty thousand people, many of whom fled fighting elsewhere.",
    ],
)
def test_what_did_not_or_does_not_yet_happen_is_no_event(text):
    assert coded(text) == []


@pytest.mark.parametrize(
    "text, sub_type",
    [
        (
            "A mortar round left over from earlier fighting went off near a school on Monday.",
            "Remote explosive/landmine/IED",
        ),
        ("Militants captured and beheaded two shepherds near the village on Monday.", "Attack"),
        ("Soldiers and rebels exchanged heavy machine-gun fire near the dam on Monday.", "Armed clash"),
        ("Villagers set fire to the house of a man they accused of spying on Monday.", "Mob violence"),
        (
            "Police beat students at a sit-in on Monday, leaving four of them with broken bones.",
            "Excessive force against protesters",
        ),
        (
            "Foreign soldiers moved into the airfield on Monday, a day after rival troops withdrew from it.",
            "Non-violent transfer of territory",
        ),
        ("Militiamen cut down hundreds of olive trees in the orchards on Monday.", "Looting/property destruction"),
    ],
)
def test_more_events_in_more_words(text, sub_type):
    assert [e.sub_event_type for e in coded(text)] == [sub_type]


def test_a_single_aircraft_of_a_side_names_that_side():
    (event,) = coded("A regime warplane fired two missiles at the water station on Monday.")
    assert (event.sub_event_type, event.actor1) == ("Air/drone strike", "Military Forces of Syria (2000-2024)")


def test_who_the_civilians_and_protesters_are_is_their_associate():
    (event,) = coded("Hundreds of teachers staged a sit-in outside the governor's office on Monday.")
    assert (event.actor1, event.assoc_actor_1) == ("Protesters (Syria)", "Teachers (Syria)")
    (event,) = coded("Militiamen raped a Yazidi woman at a checkpoint on Monday.")
    assert (event.actor2, event.assoc_actor_2) == ("Civilians (Syria)", "Yazidi Religious Group (Syria); Women (Syria)")


def test_figures_of_an_earlier_event_in_an_antecedent_clause_are_not_counted():
    (event,) = coded("Elders of two clans signed a truce on Monday, ending a feud that had left several people dead.")
    assert event.sub_event_type == "Agreement" and event.claims == [] and event.fatalities == 0


def test_the_arrest_for_an_ordinary_crime_is_no_event():
    assert coded("A man stabbed his neighbour during a quarrel on Monday. Police arrested him the same day.") == []


def test_a_later_event_without_a_day_of_its_own_runs_on_from_the_day_last_named():
    text = (
        "Jets struck the market of the old town on Sunday, killing five people.\n\n"
        "Rebels and soldiers clashed near the dam, a monitor said."
    )
    assert [e.event_date for e in coded(text, "2022-03-10")] == ["2022-03-06", "2022-03-06"]


def test_violence_against_civilians_is_against_civilians_where_no_group_is_named():
    (event,) = coded("HTS security men detained an imam in the town on Monday after his sermon.")
    assert (event.sub_event_type, event.actor2, event.inter2) == (
        "Abduction/forced disappearance",
        "Civilians (Syria)",
        7,
    )

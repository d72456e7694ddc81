"""Disambiguation that gets better with more places, never worse (invented sentences, fixture gazetteer).

The fixture holds, beside the towns, hamlets spelled like them: a "Dara" and an "Ein Dara" in Aleppo, an
"Al Hamah" near Damascus, a "Ras al-Ain" in Hama, a Syrian "Doha", "Sinjar", "Haytah" and "Qatari".
"""

from sitrep.geo import Gazetteer, find_toponyms, geocode
from sitrep.geo.gazetteer import add_entries
from sitrep.geo.index import NewPlace


def with_more_places(home, places: list[NewPlace]) -> Gazetteer:
    """The gazetteer of `home` with `places` added from a file of the user's own."""
    add_entries(home, places, "csv:more.csv")
    return Gazetteer.open(home)


def where(text: str, gazetteer: Gazetteer, name: str) -> list[tuple[str | None, str | None]]:
    return [(t.place.admin1, t.place.country) for t in find_toponyms(text, gazetteer) if t.text == name]


def test_a_governorate_and_its_capital_outrank_every_village_spelled_alike(gazetteer):
    # the Aleppo hamlet "Dara" folds like Daraa, and the text's other places lie around Aleppo
    text = "Jets struck Marea and Atarib. Shelling in Daraa killed two."
    assert where(text, gazetteer, "Daraa") == [("Dara", "Syria")]
    # "Al Hamah" lies near Damascus, where the other places are: Hama is still the city
    text = "Rockets fell on Douma and Tal Arous. Jets also struck Hama."
    assert where(text, gazetteer, "Hama") == [("Hama", "Syria")]


def test_folding_never_joins_names_that_differ_in_a_whole_word(gazetteer):
    # "in Deir" folds word by word like "Ein Dara"; "In Daraa" at a sentence's start is no "Ein Dara" either
    assert [t.text for t in find_toponyms("Jets struck in Deir Ezzor at dawn.", gazetteer)] == ["Deir Ezzor"]
    toponyms = find_toponyms("In Daraa, rebels shelled a checkpoint.", gazetteer)
    assert [(t.text, t.place.admin1) for t in toponyms] == [("Daraa", "Dara")]


def test_a_town_outranks_a_hamlet_unless_the_text_points_at_the_hamlet(gazetteer):
    # no pointer: the town of Ras al-Ain (Al Hasakeh), not the hamlet in Hama
    assert where("Turkish shelling hit Ras al-Ain.", gazetteer, "Ras al-Ain") == [("Al Hasakeh", "Syria")]
    # the governorate, "the village of", or a place named nearby point at the hamlet
    assert where("Shells hit Ras al-Ain in Hama province.", gazetteer, "Ras al-Ain") == [("Hama", "Syria")]
    assert where("Shells hit the village of Ras al-Ain.", gazetteer, "Ras al-Ain") == [("Hama", "Syria")]
    assert where("Jets struck Kafr Zita and Ras al-Ain.", gazetteer, "Ras al-Ain") == [("Hama", "Syria")]


def test_a_hamlet_written_less_like_the_name_than_a_town_is_not_pointed_at_by_a_nearby_place(fresh_home):
    # "Aazaz" folds like the town Azaz and the hamlet "Al Aziza" beside Aleppo city; Aleppo is named too
    places = [
        NewPlace(name="Azaz", latitude=36.59, longitude=37.05, country="SY", admin1="Aleppo", population=66000),
        NewPlace(name="Al Aziza", latitude=36.16, longitude=37.19, country="SY", admin1="Aleppo"),
    ]
    add_entries(fresh_home, places, "csv:more.csv")
    toponyms = find_toponyms("Barrel bombs hit Aleppo city. Rebels held Aazaz.", Gazetteer.open(fresh_home))
    assert [t.place.name for t in toponyms if t.text == "Aazaz"] == ["Azaz"]


def test_a_big_city_abroad_outranks_a_local_hamlet_of_its_name(gazetteer):
    assert where("Talks on Syria resumed in Doha on Monday.", gazetteer, "Doha") == [(None, "Qatar")]
    assert where("Rebels shelled the village of Doha near Aleppo.", gazetteer, "Doha") == [("Aleppo", "Syria")]


def test_a_country_named_before_a_place_keeps_that_country_s_places(gazetteer):
    assert where("Kurdish fighters advanced near the Iraqi town of Sinjar.", gazetteer, "Sinjar") == [(None, "Iraq")]
    assert where("Fighters fled to Iraqi Sinjar.", gazetteer, "Sinjar") == [(None, "Iraq")]
    assert where("Jets struck Sinjar near Saraqib.", gazetteer, "Sinjar") == [("Idleb", "Syria")]


def test_a_province_is_an_admin_area_never_a_village(gazetteer):
    # "Hatay" folds like the fixture's Syrian hamlet "Haytah"; the fixture knows no province of that name
    assert [t.text for t in find_toponyms("The wounded were taken to Turkey's Hatay province.", gazetteer)] == []


def test_a_nationality_is_no_village(gazetteer):
    text = "The minister met his Qatari counterpart in Homs."
    assert [t.text for t in find_toponyms(text, gazetteer)] == ["Homs"]


def test_more_places_never_move_a_well_placed_town(fresh_home):
    """Hamlets added for every town name must not move the towns of a plain report."""
    text = "Shelling in Daraa killed two, rebels said. Later jets struck Hama, Idlib and Ras al-Ain."
    before = [(t.text, t.place.admin1) for t in find_toponyms(text, Gazetteer.open(fresh_home))]
    namesakes = [
        NewPlace(name=name, latitude=35.5 + i / 10, longitude=37.0, country="SY", admin1="Aleppo")
        for i, name in enumerate(("Daraa", "Hama", "Idlib", "Ras al-Ain"))
    ]
    add_entries(fresh_home, namesakes, "csv:hamlets.csv")
    after = [(t.text, t.place.admin1) for t in find_toponyms(text, Gazetteer.open(fresh_home))]
    assert after == before == [("Daraa", "Dara"), ("Hama", "Hama"), ("Idlib", "Idleb"), ("Ras al-Ain", "Al Hasakeh")]


def test_a_learned_namesake_spelled_as_asked_breaks_a_tie(fresh_home):
    learned = [
        NewPlace(name="Mansoura", latitude=35.2, longitude=36.7, country="SY", admin1="Hama"),
        NewPlace(name="Al Mansoura", latitude=35.8, longitude=38.7, country="SY", admin1="Ar-Raqqa"),
    ]
    add_entries(fresh_home, learned, "learned:events.csv", learned=True)
    assert geocode("Al Mansoura town", Gazetteer.open(fresh_home), country="SY").admin1 == "Ar-Raqqa"


def test_a_learned_place_spelled_unlike_the_name_keeps_no_head_start_over_a_namesake_spelled_as_asked(fresh_home):
    # events were coded at "Tell Qawsarah" in Homs; "Tell Qawsar" in Hama is written exactly as asked
    add_entries(
        fresh_home,
        [NewPlace(name="Tell Qawsar", latitude=35.3, longitude=36.6, country="SY", admin1="Hama")],
        "csv:hamlets.csv",
    )
    learned = [NewPlace(name="Tell Qawsarah", latitude=34.6, longitude=37.1, country="SY", admin1="Homs")]
    add_entries(fresh_home, learned, "learned:events.csv", learned=True)
    gazetteer = Gazetteer.open(fresh_home)
    assert geocode("Tell Qawsar village", gazetteer, country="SY").admin1 == "Hama"
    # asked as the events spelled it, the learned place keeps its head start
    assert geocode("Tell Qawsarah village", gazetteer, country="SY").admin1 == "Homs"


def test_a_country_named_right_after_a_place_keeps_that_country_s_places(gazetteer):
    assert where("Refugees crossed to Sinjar in Iraq.", gazetteer, "Sinjar") == [(None, "Iraq")]
    assert where("Refugees crossed to Sinjar, Iraq.", gazetteer, "Sinjar") == [(None, "Iraq")]


def test_namesakes_nothing_tells_apart_go_to_the_one_amid_places_of_coded_events(fresh_home):
    # two hamlets spelled alike in two governorates; events were coded around the Idlib one only
    places = [
        NewPlace(name="Tell Marhaba", latitude=35.10, longitude=36.90, country="SY", admin1="Hama"),
        NewPlace(name="Tell Marhaba", latitude=35.80, longitude=36.60, country="SY", admin1="Idleb"),
    ]
    add_entries(fresh_home, places, "csv:hamlets.csv")
    assert geocode("Tell Marhaba village", Gazetteer.open(fresh_home)).admin1 == "Hama"  # no evidence: file order
    events = [
        NewPlace(name=f"Khirbet Waqi {i}", latitude=35.80 + i / 100, longitude=36.62, country="SY") for i in range(3)
    ]
    add_entries(fresh_home, events, "learned:events.csv", learned=True)
    assert geocode("Tell Marhaba village", Gazetteer.open(fresh_home)).admin1 == "Idleb"
    # a text that names the governorate still decides
    assert geocode("Tell Marhaba, Hama", Gazetteer.open(fresh_home)).admin1 == "Hama"


def test_a_name_given_alone_is_the_place_that_bears_it_as_its_own_not_one_that_had_it_once(fresh_home):
    # an invented city once called "Qalburum" and a village of that name: the village, however big the city
    places = [
        NewPlace(
            name="Sahl Kabir",
            latitude=34.2,
            longitude=37.1,
            country="SY",
            admin1="Homs",
            population=90000,
            alternate_names=["Qalburum", "Qalburumah"],
        ),
        NewPlace(name="Qalburum", latitude=33.6, longitude=36.5, country="SY", admin1="Rural Damascus"),
    ]
    gazetteer = with_more_places(fresh_home, places)
    assert geocode("Qalburum town", gazetteer, country="SY").admin1 == "Rural Damascus"
    # the village's name in another transliteration is still the village's own, not the city's other name
    assert geocode("Qalburumah town", gazetteer, country="SY").admin1 == "Rural Damascus"
    # a name the city alone bears is still the city
    assert geocode("Sahl Kabir", gazetteer, country="SY").admin1 == "Homs"


def test_a_query_naming_a_place_by_two_names_is_the_namesake_beside_the_other_name(fresh_home):
    # "X (Y)" and "X/Y": of two villages called Qalburum, the one beside the town of Sahl Kabir
    places = [
        NewPlace(name="Sahl Kabir", latitude=35.0, longitude=40.4, country="SY", admin1="Deir-ez-Zor"),
        NewPlace(name="Qalburum", latitude=35.05, longitude=40.5, country="SY", admin1="Deir-ez-Zor"),
        NewPlace(name="Qalburum", latitude=34.6, longitude=37.0, country="SY", admin1="Homs", population=900),
    ]
    gazetteer = with_more_places(fresh_home, places)
    assert geocode("Qalburum", gazetteer, country="SY").admin1 == "Homs"
    assert geocode("Qalburum farms (Sahl Kabir)", gazetteer, country="SY").admin1 == "Deir-ez-Zor"
    assert geocode("Qalburum/Sahl Kabir village", gazetteer, country="SY").admin1 == "Deir-ez-Zor"


def test_a_town_bearing_a_name_only_as_another_name_leaves_it_to_the_place_called_so(fresh_home):
    # an invented city once called "Qalburumah" and, far from it, a village whose own name that is
    places = [
        NewPlace(
            name="Sahl Kabir",
            latitude=34.2,
            longitude=37.1,
            country="SY",
            admin1="Homs",
            population=90000,
            alternate_names=["Qalburumah"],
        ),
        NewPlace(name="Qalburumah", latitude=33.6, longitude=36.5, country="SY", admin1="Rural Damascus"),
    ]
    gazetteer = with_more_places(fresh_home, places)
    text = "Rebels shelled Qalburumah on Monday, killing three workers."
    assert where(text, gazetteer, "Qalburumah") == [("Rural Damascus", "Syria")]
    # the city's own name is still the city
    assert where("Jets struck Sahl Kabir on Monday.", gazetteer, "Sahl Kabir") == [("Homs", "Syria")]


def test_a_name_the_text_calls_a_town_is_no_district_of_another_city(fresh_home):
    # an invented town 30 km from the fixture's city of Daraa
    town = NewPlace(name="Tell Qarmash", latitude=32.87, longitude=36.25, country="SY", admin1="Dara", population=20000)
    gazetteer = with_more_places(fresh_home, [town])

    def placed(text: str) -> tuple[float | None, float | None]:
        (toponym,) = [t for t in find_toponyms(text, gazetteer) if t.text == "Tell Qarmash"]
        return toponym.place.latitude, toponym.place.longitude

    assert placed("Gunmen shelled the old quarters of Tell Qarmash town, wounding four people in Daraa.") == (
        32.87,
        36.25,
    )
    # without the word, "the quarters of X" beside a city names a district of that city
    assert placed("Gunmen shelled the old quarters of Tell Qarmash, wounding four people in Daraa.") == (32.62, 36.10)


def test_a_query_that_calls_a_name_a_village_is_the_village_not_a_town_of_that_name(fresh_home):
    places = [
        NewPlace(name="Tell Zuhur", latitude=35.1, longitude=36.7, country="SY", admin1="Hama", population=40000),
        NewPlace(name="Tell Zuhur", latitude=32.7, longitude=36.3, country="SY", admin1="Dara"),
    ]
    gazetteer = with_more_places(fresh_home, places)
    assert geocode("Tell Zuhur village", gazetteer, country="SY").admin1 == "Dara"
    assert geocode("the village of Tell Zuhur", gazetteer, country="SY").admin1 == "Dara"
    # named alone or as a town, the town
    assert geocode("Tell Zuhur", gazetteer, country="SY").admin1 == "Hama"
    assert geocode("Tell Zuhur town", gazetteer, country="SY").admin1 == "Hama"


def test_a_name_spelled_nearly_as_a_place_named_before_is_that_place(fresh_home):
    # invented: a village in Idlib, and a namesake in Homs spelled with a vowel less
    places = [
        NewPlace(name="Qarmadin", latitude=35.95, longitude=36.55, country="SY", admin1="Idleb"),
        NewPlace(name="Qarmdin", latitude=34.7, longitude=36.9, country="SY", admin1="Homs"),
    ]
    gazetteer = with_more_places(fresh_home, places)
    text = "Jets struck Qarmadin in Idlib province on Monday. On Tuesday shelling hit Qarmdin again."
    assert where(text, gazetteer, "Qarmdin") == [("Idleb", "Syria")]
    # alone, each spelling is its own place
    assert where("Shelling hit Qarmdin on Tuesday.", gazetteer, "Qarmdin") == [("Homs", "Syria")]
    # names spelled unlike each other stay apart
    text = "Jets struck Qarmadin in Idlib province on Monday. On Tuesday shelling hit Homs."
    assert where(text, gazetteer, "Homs") == [("Homs", "Syria")]

import random
from datetime import date

import pytest

from sitrep.extract.actor_mentions import CONJUNCT, _conjunct_before
from sitrep.extract.actors import assign_roles, find_actors, side_of
from sitrep.extract.event_types import classify_event


def test_aliases_descriptions_and_acronyms():
    names = [a.name for a in find_actors("Regime forces and the Kurdish-led SDF fought ISIS; IS claimed it.")]
    assert names == [
        "Military Forces of Syria (2000-2024)",
        "QSD: Syrian Democratic Forces",
        "Islamic State (Syria)",
        "Islamic State (Syria)",
    ]
    assert find_actors("this is it") == []  # acronyms are case-sensitive
    assert [a.name for a in find_actors("Turkish-backed militant groups shelled the town")] == [
        "Operation Peace Spring"
    ]


def test_roles_initiator_target_and_passive_voice():
    sentence = "Russian jets struck the town, killing 7 civilians."
    roles = assign_roles(sentence, find_actors(sentence, day=DAY), classify_event(sentence), day=DAY)
    assert (roles.actor1, roles.inter1, roles.actor2, roles.inter2) == (
        "Military Forces of Russia (2000-)",
        8,
        "Civilians (Syria)",
        7,
    )
    sentence = "Two soldiers were killed in an ambush by ISIS fighters."
    roles = assign_roles(sentence, find_actors(sentence, day=DAY), classify_event(sentence), day=DAY)
    assert roles.actor1 == "Islamic State (Syria)"
    sentence = "Gunmen kidnapped a pharmacist."
    roles = assign_roles(sentence, find_actors(sentence, day=DAY), classify_event(sentence), day=DAY)
    assert (roles.actor1, roles.actor2) == ("Unidentified Armed Group (Syria)", "Civilians (Syria)")


def test_side_of_counted_groups():
    assert side_of("soldiers", day=DAY).name == "Military Forces of Syria (2000-2024)"
    assert side_of("soldiers", day=date(2025, 3, 1)).name == "Military Forces of Syria (2024-)"
    assert side_of("ISIS members").name == "Islamic State (Syria)"
    assert side_of("Turkish soldiers").name == "Military Forces of Turkey (2016-)"
    assert side_of("suspects") is None


DAY = date(2021, 6, 1)


def roles_of(sentence: str):
    return assign_roles(sentence, find_actors(sentence, day=DAY), classify_event(sentence), day=DAY)


def test_the_attacker_behind_a_description_is_the_initiator():
    roles = roles_of("Army units repelled an attack by militants of ISIS on a checkpoint near the town.")
    assert (roles.actor1, roles.actor2) == ("Islamic State (Syria)", "Military Forces of Syria (2000-2024)")


def test_territory_taken_from_a_group_makes_that_group_the_target():
    roles = roles_of("Regime forces recaptured the village from HTS after heavy fighting.")
    assert (roles.actor1, roles.actor2) == ("Military Forces of Syria (2000-2024)", "HTS: Hayat Tahrir al Sham")


def test_bombings_without_a_named_bomber_have_an_unidentified_initiator():
    roles = roles_of("A car bomb exploded at a checkpoint of the SDF, killing 3 fighters.")
    assert (roles.actor1, roles.actor2) == ("Unidentified Armed Group (Syria)", "QSD: Syrian Democratic Forces")
    roles = roles_of("An IED planted by ISIS exploded near a bus, killing 2 civilians.")
    assert roles.actor1 == "Islamic State (Syria)"


def test_what_a_peaceful_protest_opposes_is_no_actor():
    roles = roles_of("Hundreds of people demonstrated peacefully against Russia and the regime in the town square.")
    assert (roles.actor1, roles.actor2) == ("Protesters (Syria)", "")


def test_protest_roles_follow_acled():
    roles = roles_of("Police fired tear gas to disperse people protesting against fuel prices.")
    assert (roles.actor1, roles.actor2) == ("Protesters (Syria)", "Police Forces of Syria (2000-2024)")
    # the protesters come first even when the force uses excessive force against them
    roles = roles_of("Regime forces opened fire on protesters in the town, killing 2 of them.")
    assert (roles.actor1, roles.actor2) == ("Protesters (Syria)", "Military Forces of Syria (2000-2024)")


def test_an_armed_actor_named_after_civilians_is_still_the_initiator():
    roles = roles_of("Civilians fled their homes after regime warplanes bombed the market.")
    assert (roles.actor1, roles.actor2) == ("Military Forces of Syria (2000-2024)", "Civilians (Syria)")
    roles = roles_of("A woman was raped by members of a regime militia at a checkpoint.")
    assert (roles.actor1, roles.actor2) == ("QDW: National Defense Forces", "Civilians (Syria)")


def test_the_subject_of_a_passive_is_the_target():
    roles = roles_of("An army patrol was ambushed on the road to the airport.")
    assert (roles.actor1, roles.actor2) == ("Unidentified Armed Group (Syria)", "Military Forces of Syria (2000-2024)")
    roles = roles_of("ISIS fighters were shelling army positions near the airport.")
    assert roles.actor1 == "Islamic State (Syria)"


def test_generic_attackers_belong_to_the_named_attacker():
    assert side_of("attackers", context=find_actors("HTS fighters stormed the post.")).name == (
        "HTS: Hayat Tahrir al Sham"
    )


def test_the_group_a_place_is_taken_from_is_never_its_taker():
    roles = roles_of("The village was recaptured from HTS on Monday.")
    assert roles.actor2 == "HTS: Hayat Tahrir al Sham" and roles.actor1 != "HTS: Hayat Tahrir al Sham"


@pytest.mark.parametrize(
    "sentence, actor1, assoc_actor_1, actor2",
    [
        (
            "Regime forces and Russian warplanes bombarded Khan Shaykhun, killing 7 civilians.",
            "Military Forces of Syria (2000-2024)",
            "Military Forces of Russia (2000-)",
            "Civilians (Syria)",
        ),
        (
            "HTS and ISIS fighters clashed with regime forces near the town.",
            "HTS: Hayat Tahrir al Sham",
            "Islamic State (Syria)",
            "Military Forces of Syria (2000-2024)",
        ),
        # a name's head noun ("the … operation", "the … coalition") still joins it to the next subject
        (
            "Fighters of the Peace Spring operation and the Turkish troops with them shelled a hamlet in May 2021.",
            "Operation Peace Spring",
            "Military Forces of Turkey (2016-)",
            "",
        ),
        (
            "Regime forces and HTS clashed on the Abu al-Duhur front.",
            "Military Forces of Syria (2000-2024)",
            "",
            "HTS: Hayat Tahrir al Sham",
        ),
    ],
)
def test_actors_joined_as_one_subject_act_together_unless_they_clash(sentence, actor1, assoc_actor_1, actor2):
    roles = roles_of(sentence)
    assert (roles.actor1, roles.assoc_actor_1, roles.actor2) == (actor1, assoc_actor_1, actor2)


@pytest.mark.parametrize(
    "sentence, countries",
    [
        ("Iranian and Russian troops moved into the hills.", ["Iran", "Russia"]),
        ("Jordanian, Iraqi and Turkish forces met at the crossing.", ["Jordan", "Iraq", "Turkey"]),
        ("Russian forces entered the town.", ["Russia"]),
    ],
)
def test_an_elliptical_coordination_names_every_conjunct(sentence, countries):
    found = [a.name for a in find_actors(sentence, day=date(2019, 6, 1))]
    assert [name.removeprefix("Military Forces of ").split(" (")[0] for name in found] == countries


def test_unnamed_members_of_a_named_group_are_that_group():
    assert [a.name for a in find_actors("Masked gunmen of the HTS stormed a shop.")] == ["HTS: Hayat Tahrir al Sham"]
    assert [a.name for a in find_actors("ISIS gunmen stormed a shop.")] == ["Islamic State (Syria)"]


@pytest.mark.parametrize(
    "sentence, names",
    [
        # a faction the catalogue does not know goes by its own name
        ("Fighters of the Lions of the Valley Brigade stormed a hilltop post.", ["Lions of the Valley Brigade"]),
        ("The Free Eagles Battalion shelled army positions.", ["Free Eagles Battalion", "Military Forces of Syria"]),
        # the catalogue's reading of a name wins, and a state's own unit or a front line is no faction
        ("The Sultan Murad Brigade shelled a village.", ["Sultan Murad Division"]),
        ("The Armoured Brigade shelled a village.", []),
        ("Turkish troops massed on the Northern Front.", ["Military Forces of Turkey"]),
        ("The Syrian Brigade of the army withdrew.", ["Military Forces of Syria"]),
    ],
)
def test_a_faction_is_known_by_how_its_name_is_built(sentence, names):
    found = [a.name.split(" (")[0] for a in find_actors(sentence, day=date(2019, 6, 1))]
    assert found == names


def test_the_conjunct_before_a_mention_is_what_the_plain_search_finds():
    # the search is skipped where the text before the mention ends with no conjunction: never where it finds one
    pieces = ["and", "a", "d", " ", ",", "&", "-", "'", ".", "\n", "\u3000", "U.S.", "Turkish"]
    rng = random.Random(3)
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        for floor in range(len(text) + 1):
            for start in range(floor, len(text) + 1):
                plain = CONJUNCT.search(text, floor, start)
                assert (plain and plain.span(1)) == ((m := _conjunct_before(text, floor, start)) and m.span(1))

"""Figures that can be totalled: sides add up, two sources on the same victims are a range, never a sum."""

from sitrep.extract.fatalities import fatality_range
from sitrep.model import Claim

CIVILIANS, ARMY, REBELS = "Civilians (Syria)", "Military Forces of Syria (2000-2024)", "Opposition Rebels (Syria)"


def killed(value, subject="", side=None, claimant=None, text="", quantifier="exact"):
    return Claim("killed", value, subject=subject, side=side, claimant=claimant, text=text, quantifier=quantifier)


def test_two_sources_on_the_same_victims_give_a_range_not_a_sum():
    claims = [
        killed(5, "people", CIVILIANS, "rescuers", "Rescuers said five people died."),
        killed(7, "", None, "state media", "State media put the toll at seven."),
    ]
    assert fatality_range(claims) == (5, 5, 5, 7)


def test_the_dead_of_two_sides_add_up():
    claims = [
        killed(15, "militants", REBELS, "state television", "State television said 15 militants were killed."),
        killed(9, "soldiers", ARMY, "a rebel commander", "A rebel commander said nine soldiers died."),
    ]
    assert fatality_range(claims) == (24, 24, 24, 24)


def test_people_a_report_names_apart_add_up_but_a_part_of_a_toll_does_not():
    sentence = "Three children and two women were killed in the strike."
    claims = [killed(3, "children", CIVILIANS, text=sentence), killed(2, "women", CIVILIANS, text=sentence)]
    assert fatality_range(claims)[0] == 5
    sentence = "Ten people were killed, including three children."
    claims = [killed(10, "people", CIVILIANS, text=sentence), killed(3, "children", CIVILIANS, text=sentence)]
    assert fatality_range(claims)[0] == 10


def test_a_total_beside_several_sides_is_another_estimate_of_them_all():
    claims = [
        killed(4, "soldiers", ARMY, text="Four soldiers and six rebels died."),
        killed(6, "rebels", REBELS, text="Four soldiers and six rebels died."),
        killed(12, "", None, "a monitor", "A monitor said 12 people died in all."),
    ]
    assert fatality_range(claims) == (10, 10, 10, 12)

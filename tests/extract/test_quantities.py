import pytest

from sitrep.extract.quantities import find_quantities


@pytest.mark.parametrize(
    "text, value, high, quantifier",
    [
        ("at least 20 soldiers", 20, None, "at_least"),
        ("up to 10 fighters", 10, None, "up_to"),
        ("more than 1,200 people", 1200, None, "more_than"),
        ("nearly thirty civilians", 30, None, "about"),
        ("twenty-five soldiers", 25, None, "exact"),
        ("a dozen men", 12, None, "exact"),
        ("dozens of civilians", 12, None, "dozens"),
        ("several people", 10, None, "several"),
        ("a few people", 3, None, "several"),
        ("an unknown number of people", 10, None, "unknown"),
        ("tens of people", 10, None, "dozens"),
        ("hundreds of residents", 100, None, "hundreds"),
        ("10 to 15 fighters", 10, 15, "range"),
        ("between 3 and 5 children", 3, 5, "range"),
    ],
)
def test_amounts_and_quantifiers(text, value, high, quantifier):
    (quantity,) = find_quantities(text)
    assert (quantity.value, quantity.value_high, quantity.quantifier) == (value, high, quantifier)


def test_years_dates_and_distances_are_not_amounts():
    assert find_quantities("in 2019 on July 4 about 10 km from the border") == []


def test_a_number_right_before_another_is_a_stamp_not_an_amount():
    assert [q.value for q in find_quantities("Sat Feb 28 2015 190703 35 dead")] == [35]
    assert [q.value for q in find_quantities("updated 1838 28 February")] == []


def test_some_kind_of_is_no_amount():
    assert find_quantities("some kind of chemical was used for some time") == []
    assert [q.value for q in find_quantities("some people were wounded")] == [3]

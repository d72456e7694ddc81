from datetime import date

import pytest

from sitrep.extract.dates import _calendar_day, _date_parser, campaign_days, find_dateline, is_background, resolve_date

PUBLISHED = date(2020, 7, 7)  # a Tuesday


def resolved(text, published=PUBLISHED, previous=None):
    found = resolve_date(text, published, previous)
    return (found.day, found.precision) if found else None


def test_relative_phrases_resolve_against_publication():
    assert resolved("on July 4") == (date(2020, 7, 4), 1)
    assert resolved("on Sunday") == (date(2020, 7, 5), 1)
    assert resolved("on Tuesday") == (date(2020, 7, 7), 1)
    assert resolved("yesterday") == (date(2020, 7, 6), 1)
    assert resolved("late last night") == (date(2020, 7, 6), 1)
    assert resolved("the day before yesterday") == (date(2020, 7, 5), 1)
    assert resolved("Gunmen shot a farmer the day before yesterday.") == (date(2020, 7, 5), 1)
    assert resolved("the day before") == (date(2020, 7, 6), 1)
    assert resolved("over the past week") == (PUBLISHED, 2)
    assert resolved("since July 2") == (date(2020, 7, 2), 2)
    assert resolved("earlier this month") == (PUBLISHED, 3)
    assert resolved("two days later", previous=date(2020, 7, 1)) == (date(2020, 7, 3), 1)
    assert resolved("nothing here") is None


def test_never_after_publication_and_year_roll_over():
    assert resolved("on December 28", published=date(2021, 1, 3)) == (date(2020, 12, 28), 1)
    assert resolved("on July 20") == (date(2019, 7, 20), 1)


def test_background_years():
    assert is_background("In 2019 the army entered the town.", PUBLISHED)
    assert not is_background("On July 4 the army entered the town.", PUBLISHED)
    assert is_background("After the 2018 siege of the town, the army shelled its market.", PUBLISHED)


def test_a_written_year_is_clamped_not_rolled_back():
    assert resolved("on July 20, 2020") == (PUBLISHED, 1)


def test_days_and_weeks_ago():
    published = date(2018, 7, 6)
    assert resolved("Three days ago, the army shelled the town.", published) == (date(2018, 7, 3), 1)
    assert resolved("Two weeks ago, jets struck the market.", published) == (date(2018, 6, 22), 2)
    assert resolved("A few days ago, gunmen attacked a checkpoint.", published) == (date(2018, 7, 3), 2)


def test_a_season_or_part_of_an_earlier_year_is_background():
    assert is_background("In late 2016 the alliance began its offensive on the city.", date(2017, 10, 1))
    assert not is_background("Jets struck the town on Monday, late in 2017.", date(2017, 10, 1))


def test_an_earlier_month_or_last_year_is_background():
    published = date(2016, 8, 15)
    assert is_background("A major offensive in May saw the group encircle Marea.", published)
    assert is_background("In September 2014 its leaders were killed in a blast.", published)
    assert is_background("HRW accused the regime of chlorine attacks on Aleppo last year.", published)
    assert not is_background("In late July four hospitals were hit by air raids.", published)
    assert not is_background("Jets struck the town, held by rebels since May, on Monday.", published)
    assert not is_background("A major offensive in May saw the group encircle Marea.", published, history_days=120)


def test_a_timeline_entry_opening_with_an_old_month_or_year_is_background():
    published = date(2017, 4, 4)
    assert is_background("July 2011 Assad sacks the governor of Hama over mass demonstrations.", published)
    assert is_background("2014 Militants spread across the east at the cost of the tribes.", published)
    assert not is_background("March 2017 Jets strike Idlib.", published)
    assert not is_background("2015 people fled the town on Monday.", published)


def dateline_date(text, published):
    found = find_dateline(text, published)
    return found.day if found else None


def test_a_dateline_gives_the_day_relative_dates_count_from():
    published = date(2014, 8, 16)  # republished two weeks later
    assert dateline_date(
        "Rebels shell Homs AFP Sunday 3 Aug 2014 At least 12 soldiers died in the attack", published
    ) == date(2014, 8, 3)
    assert dateline_date("09-08-2014 At Least 11 Killed in Shelling of Douma.", published) == date(2014, 8, 9)
    assert dateline_date("Published November 5 2017 At least 6 people were wounded", date(2017, 11, 20)) == date(
        2017, 11, 5
    )
    assert dateline_date("On 2 August 2014, militants stormed the base.", published) is None  # the story's own date
    assert dateline_date("Militants stormed the base on Monday.", published) is None
    assert dateline_date("3 May 2011 Protests spread.", published) is None  # years before: no dateline of this report


def test_one_night_across_two_days_is_one_event():
    published = date(2014, 8, 2)
    assert campaign_days("The two sides fought all through Friday night and into Saturday morning.", published) == []
    assert len(campaign_days("Jets struck the town on Friday and on Saturday.", published)) == 2


def test_the_day_a_source_spoke_is_no_second_day_of_the_event():
    published = date(2017, 4, 18)
    assert campaign_days("Air strikes killed 29 on Sunday, the Observatory said on Monday.", published) == []
    assert campaign_days("HRW said in a report Tuesday that a March 16 strike killed dozens.", published) == []
    assert campaign_days("Clashes raged on Saturday and Sunday, the group said on Monday.", published) == [
        date(2017, 4, 15),
        date(2017, 4, 16),
    ]


def test_a_written_date_after_publication_is_no_second_day():
    published = date(2014, 10, 3)
    assert campaign_days("AFP Wednesday 29 Oct 2014 Jets bombed a camp on Wednesday.", published) == []


@pytest.mark.parametrize(
    "phrase",
    ["July 4 2016", "Sept. 30, 2019", "29 FEBRUARY 2016", "3 of march 2021", "dec  25\n2018", "01 Jan 2020"],
)
def test_a_real_day_is_read_as_dateparser_reads_it(phrase):
    assert _calendar_day(phrase) == _date_parser().get_date_data(phrase).date_obj.date()


def test_an_impossible_day_is_left_to_dateparser():
    assert _calendar_day("June 31 2016") is None and _calendar_day("29 February 2019") is None

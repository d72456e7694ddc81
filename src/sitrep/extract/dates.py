"""Event dates from the phrases of a sentence, resolved against the publication date.

ACLED time precision: 1 the day is known, 2 the week (or a span of a few days), 3 the month.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..settings import DEFAULT_HISTORY_DAYS
from .prefiltered import AnyOf, Prefiltered, caseless

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EXPLICIT = caseless(
    rf"\b(?:{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+(?:19|20)\d\d)?)\b"
)
SINCE = caseless(rf"\b(?:since|from)\s+(?P<what>{MONTH}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH}|{'|'.join(WEEKDAYS)})\b")
WEEKDAY = caseless(rf"\b(?:on|last|this|late on|early on|early|late)?\s*(?P<day>{'|'.join(WEEKDAYS)})\b")
RELATIVE_DAYS = (
    (caseless(r"\b(?:today|this (?:morning|afternoon|evening)|tonight|earlier today|on the same day)\b"), 0, 1),
    # tried in order: "the day before yesterday" before the "yesterday" and "the day before" inside it
    (caseless(r"\bthe day before yesterday\b"), 2, 1),
    (caseless(r"\b(?:yesterday|last night|overnight|the previous day|the day before)\b"), 1, 1),
    (
        caseless(
            r"\b(?:over|during|in) the (?:past|last) (?:week|seven days|few days|days)\b|\bthis week\b|\blast week\b"
        ),
        0,
        2,
    ),
    (caseless(r"\b(?:over|during|in) the (?:past|last) (?:two|2) weeks\b"), 0, 3),
    (caseless(r"\b(?:earlier|late|later) this month\b|\bthis month\b|\bover the past month\b"), 0, 3),
    (caseless(r"\blast month\b"), 30, 3),
)
LATER = caseless(
    r"\b(?P<n>two|three|four|five|six|2|3|4|5|6|a)\s+days?\s+(?P<dir>later|earlier|before|after)\b|\bthe (?P<next>next|following) day\b"
)
SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
AGO = caseless(r"\b(?P<n>a few|a|one|two|three|four|five|six|\d)\s+(?P<unit>days?|weeks?)\s+ago\b")
FEW_DAYS = 3
BACKGROUND_YEAR = caseless(
    r"\b(?:in|since|during|of|by|the)\s+(?:(?:early|mid|late|the\s+(?:spring|summer|autumn|fall|winter)\s+of)[-\s]+)?"
    r"(?P<year>(?:19|20)\d\d)\b"
)

REPORTING_DAY = caseless(
    r"\b(?:said|says|reported|announced|stated|added|confirmed|claimed|told [\w-]+(?: [\w-]+)?"
    r"|in a (?:report|statement)(?: published| issued| released)?)\s*(?:on\s+|late\s+|early\s+)*$"
)
EARLIER_YEAR = caseless(r"\b(?:last year|the previous year|(?:a|one|two|three|\d+) years? ago)\b")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_NAME = "|".join(MONTH_NAMES)
# "in May", "in late July", "in September 2014": a month without a day ("since July" dates a state, not an event)
BACKGROUND_MONTH = Prefiltered(
    re.compile(
        r"\b(?:[Ii]n|[Dd]uring)\s+(?:(?:early|mid|late)[-\s]+)?"
        rf"(?P<month>{MONTH_NAME})(?:\s+(?P<year>(?:19|20)\d\d))?\b(?!\s+\d)"
    )
)

# a timeline's entry: "July 2011 Assad sacks …", "2013 Jihadists expand …"
TIMELINE_ENTRY = re.compile(rf"^\s*(?:(?P<month>{MONTH_NAME})\s+)?(?P<year>(?:19|20)\d\d)\s+(?=[A-Z])")

OVERNIGHT = caseless(r"\b\w+day (?:night|evening)\b.{0,40}?\b(?:into|until|till|to)\b.{0,20}?\b\w+day\b")
DATELINE_REACH = 160  # a dateline sits before the story: "AFP Tuesday 12 Mar 2019 At least 9 …"
NUMERIC_DATE = re.compile(
    r"\b(?:(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>(?:19|20)\d\d)|(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d))\b"
)
# a date the story is about, not its dateline: "On 2 August 2014, …", hedged "About 14 June 2019, …"
DATING_PREPOSITION = caseless(
    r"\b(?:on|since|from|until|till|by|in|of|before|after|between|and|about|around|circa|c\.|approximately|"
    r"roughly|sometime|some time|late|early|mid|towards?|near)\s+(?:\w+day,?\s+)?$"
)
TEXT_DATED_REACH = 183  # days after a text's own date that a day without a year may still lie
DATELINE_MAX_AGE_DAYS = 366
YEAR = re.compile(r"(?:19|20)\d\d")
DIGIT = re.compile(r"\d")
ANY_REFERENCE = date(2000, 1, 1)  # what a date phrase resolves against when only its presence matters
LEADING_WEEKDAY = caseless(rf"\b(?:{'|'.join(WEEKDAYS)}),?\s+$")


RELATIVE_WORDS = AnyOf([LATER, SINCE, AGO, *(pattern for pattern, _, _ in RELATIVE_DAYS)])


@dataclass(frozen=True, slots=True)
class EventDate:
    day: date
    precision: int
    phrase: str
    relative_to_previous: bool = False
    spoken: bool = False  # only the day a source spoke ("the Observatory said on Monday") dates the sentence
    inherited: bool = False  # no day of its own: the day the text last named


def resolve_date(
    sentence: str, published: date | None, previous: date | None = None, *, text_dated: bool = False
) -> EventDate | None:
    """The date a sentence gives its event, never after publication; None when it names none. Without a
    reference date only a date with its year dates the sentence. `text_dated`: the reference is the text's own
    latest date (it has no publication date), so a later day of that year is no day of the year before."""
    if published is None:
        found = next((m for m in EXPLICIT.finditer(sentence) if YEAR.search(m.group(0))), None)
        if found:
            day = _parse_explicit(found.group(0), None)
            return EventDate(day, 1, found.group(0)) if day else None
        return None
    relative = RELATIVE_WORDS.may_match(sentence)  # one search for the words all relative dates need
    later = LATER.search(sentence) if previous and relative else None
    if later and previous:
        step = 1 if later["next"] else SMALL.get(later["n"].lower(), None) or int(later["n"])
        sign = -1 if later["dir"] and later["dir"].lower() in ("earlier", "before") else 1
        return EventDate(min(previous + timedelta(days=sign * step), published), 1, later.group(0), True)
    since = SINCE.search(sentence) if relative else None
    if since:
        day = (
            _parse_explicit(since["what"], published, text_dated)
            if since["what"].lower() not in WEEKDAYS
            else _last_weekday(published, since["what"])
        )
        if day:
            return EventDate(day, 2, since.group(0))
    explicit, spoken = _event_day_first(sentence, _explicit_dates(sentence))
    if explicit:
        day = _parse_explicit(explicit.group(0), published, text_dated)
        if day:
            return EventDate(day, 1, explicit.group(0), spoken=spoken)
    weekday, spoken = _event_day_first(sentence, _weekdays(sentence))
    if weekday:
        return EventDate(_last_weekday(published, weekday["day"]), 1, weekday.group(0).strip(), spoken=spoken)
    if not relative:
        return None
    ago = AGO.search(sentence)
    if ago:
        return _days_ago(ago, published)
    for pattern, days_back, precision in RELATIVE_DAYS:
        match = pattern.search(sentence)
        if match:
            return EventDate(published - timedelta(days=days_back), precision, match.group(0))
    return None


@dataclass(frozen=True, slots=True)
class Dateline:
    day: date
    start: int
    end: int


def names_day(sentence: str) -> bool:
    """Whether a sentence dates its event to a day or a span ("on Monday", "on July 4", "last week"),
    whether or not the publication date is known to resolve it."""
    return resolve_date(sentence, ANY_REFERENCE) is not None


def find_dateline(text: str, published: date | None) -> Dateline | None:
    """The date a text's dateline gives ("AFP Saturday 2 Aug 2014", "07-08-2014 At least 19 …"): the day its
    relative dates count from when it was republished later. None without one, or when it is a date the story
    is about ("On 2 August 2014, …") or is after the publication or over a year before it."""
    head = text[:DATELINE_REACH]
    found = [(m, _parse_explicit(m.group(0), None)) for m in EXPLICIT.finditer(head) if YEAR.search(m.group(0))]
    found += [(m, _numeric_date(m, published)) for m in NUMERIC_DATE.finditer(head)]
    dated = [(match, day) for match, day in found if day is not None]
    for match, day in sorted(dated, key=lambda f: f[0].start()):
        if DATING_PREPOSITION.search(head[: match.start()]):
            continue
        if published is None or 0 <= (published - day).days <= DATELINE_MAX_AGE_DAYS:
            weekday = LEADING_WEEKDAY.search(head[: match.start()])
            return Dateline(day, weekday.start() if weekday else match.start(), match.end())
    return None


def _numeric_date(match: re.Match, published: date | None) -> date | None:
    """ "07-08-2014": day first or month first, whichever is a real date on or before publication, the later."""
    if match["iy"]:
        readings = [(int(match["iy"]), int(match["im"]), int(match["id"]))]
    else:
        year, a, b = int(match["y"]), int(match["a"]), int(match["b"])
        readings = [(year, b, a), (year, a, b)]
    days = []
    for year, month, day in readings:
        try:
            days.append(date(year, month, day))
        except ValueError:
            continue
    if published is not None:
        days = [d for d in days if d <= published]
    return max(days, default=None)


def is_background(
    sentence: str, published: date | None, history_days: int = DEFAULT_HISTORY_DAYS, *, text_dated: bool = False
) -> bool:
    """True when the sentence dates itself to an earlier year than the report's ("in 2019", "last year") or
    to a month that ended more than `history_days` before it ("in May", "in September 2014"): it opens
    with that date (a timeline's "July 2011 Assad sacks …"), or names it and no recent day ("on Monday",
    "yesterday") that would make it an aside."""
    if published is None:
        return False
    if _old_timeline_entry(sentence, published, history_days):
        return True
    years = (
        [m for m in BACKGROUND_YEAR.finditer(sentence) if int(m["year"]) < published.year]
        if DIGIT.search(sentence)
        else []
    )
    months = [m for m in BACKGROUND_MONTH.finditer(sentence) if _month_age(m, published) > history_days]
    earlier = EARLIER_YEAR.finditer(sentence) if "year" in sentence.lower() else ()
    found = sorted([*years, *months, *earlier], key=lambda m: m.start())
    if not found:
        return False
    undated = EARLIER_YEAR.pattern.sub("", BACKGROUND_MONTH.pattern.sub("", BACKGROUND_YEAR.pattern.sub("", sentence)))
    return found[0].start() < 3 or resolve_date(undated, published, text_dated=text_dated) is None


def _old_timeline_entry(sentence: str, published: date, history_days: int) -> bool:
    """A sentence opening with an old month and year or an earlier year, as a timeline's entries do."""
    entry = TIMELINE_ENTRY.match(sentence)
    if entry is None:
        return False
    if entry["month"]:
        return _month_age(entry, published) > history_days
    return int(entry["year"]) < published.year


def _month_age(match: re.Match, published: date) -> int:
    """Days from the end of the named month (the latest such month not after the report) to the report."""
    month = MONTH_NAMES.index(match["month"]) + 1
    year = int(match["year"]) if match["year"] else published.year - (month > published.month)
    last_day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return (published - last_day).days


def _days_ago(match: re.Match, published: date) -> EventDate:
    """ "three days ago" (precision 1), "two weeks ago" or "a few days ago" (a span: precision 2)."""
    amount = re.sub(r"\s+", " ", match["n"].lower())
    number = FEW_DAYS if amount == "a few" else SMALL.get(amount) or int(amount)
    weeks = match["unit"].lower().startswith("week")
    days = number * 7 if weeks else number
    return EventDate(published - timedelta(days=days), 2 if weeks or amount == "a few" else 1, match.group(0))


def _last_weekday(published: date, name: str) -> date:
    """The most recent such weekday on or before publication."""
    target = WEEKDAYS.index(name.lower())
    return published - timedelta(days=(published.weekday() - target) % 7)


@lru_cache(maxsize=20_000)
def _parse_explicit(phrase: str, published: date | None, text_dated: bool = False) -> date | None:
    phrase = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", phrase)
    has_year = re.search(r"(?:19|20)\d\d", phrase) is not None
    if published is not None and not has_year:
        phrase = f"{phrase} {published.year}"
    day = _calendar_day(phrase)
    if day is None:
        return None
    if text_dated and published is not None:
        # the text's own date is no upper bound: "14 June 2019 … repairs began on 20 June" is June 2019
        return day if has_year or (day - published).days <= TEXT_DATED_REACH else _previous_year(day)
    if published is not None and day > published:
        # no year written: the previous one ("December 28" in a January report); a year written: the
        # publication date is the latest the event can be
        day = published if has_year else _previous_year(day)
    return day


# what EXPLICIT matched once its ordinal suffix is gone and its year is known: "July 4, 2016", "4 of July 2016"
DAY_MONTH_YEAR = caseless(
    rf"(?:(?P<month>{MONTH})\.?\s+(?P<day>\d{{1,2}})|(?P<day_first>\d{{1,2}})\s+(?:of\s+)?(?P<month_after>{MONTH}))"
    r",?\s+(?P<year>(?:19|20)\d\d)"
)
MONTH_NUMBERS = {name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}


def _calendar_day(phrase: str) -> date | None:
    """The day a month, day and year phrase names. The phrases EXPLICIT finds are read directly when they
    name a real day (dateparser reads them the same way at a hundred times the cost); anything else, an
    impossible day such as "June 31" included, is left to dateparser."""
    parts = DAY_MONTH_YEAR.fullmatch(phrase)
    if parts is not None:
        month = MONTH_NUMBERS[(parts["month"] or parts["month_after"])[:3].lower()]
        try:
            return date(int(parts["year"]), month, int(parts["day"] or parts["day_first"]))
        except ValueError:
            pass
    parsed = _date_parser().get_date_data(phrase).date_obj
    return parsed.date() if parsed is not None else None


@cache
def _date_parser() -> DateDataParser:
    """One parser for all phrases, reading absolute dates only: EXPLICIT already picked a month and a day,
    and dateparser's relative-time parsers cost as much again as the parse itself. Imported here: most runs
    never need it (see `_calendar_day`), and it is slow to import."""
    from dateparser.date import DateDataParser

    settings = {
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month"],
        "PREFER_DAY_OF_MONTH": "first",
        "PARSERS": ["absolute-time"],
    }
    return DateDataParser(languages=["en"], settings=settings)


def _previous_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@lru_cache(maxsize=4)  # the coder asks a sentence its date, then the days it names (`campaign_days`)
def _explicit_dates(text: str) -> tuple[re.Match, ...]:
    """EXPLICIT's matches; none without a digit, which most sentences have not (a scan for one costs little)."""
    return tuple(EXPLICIT.finditer(text)) if DIGIT.search(text) else ()


@lru_cache(maxsize=4)
def _weekdays(text: str) -> tuple[re.Match, ...]:
    """WEEKDAY's matches; none where no "day" is written."""
    return tuple(WEEKDAY.finditer(text)) if "day" in text.lower() else ()


def _event_day_first(sentence: str, matches: Sequence[re.Match]) -> tuple[re.Match | None, bool]:
    """The first match that is not the day a source spoke, else the first match and True (only a spoken day)."""
    event_day = next((m for m in matches if not _reporting_day(sentence, m)), None)
    if event_day is not None or not matches:
        return event_day, False
    return matches[0], True


def _reporting_day(sentence: str, match: re.Match) -> bool:
    """The day a source spoke ("the Observatory said on Monday", "in a report Tuesday"), not an event's."""
    return bool(REPORTING_DAY.search(sentence, max(0, match.start() - 40), match.start()))


def _after(match: re.Match, published: date) -> bool:
    """A date written with its year after publication: no day of the event (a wrong publication date)."""
    written = _parse_explicit(match.group(0), None) if YEAR.search(match.group(0)) else None
    return written is not None and written > published


def campaign_days(sentence: str, published: date | None, *, text_dated: bool = False) -> list[date]:
    """The distinct days a sentence enumerates ("on Monday and Tuesday", "on July 3 and July 4");
    fewer than two means it is no multi-day account."""
    if published is None:
        return []
    weekdays = [m for m in _weekdays(sentence) if not _reporting_day(sentence, m)]
    explicit = [
        m
        for m in _explicit_dates(sentence)
        if not _reporting_day(sentence, m) and (text_dated or not _after(m, published))
    ]
    days = [_last_weekday(published, m["day"]) for m in weekdays]
    days += [d for d in (_parse_explicit(m.group(0), published, text_dated) for m in explicit) if d]
    days = sorted(set(days))
    if len(days) == 2 and (days[1] - days[0]).days == 1 and OVERNIGHT.search(sentence):
        return []  # "from Friday night into Saturday morning" is one night's event
    return days if len(days) > 1 else []


def text_date(text: str) -> date | None:
    """For a text without a publication date: the latest full date it writes ("On 12 March 2021, …"), what
    its days without a year and its undated events count from."""
    days = [_parse_explicit(m.group(0), None) for m in EXPLICIT.finditer(text) if YEAR.search(m.group(0))]
    days += [d for d in (_numeric_date(m, None) for m in NUMERIC_DATE.finditer(text)) if d]
    return max((d for d in days if d), default=None)

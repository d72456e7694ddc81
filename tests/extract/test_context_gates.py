"""Non-events told in context: a snippet wrapped around an old event, a toll and its breakdown, a summary of
weeks, ordinary crime and accidents told the way news tells them. Every text is our own."""

import pytest

from sitrep.extract.coder import RuleBasedCoder
from sitrep.ingest import document_from_string
from sitrep.model import Event
from sitrep.settings import Options


def coded(text: str, published: str = "2022-03-10") -> list[Event]:
    document = document_from_string(text, doc_id="probe", options=Options(), published=published)
    return RuleBasedCoder().code(document, [])


@pytest.mark.parametrize(
    "text",
    [
        # a month's toll, then what caused its deaths
        "The rights group said on Friday that 112 civilians were killed across the country in February. Most of "
        "the deaths were caused by shelling and landmines, it said.",
        # a toll summed since a month began, with only the day the ministry spoke on
        "More than 3,000 families have fled their homes in the southern villages since the beginning of the "
        "month, a monitoring group said on Wednesday.",
        # a round of fighting summed up from its start
        "At least 230 people have been killed in the latest round of fighting in the north-east, which began "
        "two weeks ago.",
        # what someone remembers
        "In an interview published on Friday, the commander recalled how his unit had fought its way into the "
        "old city in 2014.",
        # what a report found about years of strikes
        "A new report by the commission of inquiry found that government forces used barrel bombs on residential "
        "areas between 2013 and 2016.",
        # a meeting about last week's killing
        "Local leaders met on Monday to discuss last week's killing of a teacher in the town. They called on the "
        "security committee to find the gunmen.",
        # a captive freed: the kidnapping is the story's past
        "A businessman kidnapped last month in the eastern suburbs was freed on Thursday after his family paid a "
        "ransom, relatives said.",
        # ordinary crime
        "A man shot dead his neighbour in a dispute over water in the hill village on Wednesday, police said. The "
        "suspect was arrested hours later.",
        "Police arrested a man suspected of killing a taxi driver during a robbery on the coast road last week.",
        "A gang of kidnappers who demanded ransoms from farmers' families was broken up by police on Monday.",
        "Traffic police confiscated 300 motorcycles in a campaign against unlicensed vehicles on Sunday.",
        # accidents
        "An old apartment block collapsed in the city centre on Sunday, killing eleven residents, civil defence "
        "said. The building had been weakened by years of neglect.",
        "An explosion at an ammunition depot in the army's barracks on Tuesday was caused by a fire in dry grass, "
        "the military said.",
        # mine clearance is no mine
        "The mine action service said it would start clearing unexploded ordnance from farmland around the city "
        "next month.",
        # a forecast, a denial, an act halted
        "Observers say the fighting is likely to spread to the countryside if talks between the two capitals fail.",
        "The militia said on Tuesday that reports of clashes with tribal fighters in the east were rumours spread "
        "by its enemies.",
        "The planned evacuation of wounded fighters from the besieged district was halted at the last minute on "
        "Tuesday.",
        # a verdict, a visit to the families, an arrest denied: the act itself is the story's past
        "A court in the capital sentenced three men to death on Monday for carrying out a bombing that killed 14 "
        "people at the bus station in 2019.",
        "The prime minister visited the families of soldiers killed in an ambush last month and promised them "
        "compensation.",
        "The mayor said on Tuesday that no one had been arrested in connection with last week's bombing, which "
        "killed six people near the bus station.",
        # what investigators found about an attack years ago, told on the day they spoke
        "UN investigators said on Wednesday they had found reasonable grounds to believe that a chlorine attack "
        "on the town in 2018 was carried out by the air force.",
        # an old event looked back on, then told again by "the blast"
        "A year after the explosion at the port, families of the victims are still demanding justice. More than "
        "200 people were killed and thousands were wounded in the blast.",
        "Relatives of detainees gathered outside the courthouse on Monday, hoping for news after the amnesty. Many "
        "of them have not heard from their sons since they were arrested years ago.",
        # a market story that looks back on the battle, then on "the fighting"
        "Six years after the battle for the city ended, traders in the old quarter are reopening their shops. The "
        "covered markets were badly damaged by shelling and fire during the fighting.",
        "Families in the camps say they cannot afford fuel. Many fled the fighting in the western towns a decade "
        "ago and have lived in tents ever since.",
        # a toll since a year, then its main causes
        "Nearly 13,000 children have been killed or injured in the country since 2011, according to UN figures. "
        "Air strikes, shelling and landmines are the main causes.",
        # an accusation, people handed over, weeks or years of an act summed up
        "Russia accused the United States on Tuesday of training militants at the desert base to attack "
        "government forces.",
        "The Kurdish authorities handed over 25 children of foreign fighters to their home countries on Monday.",
        "Government forces continued their bombardment of the southern districts for a third week, residents said.",
        "Residents came back on Monday to a town left in ruins after years of shelling.",
        # an aid convoy is no military movement
        "A convoy of 14 aid trucks crossed the front line into the province on Tuesday, carrying food for 40,000 "
        "people, the UN said.",
    ],
)
def test_no_event_in_context(text):
    assert coded(text) == []


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        # a collapse told in a story of strikes is no accident: the strikes stay an event
        (
            "Warplanes struck the market district of the city on Monday. Two buildings collapsed, a rescuer said, "
            "and air strikes on the district have intensified since the truce ended.",
            "Air/drone strike",
        ),
        # a span with a day of its own is still an event that day
        ("Shelling has hit the town most nights, and on Monday a shell killed two children.", None),
        ("Gunmen on Monday shot dead a former officer who had defected years ago.", None),
        # a new event after a sentence that looked back names its own day
        (
            "A year after the explosion at the port, families are still demanding justice. On Monday a bomb "
            "exploded at the port gate, killing two guards.",
            "Remote explosive/landmine/IED",
        ),
    ],
)
def test_still_an_event(text, sub_type):
    events = coded(text)
    assert events
    if sub_type:
        assert events[0].sub_event_type == sub_type


def test_the_day_the_source_spoke_does_not_date_a_summed_toll():
    text = "The health ministry said on Monday that 150 people had been killed in strikes on the south since the start of the year."
    assert coded(text) == []


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        # a later claim of responsibility names who did it
        (
            "Two suicide bombers struck a market in the border town on Monday, killing 12 people. The Islamic "
            "State group claimed the attack.",
            "Islamic State (Syria)",
        ),
        (
            "A car bomb exploded at a checkpoint outside the town on Tuesday, killing three fighters.\n\n"
            "Islamic State claimed responsibility for the bombing in a statement.",
            "Islamic State (Syria)",
        ),
        # no one named at all: ACLED's unidentified initiator
        (
            "A mortar shell landed in a courtyard in the town centre on Monday, wounding two children.",
            "Unidentified Armed Group (Syria)",
        ),
    ],
)
def test_the_initiator_when_the_act_names_none(text, actor1):
    assert coded(text)[0].actor1 == actor1


def test_a_claim_does_not_replace_a_named_initiator():
    text = (
        "Army artillery shelled the hill village on Monday, killing two farmers. A rebel faction claimed the attack "
        "was a provocation."
    )
    assert coded(text)[0].actor1.startswith("Military Forces of Syria")


@pytest.mark.parametrize(
    "text",
    [
        # one death with no numeral: a definite victim named by "its"
        "A drone strike on a car near the northern city on Monday killed its driver, a local militia commander.",
        "Militants fired a missile at a transport helicopter near the airport on Sunday, killing its pilot.",
    ],
)
def test_one_death_without_a_numeral_counts_one(text):
    assert coded(text)[0].fatalities == 1


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        # fire on a force's position, and fire returned, is a battle
        (
            "Militia fighters fired on an army position across the border from the village on Tuesday, and the "
            "troops returned fire. The army said one soldier was lightly wounded.",
            "Armed clash",
        ),
        # a tear gas canister that kills a protester is lethal force; tear gas fired at a crowd only disperses it
        (
            "A protester in the main square died on Tuesday after a tear gas canister fired by riot police struck "
            "him in the head, medics said.",
            "Excessive force against protesters",
        ),
        (
            "Riot police fired tear gas at the protesters outside the ministry on Monday and pushed them back.",
            "Protest with intervention",
        ),
        # a road blocked to press a demand is a protest, whatever the demand is about
        (
            "Villagers blocked the road to the airport on Sunday to press the authorities to act over the "
            "kidnapping of a young man from the village.",
            "Peaceful protest",
        ),
        # the capture in a relative clause is the antecedent: the body found is the event
        (
            "The body of a teacher who had been kidnapped weeks earlier was found on Monday in a field near the "
            "town, bearing gunshot wounds.",
            "Attack",
        ),
        (
            "Two rebel factions announced on Tuesday that they had merged to form a new group.",
            "Change to group/activity",
        ),
        # a military column that enters a province moves; it takes no territory
        (
            "A column of foreign military police entered the northern province on Friday and headed for the "
            "border town, the defence ministry said.",
            "Change to group/activity",
        ),
        # an agreement with the other party named between
        (
            "Former rebels in the old quarter agreed with the security committee on Wednesday to hand over their "
            "light weapons.",
            "Agreement",
        ),
        # explosives cleared are weapons disrupted, not an explosion
        (
            "Army engineers cleared explosive devices and mines left by the militants from the desert road on Monday.",
            "Disrupted weapons use",
        ),
    ],
)
def test_the_act_told_gives_the_type(text, sub_type):
    assert coded(text)[0].sub_event_type == sub_type


def test_a_named_tribe_names_its_militia():
    text = "Fighters of the Shaitat tribe clashed with the SDF in the town on Monday, and two tribesmen were killed."
    event = coded(text)[0]
    assert "Shaitat Tribal Militia (Syria)" in (event.actor1, event.actor2)


@pytest.mark.parametrize("tribesmen", ["Arab tribesmen", "Bedouin tribesmen", "Armed tribesmen"])
def test_tribes_the_text_does_not_name_stay_unidentified(tribesmen):
    # a demonym (nations.yaml) or a word of not_tribe_names.yaml where the tribe's name would stand
    text = f"{tribesmen} clashed with the SDF in the town on Monday, and two tribesmen were killed."
    event = coded(text)[0]
    assert "Unidentified Tribal Militia (Syria)" in (event.actor1, event.actor2)


@pytest.mark.parametrize(
    ("text", "events"),
    [
        # what "came days after" is no event: its antecedent is no news either
        ("The visit came two days after an air strike killed five people in the town.", 0),
        ("The decision came a day after gunmen attacked a border post near the town.", 0),
        # what came after is an event: it is the news
        ("The bombing came two days after air strikes killed nine people in the province.", 1),
    ],
)
def test_what_came_days_after(text, events):
    assert len(coded(text)) == events


def test_an_opening_days_after_clause_gives_no_type():
    # what the story's act came days after is its background: the arrests are the news, not a protest
    text = "Three days after the sit-in outside the mill ended, police detained four of its organisers on Monday."
    assert [e.sub_event_type for e in coded(text)] == ["Arrests"]

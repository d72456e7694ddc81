"""ACLED's codebook on sentences of our own: what is no event, who the actors are, what the type is."""

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
        # a campaign or a policy, not a battle
        "The interior ministers of the two countries met on Sunday and discussed the fight against extremist groups.",
        # the story looks back on the offensive
        "Three years after the last big offensive on the river town, its bakeries have reopened.",
        "A year after the siege of the old city ended, families are returning to its quarters.",
        # what troops would do until an area is cleared is a plan
        "The minister said on Thursday that the campaign had met its goals and that the troops would stay until "
        "the border strip was cleared of militants.",
        # the act itself denied
        "The air force insisted on Friday that its jets had flown no missions over the valley and that reports "
        "of a raid on the bakery were invented.",
        # a drug crop destroyed is police work against ordinary crime
        "Police units burned a field of opium poppies near the hill village on Tuesday and detained the farmer "
        "who grew them.",
    ],
)
def test_no_event(text):
    assert coded(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Two men were arrested after stealing a car from a parking lot in the city centre on Monday.",
        "A fire broke out in a textile factory in the industrial zone on Sunday, killing three workers.",
        "A bus overturned on the coastal highway on Friday, killing seven passengers.",
        "The army sent no reinforcements to the besieged garrison, according to officers inside it.",
        "Mines left over from the war still kill farmers in the area every year.",
        "Residents fear a new wave of arrests once the army returns to the town.",
        "Analysts say the killing of the commander will weaken the group.",
        "Talks on a prisoner exchange between the two sides collapsed on Tuesday.",
        "The ministry said it was investigating reports that soldiers had looted shops in the town.",
        "The ambassador was summoned to the foreign ministry over the killing of a border guard.",
        "Thieves stole two cars from a showroom in the city centre on Sunday.",
        "The trial of four men opened on Monday. Prosecutors say the men planted the bomb that killed 12 passengers.",
        "The school reopened on Monday, a month after it was damaged by shelling.",
    ],
)
def test_no_event_crime_accident_habit_fear_diplomacy(text):
    assert coded(text) == []


def roles(text: str) -> tuple:
    (event,) = coded(text)
    return event.sub_event_type, event.actor1, event.actor2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # bare soldiers and troops are the theatre's army, and its artillery and aircraft are its weapons
        (
            "Soldiers opened fire on peaceful protesters outside the governor's office on Tuesday, wounding four.",
            ("Excessive force against protesters", "Protesters (Syria)", "Military Forces of Syria (2000-2024)"),
        ),
        (
            "Government artillery shelled the hill village on Monday, wounding two farmers.",
            ("Shelling/artillery/missile attack", "Military Forces of Syria (2000-2024)", "Civilians (Syria)"),
        ),
        # violence against an army officer is a battle, the state force first
        (
            "Gunmen shot dead an army officer outside his home on Sunday.",
            ("Armed clash", "Military Forces of Syria (2000-2024)", "Unidentified Armed Group (Syria)"),
        ),
        # the subject of a passive of harm is the victim, not the bomber
        (
            "Two soldiers were killed when a roadside bomb went off beside their truck on Sunday.",
            (
                "Remote explosive/landmine/IED",
                "Unidentified Armed Group (Syria)",
                "Military Forces of Syria (2000-2024)",
            ),
        ),
        # demonstrators who riot are rioters
        (
            "Protesters hurled stones at police and burned tyres in the town centre on Sunday.",
            ("Violent demonstration", "Rioters (Syria)", "Police Forces of Syria (2000-2024)"),
        ),
        # shots into the air disperse a protest
        (
            "Police fired shots into the air to scatter a crowd of protesters outside the town hall on Monday.",
            ("Protest with intervention", "Protesters (Syria)", "Police Forces of Syria (2000-2024)"),
        ),
        # an armed force taking goods loots them; what is taken "from" someone was his
        (
            "Soldiers stationed near the village stole dozens of goats from a farmer on Sunday.",
            ("Looting/property destruction", "Military Forces of Syria (2000-2024)", "Civilians (Syria)"),
        ),
        # fire on a demonstration, or a protester killed, is excessive force; the force is actor2
        (
            "Security forces opened fire on a rally in the town centre on Sunday, killing one man.",
            ("Excessive force against protesters", "Protesters (Syria)", "Police Forces of Syria (2000-2024)"),
        ),
        (
            "A protester died on Sunday after a tear gas canister fired by police hit him in the chest.",
            ("Excessive force against protesters", "Protesters (Syria)", "Police Forces of Syria (2000-2024)"),
        ),
        # what protesters march against is their cause, not a crime
        (
            "Residents of the river town protested on Sunday against the smuggling of fuel out of it.",
            ("Peaceful protest", "Protesters (Syria)", ""),
        ),
        # a mob's victims are civilians
        (
            "A crowd in the market of the old town beat a suspected informer to death on Sunday.",
            ("Mob violence", "Rioters (Syria)", "Civilians (Syria)"),
        ),
        # a death in custody is an attack by those who held him
        (
            "A man held by the police for a month died in their custody on Sunday, his brother said.",
            ("Attack", "Police Forces of Syria (2000-2024)", "Civilians (Syria)"),
        ),
        # lethal force at a march against an arrest is excessive force, not an arrest at a protest
        (
            "Soldiers at a checkpoint opened fire with live rounds on villagers marching against the arrest of a "
            "teacher on Monday, killing two of the marchers.",
            ("Excessive force against protesters", "Protesters (Syria)", "Military Forces of Syria (2000-2024)"),
        ),
        # no one is against a peaceful protest, whatever it is about
        (
            "Hundreds of people marched through the town on Monday to demand the release of a man arrested last week.",
            ("Peaceful protest", "Protesters (Syria)", ""),
        ),
        # those the state arrests are civilians unless a force or group is named
        (
            "Police arrested a retired engineer at his flat in the port city on Thursday over a poem he had posted.",
            ("Arrests", "Police Forces of Syria (2000-2024)", "Civilians (Syria)"),
        ),
        # militias named only by their patron are ACLED's pro-Iran militia, not one named brigade
        (
            "Iranian-backed militias shelled a village on the east bank of the river on Monday.",
            ("Shelling/artillery/missile attack", "Militia (Pro-Iran)", ""),
        ),
        # a foreign army taking a place does not regain it for the government
        (
            "Turkish troops seized a hilltop village from Kurdish-led fighters on Thursday after a day of shelling.",
            (
                "Non-state actor overtakes territory",
                "Military Forces of Turkey (2016-)",
                "QSD: Syrian Democratic Forces",
            ),
        ),
        # "two clans" names both sides: the men killed are the other clan's, not civilians in a battle
        (
            "Two clans traded gunfire in a farming village on Saturday over a water well, killing four men.",
            ("Armed clash", "Unidentified Clan Militia (Syria)", "Unidentified Clan Militia (Syria)"),
        ),
        # a group's own security service is the group, not the state's police
        (
            "The security service of Hayat Tahrir al-Sham detained two bakers in the market town on Sunday.",
            ("Abduction/forced disappearance", "HTS: Hayat Tahrir al Sham", "Civilians (Syria)"),
        ),
        # a country's single jet is its air force, as its jets are
        (
            "A Turkish jet fired two missiles at a grain silo outside the border town on Friday.",
            ("Air/drone strike", "Military Forces of Turkey (2016-)", ""),
        ),
        # a partisan outlet's name for the regime's forces
        (
            "Assad's militias fired artillery shells at the hill villages on Tuesday, damaging a school.",
            ("Shelling/artillery/missile attack", "Military Forces of Syria (2000-2024)", ""),
        ),
        # a chemical agent on a town falls on civilians
        (
            "Regime shells containing chlorine fell on the hill town on Monday, and nine people were treated.",
            ("Chemical weapon", "Military Forces of Syria (2000-2024)", "Civilians (Syria)"),
        ),
        # civilians killed in crossfire are in the toll, not a side of the battle
        (
            "Two rebel fighters and a shepherd died on Monday when rebels and soldiers fought near the dam.",
            ("Armed clash", "Military Forces of Syria (2000-2024)", "Opposition Rebels (Syria)"),
        ),
        # fighting inside one side: that side is both actors, and the bystanders killed are no actor
        (
            "Clashes broke out on Monday between rival rebel factions in the market town, and a farmer was killed.",
            ("Armed clash", "Opposition Rebels (Syria)", "Opposition Rebels (Syria)"),
        ),
        (
            "Militiamen of the National Defence Forces fought each other at a checkpoint near the mill on Monday.",
            ("Armed clash", "QDW: National Defense Forces", "QDW: National Defense Forces"),
        ),
        # the rivals of a named group are another side
        (
            "Fighters of Hayat Tahrir al-Sham fought rival groups near the border crossing on Monday.",
            ("Armed clash", "HTS: Hayat Tahrir al Sham", ""),
        ),
        # "local sources" are no civilians
        (
            "Russian forces withdrew from an airbase near the river on Monday, local sources said.",
            ("Change to group/activity", "Military Forces of Russia (2000-)", ""),
        ),
    ],
)
def test_actors_by_the_codebook(text, expected):
    assert roles(text) == expected


def test_one_victim_beaten_to_death_counts_one():
    (event,) = coded("A crowd in the old town dragged a man out of his car on Monday and beat him to death.")
    assert (event.sub_event_type, event.fatalities) == ("Mob violence", 1)


def test_an_act_put_off_is_no_event():
    assert coded("The planned handover of the crossing to the army was postponed on Monday.") == []


def test_the_national_defence_forces_go_by_acleds_name():
    (event,) = coded("Militiamen of the National Defence Forces shelled the hill village on Monday.")
    assert event.actor1 == "QDW: National Defense Forces"


def test_allies_joined_inside_the_cue_act_together():
    # the territory cue opens at "forces": the allied rebels after it are still the Turkish army's allies
    event = coded("Turkish forces and allied Syrian rebels took full control of a border village on Saturday.")[0]
    assert (event.actor1, event.assoc_actor_1) == ("Military Forces of Turkey (2016-)", "Opposition Rebels (Syria)")


def test_a_groups_internal_security_forces_are_the_group():
    event = coded("A Turkish drone hit a car on Monday, killing two members of the Asayish internal security forces.")[
        0
    ]
    assert (event.actor2, event.assoc_actor_2) == ("Asayish", "")


def test_a_foreign_police_force_retaking_ground_is_at_home():
    # police work at home: a "foreign" police force means the text is from its own country
    event = coded("Iraqi police recaptured a farming village from the militants on Sunday after a night of fighting.")[
        0
    ]
    assert event.sub_event_type == "Government regains territory"


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        # one victim between the verb and "to death", with no word before his noun
        ("A crowd in the square beat a man to death on Friday.", 1),
        # one victim and a counted kin joined to her
        ("Gunmen broke into a farmhouse on Friday and killed a woman and her three daughters.", 4),
        # a kin without a number is one more
        ("A mortar round killed a shepherd and his younger brother on Friday.", 2),
    ],
)
def test_victims_without_a_numeral_are_counted(text, dead):
    assert coded(text)[0].fatalities == dead


def test_no_armed_actor_marches_with_peaceful_protesters():
    # the group a rally calls on is its target, not the protesters' associate
    event = coded(
        "Hundreds of people gathered in the town square on Friday, calling on Hayat Tahrir al-Sham to free detainees."
    )[0]
    assert event.sub_event_type == "Peaceful protest"
    assert "HTS: Hayat Tahrir al Sham" not in event.assoc_actor_1

import pytest

from sitrep.extract.cues import cue_table
from sitrep.extract.event_types import classify_event


@pytest.mark.parametrize(
    "sentence, sub_type",
    [
        ("Clashes erupted between the army and rebels near the town.", "Armed clash"),
        ("Four women died in barrel bomb strikes by army helicopters on a bakery.", "Air/drone strike"),
        ("Strikes by teachers and nurses closed schools and clinics across the province.", "Peaceful protest"),
        ("Warplanes carried out air strikes on the village, then troops clashed with fighters there.", "Armed clash"),
        ("Russian warplanes bombed the market.", "Air/drone strike"),
        ("Regime artillery shelled the outskirts of the town.", "Shelling/artillery/missile attack"),
        ("A roadside bomb exploded next to a bus.", "Remote explosive/landmine/IED"),
        ("A suicide bomber blew himself up at a checkpoint.", "Suicide bomb"),
        ("Someone threw a hand grenade at a shop.", "Grenade"),
        ("Residents reported chlorine gas after the attack.", "Chemical weapon"),
        ("Gunmen kidnapped a doctor on the highway.", "Abduction/forced disappearance"),
        ("Hundreds protested in the main square.", "Peaceful protest"),
        ("Police used tear gas to disperse protesters.", "Protest with intervention"),
        ("Security forces fired live rounds at protesters, killing three.", "Excessive force against protesters"),
        ("A man was killed as a result of attacks against peaceful protestors.", "Excessive force against protesters"),
        (
            "Security forces raped women as they dispersed protesters camped outside the headquarters.",
            "Sexual violence",
        ),
        ("Rioters torched the municipality building.", "Violent demonstration"),
        ("The two sides agreed to a ceasefire.", "Agreement"),
        ("Security forces arrested 12 men in a raid.", "Arrests"),
        ("Engineers defused an IED planted on the road.", "Disrupted weapons use"),
        ("Turkish forces established a new military base near the town.", "Headquarters or base established"),
        ("Fighters looted shops in the town.", "Looting/property destruction"),
        ("Police reinforced their presence around churches ahead of the holiday.", "Change to group/activity"),
        ("The army recaptured the town from rebels.", "Government regains territory"),
        ("Rebels captured the village after heavy fighting.", "Non-state actor overtakes territory"),
        ("The group handed over its positions to the army without a fight.", "Non-violent transfer of territory"),
        ("Rebels took over the town after government forces withdrew.", "Non-violent transfer of territory"),
        (
            "The army regained the district when a UN mission handed authority over it to the state.",
            "Non-violent transfer of territory",
        ),
        ("Villagers fled their homes as the front approached.", "Other"),
    ],
)
def test_sub_event_types_and_precedence(sentence, sub_type):
    typing = classify_event(sentence)
    assert typing is not None and typing.sub_event_type == sub_type


def test_no_event_in_plain_commentary():
    assert classify_event("The economy has struggled for years.") is None


@pytest.mark.parametrize(
    "sentence, sub_type",
    [
        ("A mortar shell fired from the hills landed near the school.", "Shelling/artillery/missile attack"),
        ("The body of a teacher was found shot in the head outside the town.", "Attack"),
        ("Riot police chased demonstrators through the old market.", "Protest with intervention"),
        ("Gunmen of the People's Liberation Front clashed with soldiers at the bridge.", "Armed clash"),
        ("Army units pushed the attackers back after a night of fighting.", "Armed clash"),
        ("Army units drove the militants out of the village.", "Government regains territory"),
        ("Students staged a die-in outside the ministry.", "Peaceful protest"),
    ],
)
def test_cues_that_read_phrases_not_words(sentence, sub_type):
    assert classify_event(sentence).sub_event_type == sub_type


def test_a_company_or_a_building_shell_is_no_shelling():
    assert classify_event("The company Shell said its tanker was safe.") is None


@pytest.mark.parametrize(
    "sentence, sub_type",
    [
        (
            "Islamist fighters, long held off by government forces, captured the town.",
            "Non-state actor overtakes territory",
        ),
        ("Security forces in a crackdown on militants recaptured the district.", "Government regains territory"),
        ("Militants of the Sudan Liberation Army captured the village.", "Non-state actor overtakes territory"),
    ],
)
def test_who_takes_the_place_decides_the_territory_type(sentence, sub_type):
    assert classify_event(sentence).sub_event_type == sub_type


@pytest.mark.parametrize(
    "sentence, sub_type",
    [
        ("A gunman opened fire in a clinic on Tuesday, killing a nurse.", "Attack"),
        ("The group said it had killed a teenage boy it accused of spying.", "Attack"),
        ("Foreign-owned shops have been burned in the township overnight.", "Looting/property destruction"),
    ],
)
def test_attacks_on_people_and_property_in_more_words(sentence, sub_type):
    assert classify_event(sentence).sub_event_type == sub_type


@pytest.mark.parametrize(
    "sentence, sub_type",
    [
        (
            "Warplanes launched air strikes on the base in retaliation for a chlorine attack on the town.",
            "Air/drone strike",
        ),
        ("Jets bombed what officials said were chemical weapons facilities near the capital.", "Air/drone strike"),
        (
            "Troops captured the village, the scene of a deadly chemical attack years ago.",
            "Government regains territory",
        ),
        (
            "Jets hit the village, killing three farmers, in a region that has witnessed clashes between the army and insurgents.",
            "Air/drone strike",
        ),
        ("Police deployed forces to the old city in anticipation of angry demonstrations.", "Change to group/activity"),
    ],
)
def test_a_cue_inside_an_aside_belongs_to_another_event(sentence, sub_type):
    assert classify_event(sentence).sub_event_type == sub_type


@pytest.mark.parametrize(
    "sentence, sub_type",
    [
        ("Militants attacked and overran several checkpoints, killing 12 policemen.", "Armed clash"),
        ("The rebels briefly seized control of the town before withdrawing under fire.", "Armed clash"),
        (
            "Coalition forces intended to take control of the hill, but heavy clashes broke out at its foot.",
            "Armed clash",
        ),
    ],
)
def test_taking_positions_briefly_or_in_intent_is_no_territory_change(sentence, sub_type):
    assert classify_event(sentence).sub_event_type == sub_type


@pytest.mark.parametrize(
    "sentence, sub_type",
    [
        ("Rebels seized the area following the withdrawal of government forces.", "Non-violent transfer of territory"),
        (
            "Police fired rubber bullets and water cannon at the marchers, injuring dozens.",
            "Excessive force against protesters",
        ),
        ("Hundreds rallied in the capital to demand the release of activists detained last month.", "Peaceful protest"),
        ("Students marched through the city to denounce the riots that shook it last week.", "Peaceful protest"),
    ],
)
def test_protests_transfers_and_tanks(sentence, sub_type):
    assert classify_event(sentence).sub_event_type == sub_type


@pytest.mark.parametrize(
    "sentence, sub_type",
    [
        ("Kurdish fighters killed 17 Turkish servicemen near the border.", "Armed clash"),
        ("In the east the army killed more than 30 ISIS terrorists.", "Armed clash"),
        ("Russian jets struck the town, killing 20 militants.", "Air/drone strike"),
        ("Special forces destroyed caches of weapons and IEDs during an operation.", "Disrupted weapons use"),
        ("A rifle and 85 live cartridges were seized from the two men, who were arrested.", "Disrupted weapons use"),
        ("Turkish jets destroyed weapon depots used by the militants.", "Air/drone strike"),
    ],
)
def test_who_is_killed_or_destroyed_and_by_what(sentence, sub_type):
    assert classify_event(sentence).sub_event_type == sub_type


@pytest.mark.parametrize(
    "sentence, sub_type",
    [
        ("Police fired rubber bullets while clashing with protesters who threw stones.", "Violent demonstration"),
        ("The army units drove back the militants from a key village overnight.", "Government regains territory"),
        (
            "Militants gained control of the army base after days of heavy fighting.",
            "Non-state actor overtakes territory",
        ),
    ],
)
def test_riots_and_bases(sentence, sub_type):
    assert classify_event(sentence).sub_event_type == sub_type


@pytest.mark.parametrize(
    "sentence, sub_type",
    [
        ("Twin bomb attacks killed 40 people in two coastal cities.", "Remote explosive/landmine/IED"),
        ("Despite the ceasefire, regime forces shelled the town.", "Shelling/artillery/missile attack"),
    ],
)
def test_bomb_attacks_and_ceasefire_violations(sentence, sub_type):
    assert classify_event(sentence).sub_event_type == sub_type


def test_a_truce_only_promised_is_no_agreement():
    assert classify_event("Despite promises of a truce, the town stayed tense.") is None


@pytest.mark.parametrize(
    "sentence, sub_type",
    [
        ("A man died after villagers clashed using sticks and iron rods over a field.", "Mob violence"),
        ("Gunmen stormed the university, killing students in their classrooms.", "Attack"),
    ],
)
def test_mobs_and_massacres_are_no_battles(sentence, sub_type):
    assert classify_event(sentence).sub_event_type == sub_type


@pytest.mark.parametrize(
    "sentence, sub_type",
    [
        ("Militants shelled troops with mortars filled with chlorine gas during the battle.", "Chemical weapon"),
        (
            "According to an army spokesman, militants gained control of the district.",
            "Non-state actor overtakes territory",
        ),
    ],
)
def test_chemical_weapons_and_reported_takeovers(sentence, sub_type):
    assert classify_event(sentence).sub_event_type == sub_type


@pytest.mark.parametrize(
    "sentence, sub_type",
    [
        ("Police suppressed a peaceful march in the capital.", "Protest with intervention"),
        (
            "Several demonstrators were seriously injured as police dispersed the rally.",
            "Excessive force against protesters",
        ),
        (
            "Police fired tear gas as the protest descended into the worst outbreak of violence in years.",
            "Violent demonstration",
        ),
        ("Crowds of protesters defied a ban, blocking major roads in the city.", "Peaceful protest"),
        ("Crowds of protesters defied a ban, burning tyres on major roads in the city.", "Violent demonstration"),
        (
            "Security forces fired on peaceful protesters amid weeks of unrest, killing six.",
            "Excessive force against protesters",
        ),
    ],
)
def test_how_protests_are_met(sentence, sub_type):
    assert classify_event(sentence).sub_event_type == sub_type


def test_the_month_of_march_is_no_march():
    assert classify_event("In March, officials visited the town.") is None


@pytest.mark.parametrize(
    "sentence, sub_type",
    [
        ("A woman was killed by a sniper from regime forces in Jisr al-Shughur.", "Attack"),
        ("Two children were wounded by sniper fire in Daraa.", "Attack"),
        ("A soldier was killed by a sniper near Hama.", "Armed clash"),
    ],
)
def test_a_sniper_shooting_civilians_is_an_attack(sentence, sub_type):
    assert classify_event(sentence).sub_event_type == sub_type


def test_an_override_told_by_two_equal_cues_names_the_earlier():
    # peaceful protest and arrests, equally strong, make a protest with intervention that no cue of its own
    # names: the typing points at the earlier cue, whatever order a set lists the two sub-types in
    sentence = (
        "The government widened its violent crackdown on peaceful demonstrators, with mass arrests in three provinces."
    )
    typing = classify_event(sentence)
    assert typing is not None and typing.sub_event_type == "Protest with intervention"
    assert typing.cue == "demonstrators" and typing.start == sentence.index("demonstrators")


def test_a_broken_cue_pattern_is_named_in_a_one_line_error(monkeypatch):
    from sitrep.errors import ResourceError
    from sitrep.extract import cues

    spec = {
        "cues": {"Armed clash": [{"id": "clash-broken", "weight": 2, "pattern": "clash(?:es", "example": "x"}]},
        "priority": ["Armed clash"],
        "min_score": 1,
        "aside_before": ["after"],
        "attempt_before": ["tried to "],
        "negation_before": ["no "],
    }
    monkeypatch.setattr(cues, "load_yaml", lambda name: spec)
    with pytest.raises(ResourceError, match=r"cue clash-broken: bad pattern 'clash\(\?:es'"):
        cues.cue_table.__wrapped__()


def test_only_the_overrides_that_can_hold_among_the_scored_sub_types_are_tried():
    table = cue_table()
    sub_types = sorted({c.sub_type for c in table.cues})
    for first in sub_types:
        for scored in ({first}, {first, "Armed clash"}, {first, "Attack", "Peaceful protest"}):
            expected = [i for i, (needed, _, _) in enumerate(table.overrides) if needed & scored]
            assert table.overrides_for(scored) == expected

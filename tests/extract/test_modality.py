import pytest

from sitrep.extract.event_types import classify_event
from sitrep.extract.modality import sentence_mood


@pytest.mark.parametrize(
    "sentence, mood",
    [
        ("Militants attacked a checkpoint on Monday.", "reported"),
        ("Officials condemned the attack.", "statement"),
        ("The army will launch an offensive next week.", "plan"),
        ("If talks fail, the army may attack the town.", "conditional"),
        ("Observers say the army may attack the town.", "forecast"),
        ("Before the May 30 attack on the town, jets bombed it again on Monday.", "reported"),
        ("The ministry denied that any strike took place.", "denial"),
        ("Was the strike carried out by Russian jets?", "question"),
        ("Last year, the group carried out dozens of raids.", "background"),
        ("A boiler at a steel plant exploded, injuring workers.", "accident"),
        ("A powerful storm killed 12 people in the province.", "accident"),
        ("The outbreak on the carrier left 1,300 sailors testing positive for COVID-19.", "accident"),
        ("Police fired tear gas as the protest turned into the worst outbreak of violence in years.", "reported"),
        ("Several shops were looted in the town during the COVID-19 lockdown.", "reported"),
        ("Hundreds rallied against the government amid the pandemic.", "reported"),
        ("Gunmen storm a university complex at dawn, taking students hostage.", "reported"),
        ("A fighter of the Storm Brigade was killed in a blast.", "reported"),
        ("Last March, gunmen stormed the same checkpoint.", "background"),
        ("For the past three years the army has tried to retake the suburbs.", "background"),
        ("In a similar incident, a car bomb killed 12 at the market.", "background"),
        ("Over 200,000 people have died since the uprising started in March 2011.", "war_toll"),
        ("The war has killed more than 400,000 people.", "war_toll"),
        ("Jaish al-Islam targets the city's districts with mortar shells every now and then.", "habitual"),
        ("The army has been fighting rebels in the suburbs for more than two years.", "habitual"),
        ("Convoys carried fighters out of districts the army has retaken in recent months.", "long_span"),
        ("Coalition raids have left scores of civilians dead over the past several weeks.", "long_span"),
        ("A car bomb killed 30 at a market, the worst in recent months.", "reported"),
        ("The attack came a day after air strikes killed 26 people in the province.", "context"),
        ("Monday's bombings came as IS fighters pressed their assault on the town.", "context"),
        ("The bombings come in a bloody week which also saw 33 killed in the city on Thursday.", "context"),
        ("The rebels said their attack was a response to an offensive on the border town.", "context"),
        ('The faction said the raid was "a response to the massacres" committed by the regime in the area.', "context"),
        ("The group claimed the attack in a statement, calling it revenge for air strikes on the town.", "attribution"),
        ("The rebel alliance has been locked in battle for the town for more than one month.", "habitual"),
        (
            "The government has regained control of about 70 percent of Syria, including every big city.",
            "territory_share",
        ),
        ("A month of infighting in the province alone has killed nearly 300 fighters.", "long_span"),
        ("Rebel fire on government-held areas killed 1,102 people over the past year.", "long_span"),
        (
            "Fighting around the town has intensified in the past month, and both sides have brought in more troops.",
            "long_span",
        ),
        ("Dozens of fighters have been killed on that front since ceasefire talks broke off.", "long_span"),
        ("Since Sunday at least 41 civilians have died in air strikes on the city.", "reported"),
        ("Rescuers search the rubble of a clinic hit by an air strike (AFP photo).", "caption"),
        ("In this photo taken on Friday, smoke rises after shelling on the town.", "caption"),
        ("(Photo Smoke rises after a coalition air strike on eastern Deir ez-Zor on May 3. by Reuters)", "caption"),
        ("(Photos: rescuers pull a boy from the rubble of a building hit by a barrel bomb)", "caption"),
        ("Jets bomb Idlib again pic.twitter.com/n8xFHIrtf5 - Activist (@activist) August 2, 2016", "caption"),
    ],
)
def test_moods(sentence, mood):
    assert sentence_mood(sentence) == mood


@pytest.mark.parametrize(
    "sentence, cue, mood",
    [
        ("Thousands rallied in the square, calling on the army to step aside.", "rallied", "reported"),
        ("Farmers blocked roads over a law which they say will ruin them.", "blocked", "reported"),
        (
            "Troops captured a village, widening an offensive that had previously relied on air strikes.",
            "captured",
            "reported",
        ),
        ("Previously, rebels had captured the village.", "captured", "background"),
        ("The minister called for an offensive against the rebels.", "offensive", "statement"),
        ("The army will launch an offensive next week.", "offensive", "plan"),
        ("An official said an offensive to drive IS out of Raqqa would begin in weeks.", "offensive", "upcoming"),
        ("An offensive began on Monday; the operation will continue for weeks.", "offensive", "reported"),
    ],
)
def test_statement_and_plan_cues_govern_only_what_follows_them(sentence, cue, mood):
    assert sentence_mood(sentence, sentence.index(cue)) == mood


@pytest.mark.parametrize(
    "sentence, mood",
    [
        ("Farmers, who say the new law will ruin them, marched on the ministry with their tractors.", "reported"),
        ("The army vowed revenge after gunmen killed three soldiers at a checkpoint.", "reported"),
        ("The rebels will push on towards the city after seizing the bridge on Monday.", "reported"),
        ("Both countries expelled diplomats after a nerve agent attack in a shopping centre.", "statement"),
        ("A roadside bomb hit a truck on a road used by smugglers.", "reported"),
        ("Guards shot dead a would-be bomber at the gate of the ministry.", "reported"),
        ("Police seized a tonne of cannabis at the port.", "crime"),
        ("A bomb hidden in a gas cylinder exploded in the market.", "reported"),
    ],
)
def test_moods_read_from_the_main_clause_not_an_incidental_word(sentence, mood):
    typing = classify_event(sentence)
    assert sentence_mood(sentence, typing.first_cue if typing else None) == mood

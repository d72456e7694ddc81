import pytest

from sitrep.extract.modality import sentence_mood


@pytest.mark.parametrize(
    "sentence, mood",
    [
        ("Militants attacked a checkpoint on Monday.", "reported"),
        ("Officials condemned the attack.", "statement"),
        ("The army will launch an offensive next week.", "plan"),
        ("If talks fail, the army may attack the town.", "forecast"),
        ("The ministry denied that any strike took place.", "denial"),
        ("Was the strike carried out by Russian jets?", "question"),
        ("Last year, the group carried out dozens of raids.", "background"),
        ("Last March, gunmen stormed the same checkpoint.", "background"),
        ("In a similar incident, a car bomb killed 12 at the market.", "background"),
        ("Rescuers search the rubble of a clinic hit by an air strike (AFP photo).", "caption"),
        ("In this photo taken on Friday, smoke rises after shelling on the town.", "caption"),
    ],
)
def test_moods(sentence, mood):
    assert sentence_mood(sentence) == mood

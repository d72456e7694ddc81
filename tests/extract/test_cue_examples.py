"""Every cue proves itself: its example codes as its sub-type (or mood) with the cue firing; its counter-example
does not."""

import pytest

from sitrep.extract.coder import RuleBasedCoder
from sitrep.extract.cues import cue_table, keep_acronym_case
from sitrep.extract.event_types import classify_event, cue_hits
from sitrep.extract.modality import mood_cues, mood_of
from sitrep.ingest import document_from_string
from sitrep.settings import Options

CUES = cue_table().cues


def first_sub_type(sentence: str) -> str | None:
    document = document_from_string(sentence, doc_id="cue", options=Options(), published="2022-03-10")
    events = RuleBasedCoder().code(document, [])
    return events[0].sub_event_type if events else None


@pytest.mark.parametrize("cue", CUES, ids=[c.id for c in CUES])
def test_the_example_codes_as_the_cue_says(cue):
    assert cue.id in {hit.cue.id for hit in cue_hits(cue.example)}, "the cue does not fire on its example"
    assert first_sub_type(cue.example) == cue.sub_type


GUARDED = [c for c in CUES if c.counter_example]


@pytest.mark.parametrize("cue", GUARDED, ids=[c.id for c in GUARDED])
def test_the_counter_example_does_not(cue):
    assert first_sub_type(cue.counter_example) != cue.sub_type


def test_acronyms_keep_their_case():
    assert keep_acronym_case(r"\bIS\b|IEDs?|(?:US|UAVs?)-led|islamic state") == (
        r"\b(?-i:IS)\b|(?-i:IED)s?|(?:(?-i:US)|(?-i:UAV)s?)-led|islamic state"
    )
    assert not {hit.cue.id for hit in cue_hits("The town is quiet and it is held by the militants.")}


MOOD_CUES = mood_cues()[0]


def mood_in(sentence: str):
    typing = classify_event(sentence)
    return mood_of(sentence, typing.first_cue if typing else None)


@pytest.mark.parametrize("cue", MOOD_CUES, ids=[c.id for c in MOOD_CUES])
def test_the_mood_example_is_in_its_mood_by_its_cue(cue):
    mood = mood_in(cue.example)
    assert (mood.name, mood.cue.id if mood.cue else None) == (cue.mood, cue.id)


GUARDED_MOODS = [c for c in MOOD_CUES if c.counter_example]


@pytest.mark.parametrize("cue", GUARDED_MOODS, ids=[c.id for c in GUARDED_MOODS])
def test_the_mood_counter_example_is_not(cue):
    assert mood_in(cue.counter_example).name != cue.mood

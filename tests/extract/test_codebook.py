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

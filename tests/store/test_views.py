"""The read-side checks shown beside every event: disagreeing figures, a figure's place in its sentence."""

import pytest

from sitrep.store.views import disagreeing_claims, figure_in_sentence


def _claim(value, quantifier="exact", kind="killed", side=None, claimant=None, value_high=None):
    return {"kind": kind, "value": value, "value_high": value_high, "quantifier": quantifier, "side": side,
            "claimant": claimant}  # fmt: skip


@pytest.mark.parametrize(
    ("claims", "conflicting"),
    [
        ([_claim(9, claimant="monitors"), _claim(4, claimant="state media")], [4, 9]),
        ([_claim(12, "at_least"), _claim(15, "up_to")], None),  # 12 to 15 satisfies both
        ([_claim(20, "at_least"), _claim(15, "up_to")], [15, 20]),
        ([_claim(10, "about"), _claim(11)], None),
        ([_claim(5, "range", value_high=8), _claim(9)], [5, 9]),
        ([_claim(3, "several"), _claim(40)], None),  # a vague word allows any figure
        ([_claim(9), _claim(4, kind="wounded")], None),  # different tolls
        ([_claim(9, side="A"), _claim(4, side="B")], None),  # each side's own dead
    ],
)
def test_claims_disagree_only_when_no_figure_satisfies_them_all(claims, conflicting):
    found = disagreeing_claims(claims)
    assert (found[0]["values"] if found else None) == conflicting


def test_the_figure_is_located_in_its_sentence_even_when_the_sentence_repeats():
    sentence = "Rescuers said 4 people died."
    text = f"{sentence} Later: {sentence}"
    second = text.rindex("4 people")
    assert figure_in_sentence(text, {"text": sentence, "start_char": second, "end_char": second + 8}) == [14, 22]
    assert figure_in_sentence(text, {"text": "Another sentence.", "start_char": 3, "end_char": 5}) is None

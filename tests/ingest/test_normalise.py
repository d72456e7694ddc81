"""Text normalisation drops exactly the control, format, private-use and unassigned characters."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from sitrep.ingest.text import normalise


def _character_by_character(text: str) -> str:
    """The definition, judging every character on its own."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return re.sub(r"[ \t\u00a0]+", " ", text)


def test_control_and_format_characters_go_lines_and_words_stay() -> None:
    text = "Shelling hit\u200b the\u00ad market\x00 at dawn.\r\n\tTwo\ue000 were hurt.\x7f"
    assert normalise(text) == "Shelling hit the market at dawn.\n Two were hurt."


POOLS = {
    "any text": "ab ,.\n\t\r\u00a0\u00e9e\u0301\u200b\u200e\u00ad\x00\x1f\x85\ue000\U000e0001\u0627\u0644\ufeff\u2028\u0378",
    # the common case, where normalise skips the character judging and, without a space run, the search
    "no control character": "ab ,.\n\t\u00a0\u2009\u00e9\u0627",
}


@pytest.mark.parametrize("pool", POOLS.values(), ids=POOLS.keys())
def test_it_agrees_with_the_character_by_character_definition_on_random_text(pool) -> None:
    rng = random.Random(7)
    for _ in range(500):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        assert normalise(text) == _character_by_character(text)

"""Finding places costs work in proportion to the text: no step reads the whole text again for each name.

Counted, not timed (speed lives in bench/): the characters copied out of the document by slicing, and
the Python lines run. Both grow by about the factor the text grows when every step is linear.
"""

import sys

from sitrep.geo import find_toponyms

PARAGRAPH = (
    "Jets struck Saraqib and Kafr Nabl on Monday, activists said. Shelling hit Ras al-Ain in Hasakeh province, "
    "and clashes went on near al-Bab, 20 km north of Aleppo, and in Khan al-Assal. Troops entered the "
    "eastern Homs desert and the Midan neighbourhood of Aleppo. "
) * 4
GROWTH = 16


class CountingText(str):
    """A document that counts the characters sliced out of it."""

    copied = 0

    def __getitem__(self, key):
        piece = str.__getitem__(self, key)
        CountingText.copied += len(piece)
        return piece


def characters_copied(text: str, gazetteer) -> int:
    CountingText.copied = 0
    find_toponyms(CountingText(text), gazetteer)
    return CountingText.copied


def lines_run(text: str, gazetteer) -> int:
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        find_toponyms(text, gazetteer)
    finally:
        sys.settrace(None)
    return count


def test_the_characters_read_grow_with_the_text_not_with_its_square(gazetteer):
    find_toponyms(PARAGRAPH, gazetteer)  # build the tables first
    small = characters_copied(PARAGRAPH, gazetteer)
    large = characters_copied(PARAGRAPH * GROWTH, gazetteer)
    assert small > 0
    assert large < GROWTH * small * 1.5, (small, large)  # a whole-text slice per name makes it ~16 times worse


def test_the_lines_run_grow_with_the_text_not_with_its_square(gazetteer):
    find_toponyms(PARAGRAPH, gazetteer)
    small = lines_run(PARAGRAPH, gazetteer)
    large = lines_run(PARAGRAPH * GROWTH, gazetteer)
    assert large < GROWTH * small * 1.5, (small, large)

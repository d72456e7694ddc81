from sitrep.extract.sentences import split_sentences


def test_offsets_abbreviations_and_paragraphs():
    text = "The U.S. said Gen. Smith arrived. He left!\n\nA new paragraph. Done."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["The U.S. said Gen. Smith arrived.", "He left!", "A new paragraph.", "Done."]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1]

from sitrep.extract.sentences import split_sentences


def test_offsets_abbreviations_and_paragraphs():
    text = "The U.S. said Gen. Smith arrived. He left!\n\nA new paragraph. Done."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["The U.S. said Gen. Smith arrived.", "He left!", "A new paragraph.", "Done."]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1]


def test_a_run_of_end_marks_ends_one_sentence():
    text = "Shelling went on... Then it stopped?! Residents waited.\u201d Aid came at noon."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Shelling went on...",
        "Then it stopped?!",
        "Residents waited.\u201d",
        "Aid came at noon.",
    ]
    assert [s.text for s in split_sentences("It was late." + "." * 5000 + " Then quiet.")][-1] == "Then quiet."


def test_a_dot_after_an_abbreviation_or_an_initial_ends_no_sentence():
    text = "Col. Hassan met Dr. Ali at No. 5 with J. Smith, approx. at noon. Talks ended."
    assert [s.text for s in split_sentences(text)] == [
        "Col. Hassan met Dr. Ali at No. 5 with J. Smith, approx. at noon.",
        "Talks ended.",
    ]

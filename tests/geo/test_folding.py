import pytest

from sitrep.geo.disambiguate import plain
from sitrep.geo.folding import fold_name


@pytest.mark.parametrize(
    "spellings",
    [
        ["Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor", "Deir al-Zour", "Deir el-Zor"],
        ["Ras al-Ain", "Ras al-Ayn", "Ra's al 'Ayn"],
        ["Al-Hasakah", "Hasakeh", "Hassakeh", "Hasaka"],
        ["Raqqa", "Ar-Raqqah", "Rakka"],
        ["Tell Abyad", "Tal Abyad", "Tel Abiad"],
        ["Khan Shaykhun", "Khan Sheikhoun"],
        ["Maarat al-Numan", "Ma'arrat al-Nu'man", "Maarrat an-Numan"],
        ["Idlib", "Idleb"],
        ["Qamishli", "Al-Qamishli", "Kamishli"],
    ],
)
def test_spellings_of_one_place_fold_together(spellings):
    assert len({fold_name(s) for s in spellings}) == 1


def test_different_places_stay_apart():
    assert fold_name("Darayya") != fold_name("Daraa")
    assert fold_name("Homs") != fold_name("Hama")


def test_qualifier_words_of_any_language_share_one_key():
    from sitrep.geo.folding import index_keys, split_qualifiers

    assert split_qualifiers("Kafr Jum al-Gharbiyah") == split_qualifiers("Western Kafr Jum")
    assert split_qualifiers("Tall Battal Sharqi")[1] == ("east",)
    assert split_qualifiers("Al-Sharqiyah") == (fold_name("Al-Sharqiyah"), ())  # alone it is a name
    keys = index_keys("Thalabiyeh - Big Jqal")
    assert fold_name("Thalabiyeh") in keys and fold_name("Big Jqal") in keys
    assert all("|" not in key for key in index_keys("Homs"))


def test_a_glued_article_is_written_alike_as_a_separate_one():
    # how alike two spellings are written (spelling_similarity) drops a glued article as folding does
    assert plain("Alsheikh Hilal") == plain("al-Sheikh Hilal") == plain("Sheikh Hilal")
    assert plain("Elmarj") == plain("el-Marj")
    # a name that merely begins so keeps its letters
    assert plain("Aleppo") == "aleppo" and plain("Albu Kamal") == "albu kamal"

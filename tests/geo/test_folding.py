import pytest

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

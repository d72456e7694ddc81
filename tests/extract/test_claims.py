import random
from datetime import date

from sitrep.extract import claims
from sitrep.extract.actors import find_actors
from sitrep.extract.claims import ScannedClause, claimant_in, find_claims
from sitrep.extract.quantities import find_quantities
from sitrep.extract.single_victims import single_victim_pattern

DAY = date(2021, 6, 1)


def summary(sentence: str):
    return [
        (c.kind, c.value, c.quantifier, c.subject, c.side, c.claimant)
        for c in find_claims(sentence, context=find_actors(sentence, day=DAY), day=DAY)
    ]


def test_conflicting_claims_keep_their_own_claimants_and_sides():
    sentence = (
        "Pro-opposition sources claimed at least 20 soldiers were killed, while state media said up to "
        "10 ISIS members were neutralized and 3 of their vehicles destroyed."
    )
    assert summary(sentence) == [
        ("killed", 20, "at_least", "soldiers", "Military Forces of Syria (2000-2024)", "Pro-opposition sources"),
        ("killed", 10, "up_to", "ISIS members", "Islamic State (Syria)", "state media"),
        ("destroyed", 3, "exact", "vehicles", None, "state media"),
    ]


def test_euphemisms_and_participles_before_the_amount():
    assert summary("The army said it lost contact with 25 soldiers.")[0][:4] == ("missing", 25, "exact", "soldiers")
    assert summary("An air strike hit Atarib, killing 9 civilians and wounding about 20 others.")[:2] == [
        ("killed", 9, "exact", "civilians", "Civilians (Syria)", None),
        ("wounded", 20, "about", "others", None, None),
    ]
    assert summary("The clashes left 12 dead and 30 wounded.") == [
        ("killed", 12, "exact", "", None, None),
        ("wounded", 30, "exact", "", None, None),
    ]


def test_a_kind_word_right_after_the_amount_is_its_kind():
    assert summary("8 Killed 25 Injured in Rocket Attacks on the City.") == [
        ("killed", 8, "exact", "", None, None),
        ("wounded", 25, "exact", "", None, None),
    ]
    assert summary("The monitor gave a toll of eight dead civilians.") == [
        ("killed", 8, "exact", "civilians", "Civilians (Syria)", None)
    ]
    assert summary("A car bomb killed at least 26 displaced people.")[0][:2] == ("killed", 26)


def test_claimant_phrases_and_inherited_claimant():
    assert claimant_in("Nine people died, according to the Aleppo Media Centre.") == "Aleppo Media Centre"
    assert claimant_in("Activists said the strike hit a school.") == "Activists"
    assert claimant_in("It said the strike hit a school.") is None
    claims = find_claims("Four fighters were killed.", inherited_claimant="local sources")
    assert claims[0].claimant == "local sources"


def test_amounts_that_are_not_casualties_give_no_claims():
    assert summary("Three convoys entered the town on Monday.") == []
    assert [c[:2] for c in summary("Clashes broke out between two clans in Diban, leaving 3 dead.")] == [("killed", 3)]
    assert [c[:2] for c in summary("Five rockets killed 2 children in the market.")] == [("killed", 2)]


def test_one_person_without_a_number():
    assert summary("Gunmen shot dead a local council member in Jasim.")[0][:3] == ("killed", 1, "exact")
    assert summary("Gunmen kidnapped a pharmacist.")[0][:2] == ("kidnapped", 1)
    assert summary("The strike killed a number of people.")[0][:3] == ("killed", 10, "several")  # ACLED: 10
    assert summary("A mine exploded under a shepherd's tractor, killing him.")[0][:3] == ("killed", 1, "exact")
    assert summary("Police stopped the driver and arrested her.")[0][:2] == ("detained", 1)
    assert summary("A mob beat to death a man accused of theft.")[0][:2] == ("killed", 1)
    assert summary("A woman was killed by a sniper in Jisr al-Shughur.")[0][:5] == (
        "killed",
        1,
        "exact",
        "woman",
        "Civilians (Syria)",
    )
    assert summary("A child was reportedly wounded in the shelling.")[0][:2] == ("wounded", 1)
    assert summary("A number of fighters were killed.")[0][:3] == ("killed", 10, "several")


def test_negated_reporting_verbs_and_acronyms_as_claimants():
    assert claimant_in("A ministry spokesman did not say who fired the rockets.") is None
    assert claimant_in("The WHO said that 20 people were wounded.") == "WHO"
    assert claimant_in("Activists who said that 20 people died were arrested.") == "Activists"


def test_running_totals_and_lives_claimed():
    assert summary("The death toll from Sunday's bombing has risen to 14, medics said.")[0][:2] == ("killed", 14)
    assert summary("The explosion claimed the lives of 3 children.")[0][:2] == ("killed", 3)
    assert summary("Fuel prices rose to 9 dollars a litre.") == []


def test_bodies_found_are_dead():
    assert summary("The body of a man was found shot in the head.")[0][:2] == ("killed", 1)
    assert summary("The bodies of 5 civilians were found in a well.")[0][:2] == ("killed", 5)


def test_one_death_without_a_numeral_counts_one():
    assert summary("A sniper assassinated a council member near the bakery.")[0][:2] == ("killed", 1)
    assert summary("A detainee died under torture in the central prison.")[0][:2] == ("killed", 1)
    assert summary("A shepherd was found dead in the hills east of the town.")[0][:2] == ("killed", 1)
    assert summary("Gunmen stormed the bank, killing the guard.")[0][:2] == ("killed", 1)
    assert summary("Relatives mourned the killing of a teacher in the village.")[0][:2] == ("killed", 1)
    assert summary("Gunmen stormed the bank, killing the guards.") == []


def test_the_killers_are_no_victims_and_days_are_no_people():
    assert [c[:4] for c in summary("Two men on a motorbike shot dead a local commander.")] == [
        ("killed", 1, "exact", "local commander")
    ]
    assert [c[:2] for c in summary("Nine soldiers were killed, and five people died the next day.")] == [
        ("killed", 9),
        ("killed", 5),
    ]


def test_casualty_verbs_in_the_infinitive_are_figures():
    assert [c[:4] for c in summary("The fighters managed to destroy two tanks and kill five soldiers.")] == [
        ("destroyed", 2, "exact", "tanks"),
        ("killed", 5, "exact", "soldiers"),
    ]


def test_a_claimant_across_a_contrastive_clause():
    assert claimant_in("The ministry gave no figures but said that at least 20 attackers were killed.") == "ministry"


def test_victims_joined_to_one_victim_add_up():
    assert summary("A rocket hit the farm, wounding a shepherd and his nephew.")[0][:2] == ("wounded", 2)
    assert summary("A mortar round injured a man and three of his daughters at home.")[0][:2] == ("wounded", 4)
    assert summary("A mortar round injured a man and his daughters at home.")[0][:2] == ("wounded", 1)


def test_the_phrase_after_the_names_the_victims_not_its_first_word():
    assert summary("The troops pushed on after killing the last rebel snipers in the mill.") == []
    assert summary("Gunmen shot dead the depot watchman at the gate.")[0][:2] == ("killed", 1)


def test_a_member_of_a_unit_is_one_victim_and_another_is_one_more():
    assert [c[:2] for c in summary("A member of the convoy escort was killed and another was hurt.")] == [
        ("killed", 1),
        ("wounded", 1),
    ]
    assert [c[:3] for c in summary("Seven were killed near the well.")] == [("killed", 7, "exact")]
    assert summary("Seven were killed near the well.")[0][3] == ""


SCANNED_WORDS = (
    "at least 12 two-three between 5 and 9 dozens of some several hundred killed killing skilled shot dead "
    "wounded injuring a civilian the guard was killed another was hurt a detainee died under torture in custody "
    "the death toll rose to 40 taken hostage casualties and injuries bodies of men to detain rounded up fled "
    "while whereas but; attribute 2.5 end. U.S."
).split()


def _scanned_texts(count: int) -> list[str]:
    rng = random.Random(16)
    texts = []
    for _ in range(count):
        words = [rng.choice(SCANNED_WORDS) for _ in range(rng.randint(1, 14))]
        words = [w.upper() if rng.random() < 0.15 else w for w in words]
        text = rng.choice([" ", "  ", ", ", "-", "\u00a0", "\n"]).join(words)
        texts.append(text + ("\u212a" if rng.random() < 0.1 else ""))
    return texts


def test_a_scanned_clause_finds_in_any_window_what_each_pattern_finds_in_it_cut_out():
    g = claims.grammar()
    rng = random.Random(61)
    for text in _scanned_texts(300):
        breaks = [m.span() for m in claims.CLAUSE_BREAK.finditer(text)]
        assert claims.clauses(text) == [
            (start, end)
            for start, end in zip([0, *(b for _, b in breaks)], [*(a for a, _ in breaks), len(text)], strict=True)
        ]
        scanned = ScannedClause(text)
        assert scanned.amounts() == find_quantities(text)
        assert [m.span() for m in scanned.single_victims()] == [
            m.span() for m in single_victim_pattern().finditer(text)
        ]
        for _ in range(6):
            begin = rng.randrange(len(text) + 1)
            end = rng.randrange(begin, len(text) + 40)
            found = dict(scanned.kind_matches(begin, end))
            for kind, pattern in g.kinds:
                want = [(m.span(), m.group(0).lower()) for m in pattern.pattern.finditer(text[begin:end])]
                got = [(m.span(), m.group(0).lower()) for m in found.get(kind, [])]  # the matches may read it lowered
                assert got == want, (text, begin, end, kind)

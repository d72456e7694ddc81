"""The shortcuts place finding takes for speed give exactly what the plain computation gives."""

from __future__ import annotations

import random
import re
from collections import Counter

from rapidfuzz import fuzz
from unidecode import unidecode

from sitrep.geo import folding, longer_names, matcher, toponyms
from sitrep.geo.disambiguate import (
    Evidence,
    _as_written,
    _ranked,
    bare_spelling,
    beyond_km,
    km,
    nearest_km,
    plain,
    score,
    within_km,
)
from sitrep.geo.folding import fold_name
from sitrep.geo.gazetteer import GazetteerEntry
from sitrep.geo.matcher import find_names, name_heads
from sitrep.geo.memo import BoundedMemo
from sitrep.geo.regions import _alternation, _prefix_gate, find_regions
from sitrep.geo.toponyms import _at_word_start

REGIONAL_TEXT = (
    "Shelling hit EASTERN HOMS and the western countryside of aleppo on Monday, while rural Idlib and the "
    "Idlib and Hama provinces saw air strikes. Fighting went on in Rural Damascus, north-eastern Syria and "
    "on the east bank of the Euphrates; a village (Deir-ez-Zor) was emptied. Southern Hasakah's roads closed."
)


def test_lowered_ascii_text_gives_the_regions_the_case_insensitive_patterns_give():
    # a non-ASCII character anywhere sends the text down the case-insensitive patterns
    fast = find_regions(REGIONAL_TEXT, ("SY",))
    plain = find_regions(REGIONAL_TEXT + " \u00e9", ("SY",))
    assert len(fast) >= 8
    assert fast == plain


def test_distance_shortcuts_agree_with_km():
    rng = random.Random(7)
    points = [(rng.uniform(32, 37.5), rng.uniform(35.5, 42.5)) for _ in range(300)]
    for a, b in zip(points, reversed(points), strict=True):
        for limit in (0.5, 5, 10, 25, 60, 200):
            assert within_km(a, b, limit) == (km(a, b) <= limit)
            assert beyond_km(a, b, limit) == (km(a, b) > limit)
    for start in range(0, 280, 14):
        anchors = points[start : start + 12]
        for point in points[:40]:
            assert nearest_km(point, anchors) == min(km(point, a) for a in anchors)
    assert nearest_km((35.0, 38.0), ()) == float("inf")


def test_a_point_on_the_limit_is_within_it():
    a, b = (35.0, 38.0), (35.1, 38.0)
    assert within_km(a, b, km(a, b)) and not beyond_km(a, b, km(a, b))


def test_names_are_found_after_articles_and_possessives_as_written(gazetteer):
    text = "Jets struck al-Bab and Aleppo's old city, then the road to Deir ez-Zor."
    found = [(n.text, text[n.start : n.end]) for n in find_names(text, gazetteer)]
    assert ("al-Bab", "al-Bab") in found
    assert ("Aleppo", "Aleppo") in found  # the possessive's 's is no part of the name
    assert any(surface.startswith("Deir ez") for surface, _ in found)


def _entry(number: int, name: str, population: int, latitude: float, admin1: str) -> GazetteerEntry:
    return GazetteerEntry(
        number, None, name, latitude, 37.0, "SY", admin1, None, "P", "PPL", population, "test", False, population
    )


def test_candidates_are_ranked_as_the_full_sort_key_ranks_them():
    # names written more or less like the surface, populations that tie scores, two governorates
    rng = random.Random(11)
    spellings = ["Tall Hamis", "Tal Hamees", "Tell Khamis", "Hamis", "Al Hamis"]
    for trial in range(200):
        candidates = [
            _entry(
                rng.randrange(10_000),
                rng.choice(spellings),
                rng.choice([0, 0, 500, 12_000]),
                rng.choice([35.0, 35.02, 36.1]),
                rng.choice(["Aleppo", "Idleb"]),
            )
            for _ in range(rng.randrange(1, 9))
        ]
        evidence = Evidence("SY", Counter({"Aleppo": trial % 3, "Idleb": 1}), ((35.0, 37.0),))
        surface = rng.choice(spellings)
        plain_order = sorted(
            ((score(c, evidence, None, surface), c) for c in candidates),
            key=lambda s: (-round(s[0], 9), -_as_written(surface, s[1]), s[1].id),
        )
        assert _ranked(candidates, evidence, None, surface) == plain_order


def test_a_bounded_memo_never_holds_more_than_its_limit():
    memo: BoundedMemo[int] = BoundedMemo(3)
    for number in range(10):
        assert memo.remember(f"word {number}", number) == number
        assert len(memo) <= 3
        assert memo[f"word {number}"] == number  # the newest is always kept


def test_the_verdicts_remembered_on_a_gazetteer_are_bounded(gazetteer):
    find_names("Shelling hit Aleppo; the Observatory said Kabbani Idlib Zarqawi was calm.", gazetteer)
    for what in ("token readings", "plausible as written", "written like", ("words of names", name_heads())):
        assert isinstance(gazetteer.derived(what, lambda g: None), BoundedMemo)


def test_names_at_word_starts_match_what_the_plain_alternation_matches():
    names = ["Syria", "Syrian Arab Republic", "Sudan", "Iraq", "Iran", "Ir", "Jordan", "J"]
    plain_pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")(?:n|'s)?\b")
    fast_pattern = re.compile(f"(?:{_at_word_start(names)})" + r"(?:n|'s)?\b")
    rng = random.Random(5)
    pieces = [*names, "x", "_", "9", " ", ", ", "é", "Syri", "an", "'s", "\n"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12)))
        assert [m.span() for m in fast_pattern.finditer(text)] == [m.span() for m in plain_pattern.finditer(text)]


def _fold_every_rule(token: str) -> str:
    """fold_token's rules applied one after another, none skipped, vowel runs one call each."""
    word = folding.APOSTROPHES.sub("", unidecode(token).lower())
    if word in folding.ARTICLES:
        return ""
    if word == "albu":
        return "bu"
    word = folding.GLUED_AL.sub("", folding.MERGED_ARTICLE.sub("", word))
    for old, new in folding.REWRITES:
        word = word.replace(old, new)
    word = word[:1] + folding.Y_CONSONANT.sub("i", word[1:])
    word = folding.W_VOWEL.sub("u", folding.I_GLIDE.sub("y", word))
    word = re.sub(r"[aeiou]+", lambda run: "u" if ("o" in run[0] or "u" in run[0]) else "a", word)
    word = folding.DOUBLE.sub(r"\1", word)
    return folding.FINAL_AH.sub("", word) if len(word) > 3 else word


def test_folding_skips_only_rewrites_that_change_nothing():
    rng = random.Random(3)
    letters = "aeiouywhqcktgdszrnlbxfp'`’ʿʾAEOÉéüöçşğıḨā"
    words = ["Deir", "ez-Zor", "Ḩamāh", "Aleppo's", "Ras", "al-Ayn", "Albu", "Elsirwana", "Aldaleia", "Ashsham"]
    words += ["".join(rng.choice(letters) for _ in range(rng.randrange(1, 10))) for _ in range(20_000)]
    for word in words:
        assert folding.fold_token.__wrapped__(word) == _fold_every_rule(word), word


def test_the_prefix_gate_admits_every_position_where_a_spelling_begins():
    words = ["deir ez-zor", "deir ezzor", "dar'a", "daraa", "al hasakah", "hama", "homs", "x", "9 lives"]
    gate = re.compile(_prefix_gate(words))
    rng = random.Random(9)
    pieces = ["deir", " ", "-", "ez", "zor", "dar", "'", "a", "al", "hasakah", "ham", "homs", "x", "9", "lives"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 7)))
        if any(re.match(_alternation([word]), text) for word in words):
            assert gate.match(text), text
    assert not gate.match("idlib") and re.fullmatch(_prefix_gate([]), "") is None


def test_a_lookup_is_a_new_list_of_the_same_entries(gazetteer):
    key = fold_name("Ras al-Ain")
    first = gazetteer.lookup(key)
    assert len(first) == 2
    first.clear()  # a caller's list is its own
    again = gazetteer.lookup(key)
    assert len(again) == 2 and again is not first
    assert all(a is b for a, b in zip(again, gazetteer.lookup(key), strict=True))  # the same entry objects
    assert [e.admin1 for e in gazetteer.lookup(key, "SY")] == [e.admin1 for e in again]
    assert gazetteer.lookup(key, "TR") == [] and gazetteer.lookup("no such key") == []
    assert gazetteer.names_of(again[0]) == gazetteer.names_of(again[0]) and "Ras al-Ayn" in gazetteer.names_of(again[0])


def test_written_like_agrees_with_a_ratio_per_name(gazetteer):
    surfaces = ["Ezzor", "Deir Ezzor", "Dayr az Zawr", "Rami", "Ras al-Ayn", "Halab", "Hamah", "Homs", "Hims", "Haleb"]
    for surface in surfaces:
        for key in {fold_name(s) for s in surfaces}:
            for population in (0, 100_000):
                wanted = plain(surface)
                expected = any(
                    fuzz.ratio(wanted, plain(name)) >= longer_names.WRITTEN_LIKE * 100
                    for entry in gazetteer.lookup(key)
                    if entry.place_population >= population
                    for name in gazetteer.names_of(entry)
                )
                assert longer_names._written_like(surface, key, gazetteer, population) == expected, (surface, key)


def test_own_spellings_agree_with_the_entries(gazetteer):
    for surface in ["Aleppo", "aleppo", "Halab", "Hama", "Hamah", "Homs", "Ras al-Ain", "Idleb"]:
        key = fold_name(surface)
        entries = gazetteer.lookup(key)
        assert matcher._spelled_as_named(surface, key, gazetteer) == any(
            bare_spelling(e.name) == bare_spelling(surface) for e in entries
        )
        assert matcher._well_known(surface, key, gazetteer) == any(
            e.population >= matcher.WELL_KNOWN_POPULATION and unidecode(e.name).lower() == unidecode(surface).lower()
            for e in entries
        )


def test_lower_case_words_go_on_names_begun_before_them(gazetteer):
    text = "Clashes near Ras al-ain and in deir ez-zor, then Deir ez-zor again."
    found = [n.text for n in find_names(text, gazetteer)]
    assert "Ras al-ain" in found and "Deir ez-zor" in found  # the lower-case words are folded when asked
    assert not any(n.startswith("deir") for n in found)  # a name begins at a capitalised word only


def test_a_regions_seat_is_the_one_computed_in_full(gazetteer):
    from sitrep.geo import places

    for seat, admin1 in [("Aleppo", "Aleppo"), ("Ras al-Ain", "Hama"), ("Ras al-Ain", "Al Hasakeh"), ("", "Idleb")]:
        candidates = gazetteer.lookup(fold_name(seat), "SY") if seat else []
        in_region = [e for e in candidates if e.admin1 == admin1] or candidates
        expected = max(in_region, key=lambda e: (e.population, -e.id), default=None)
        expected = expected or gazetteer.admin1_seat("SY", admin1)
        for _ in range(2):  # computed, then remembered
            assert places._seat_of(gazetteer, seat, "SY", admin1) is expected


def test_a_word_of_its_own_is_found_where_the_word_boundary_pattern_finds_it():
    rng = random.Random(19)
    pieces = ["Kerry", "kerry", "Kerrys", "_", "3", "é", "ā", "٣", " ", ",", "'", "-", "\n", "x"]
    for _ in range(5_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 8)))
        for word in ("Kerry", "Kerr", "erry"):
            expected = re.search(rf"\b{re.escape(word)}\b", text) is not None
            assert toponyms._has_word(text, word) is expected, (text, word)

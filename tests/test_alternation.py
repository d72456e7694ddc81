import re

from sitrep.alternation import alternation_by_initial, initial_gate


def test_grouped_alternation_keeps_the_first_alternative_that_matches():
    entries = [("Free Syrian Army", r"(?i:free\s+syrian\s+army)"), ("FSA", "FSA"), ("Free", "Free")]
    pattern = re.compile(rf"\b{alternation_by_initial(entries)}\b")
    assert pattern.findall("the free Syrian army and the FSA; Free men") == ["free Syrian army", "FSA", "Free"]


def test_grouped_alternation_ignores_letters_no_name_starts_with():
    pattern = re.compile(alternation_by_initial([("Homs", "Homs"), ("Hama", "Hama")]))
    assert pattern.findall("Idlib, Homs and Hama") == ["Homs", "Hama"]


def test_initial_gate_admits_either_case_when_asked():
    assert re.compile(initial_gate(["Raqqa"], ignore_case=True) + "(?i:raqqa)").findall("raqqa Raqqa") == [
        "raqqa",
        "Raqqa",
    ]
    assert re.compile(initial_gate(["Raqqa"], ignore_case=False) + "(?i:raqqa)").findall("raqqa Raqqa") == ["Raqqa"]


def test_a_gate_over_no_names_is_a_valid_pattern_that_matches_nothing():
    gate = initial_gate([], ignore_case=True)
    assert re.compile(gate + "x").search("x") is None

"""One victim though no number is written ("killing a civilian", "a woman was killed"), as a figure of 1."""

from __future__ import annotations

import re
from functools import cache

from ..pattern_store import regex
from ..resource_files import load_yaml
from .prefiltered import Prefiltered
from .quantities import Quantity, alternation, find_quantities

NOT_ONE_PERSON = (
    r"(?:number|dozen|few|couple|total|series|wave|lot|group|handful|score|day|week|month|year|hour|night|time|while)\b"
)


NOT_ONE_HEAD = frozenset({"men", "women", "children", "people", "police", "staff", "crew", "family", "personnel"})
# what "the …" names when it is no person: the town captured, the bridge destroyed, the truce that died
NOT_A_PERSON = frozenset(
    """town village city area district neighbourhood neighborhood quarter province region base post checkpoint position
    hill airport road highway bridge building house home car vehicle convoy tank truck bus ship boat plane aircraft
    drone helicopter jet site camp crossing border front line plant factory station depot warehouse school hospital
    mosque church market office headquarters prison attack operation offensive ceasefire truce deal agreement talks
    plan project fire blaze """.split()
)
INTRANSITIVE = frozenset(
    {"died", "dead", "perished", "found dead", "martyred", "slain", "missing", "disappeared", "hurt"}
)
VIOLENT_DEATH = (
    r"(?:died|perished|succumbed)\s+(?:later\s+)?(?:under\s+torture|in\s+(?:(?:his|her|their)\s+)?(?:custody|detention|prison|captivity)|"
    r"of\s+(?:his|her|their)\s+(?:wounds|injuries)|from\s+(?:his|her|their)\s+(?:wounds|injuries)|"
    r"after\s+being\s+(?:shot|tortured|beaten|stabbed|wounded|hit))(?![\w-])"
)
TO_DEATH = r"beat|beaten|stabbed|stoned|kicked|hacked|clubbed|burned|burnt|tortured|bludgeoned|shot"
TIME_WORDS = r"(?:(?:next|following|same|previous|last|other|whole|entire)\s+)?(?:days?|weeks?|months?|years?|hours?|nights?|mornings?|evenings?|afternoons?|times?|while)\b"


COMPLEMENT = r"(?:of\s+(?:the|an?|his|her|their)\s+(?:[\w-]+\s+){1,3}?)?"  # "a member of the escort was killed"


@cache
def single_victim_pattern() -> re.Pattern:
    """One person, though no number is written: "killing a civilian", "shot dead a council member", "killing
    him", "killing the guard", "the body of a man", "a woman was killed", "a detainee died under torture",
    "the killing of a teacher"."""
    kinds = load_yaml("quantities.yaml")["kinds"]
    verbs = [
        c
        for kind in ("killed", "wounded", "kidnapped", "detained")
        for c in kinds[kind]
        if c.endswith(("ed", "ing", "dead", "down", "death", " of"))
    ]
    passive = [v for v in verbs if not v.endswith(("ing", " of"))]
    active = [v for v in verbs if not v.endswith(" of") and v not in INTRANSITIVE]
    return regex(
        rf"(?<![\w-])(?:{alternation(verbs)})\s+(?:(?P<one>an?)\s+(?!{NOT_ONE_PERSON})|(?P<pronoun>him|her)\b)"
        rf"|(?<![\w-])(?:{alternation(active)})\s+(?P<the>the|his|her|their|its)\s+(?!{TIME_WORDS})"
        # "a member of the patrol was killed": the passive's subject is the member, not "the patrol"
        rf"|(?<![\w-])(?<!\bof\s)(?P<subject>an?|the)\s+(?!{NOT_ONE_PERSON})(?=(?:[\w-]+\s+){{0,2}}?(?P<head2>[\w-]+)\s+{COMPLEMENT}(?:was|has\s+been|had\s+been)\b)"
        rf"(?:[\w-]+\s+){{1,3}}?{COMPLEMENT}(?:was|has\s+been|had\s+been)\s+(?:reportedly\s+|also\s+|allegedly\s+)?"
        rf"(?:{alternation(passive)})(?![\w-])"
        rf"|(?<![\w-])(?P<another>another)\s+(?:was|has\s+been|had\s+been)\s+(?:also\s+)?(?:{alternation([*passive, 'hurt'])})(?![\w-])"
        # "a detainee died under torture": a violent death; "a man died" alone may be any death, and "the
        # detainee died" tells again of someone already counted
        rf"|(?<![\w-])(?P<dying>an?)\s+(?!{NOT_ONE_PERSON})(?=(?:[\w-]+\s+){{0,2}}?(?P<head3>[\w-]+)\s+{VIOLENT_DEATH})"
        rf"(?:[\w-]+\s+){{1,3}}?{VIOLENT_DEATH}"
        # "beat him to death", "stabbed a shopkeeper to death": one victim between the verb and "to death"
        rf"|(?<![\w-])(?:{TO_DEATH})\s+(?:(?P<todeath>him|her)|(?P<todeath_one>an?)\s+(?!{NOT_ONE_PERSON})(?:[\w-]+\s+){{0,2}}?"
        rf"(?P<head4>[\w-]+))\s+to\s+death\b",
        re.I,
    )


@cache
def single_victim_words() -> Prefiltered:
    return Prefiltered(single_victim_pattern())


def single_victims(clause: str, matches: list[re.Match]) -> list[Quantity]:
    """One victim each (or one and those joined to him), from the clause's matches of `single_victim_words()`."""
    found: list[Quantity] = []
    for match in matches:
        head = (
            (_phrase_words(clause, match.end("the")) or [""])[-1]
            if match["the"]
            else match["head2"] or match["head3"] or match["head4"]
        )
        if head and (_plural(head) or head.lower() in NOT_A_PERSON):
            continue  # "killing the guards", "the men were killed", "the town was captured": no count of one
        groups = ("one", "pronoun", "the", "subject", "dying", "another", "todeath", "todeath_one")
        group = next(g for g in groups if match[g])
        value = 1 + (_joined_victims(clause, match.end()) if group in ("one", "the") else 0)
        found.append(Quantity(value, None, "exact", match.start(group), match.end(group)))
    return found


PHRASE_STOP = frozenset(
    """of at in on near from with by and or who whom that which was were is are has had as after before during
    when while outside inside holed""".split()
)
WORD = re.compile(r"[\w'’-]+")
# "wounding a woman and her son", "killing a woman and her two sons", "injuring a man and two of his children":
# one victim and more joined to him
JOINED = re.compile(
    r"\s+and\s+(?:(?:his|her|their)\s+(?:(?P<kin_count>[\w-]+)\s+)?(?P<kin>[\w-]+)"
    r"|(?P<count>[\w-]+)\s+(?:of\s+(?:his|her|their)\s+)?[\w-]+)"
    r"(?=\s*(?:[,.;]|$|\s+(?:in|at|on|near|who|and)\b))",
    re.I,
)


def _phrase_words(clause: str, start: int) -> list[str]:
    """The words of the noun phrase that opens at `start`, up to three, its head last: "the last ISIS fighters"
    → last, ISIS, fighters; "the guard at the gate" → guard."""
    words: list[str] = []
    for match in WORD.finditer(clause, start):
        if match.group(0).lower() in PHRASE_STOP or len(words) == 3 or clause[start : match.start()].strip(" "):
            break
        words.append(match.group(0))
        start = match.end()
    return words


def _joined_victims(clause: str, start: int) -> int:
    """How many more victims a coordination adds to one victim just named: 1 for "… and her son", N for
    "… and N of her children"; 0 when nothing is joined, or the second conjunct is a plural without a number."""
    words = _phrase_words(clause, start)
    end = start
    for word in words:
        end = clause.index(word, end) + len(word)
    joined = JOINED.match(clause, end)
    if joined is None:
        return 0
    amounts = find_quantities(joined["kin_count"] or joined["count"] or "")
    if joined["kin"] and not amounts:
        return 0 if _plural(joined["kin"]) else 1  # "and her son", "and his elder son"
    return amounts[0].value if amounts and amounts[0].value_high is None else 0


def _plural(word: str) -> bool:
    word = word.lower()
    return word in NOT_ONE_HEAD or (word.endswith("s") and not word.endswith(("ss", "us", "is")))

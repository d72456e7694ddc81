"""Casualty and damage figures in a sentence, each tied to its kind, subject, side and claimant."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from ..model import Actor, Claim
from ..pattern_store import regex
from ..resource_files import load_yaml
from .actors import side_of
from .prefiltered import AnyOf, Prefiltered, caseless
from .prefixes import fold, matches_at, necessary_prefixes, prefix_starts
from .quantities import Quantity, find_quantities, may_hold_quantities


@dataclass(frozen=True, slots=True)
class ClaimGrammar:
    kinds: tuple[tuple[str, Prefiltered], ...]
    totals: tuple[tuple[str, Prefiltered], ...]  # "the death toll … rose to", right before the amount
    material: Prefiltered
    not_victims: Prefiltered  # "two clans", "5 rockets": the amount counts no victims
    reporting_verb: Prefiltered
    according_to: Prefiltered
    any_kind: AnyOf  # one check of a text for every kind's words before each kind is tried
    any_total: AnyOf


def _alternation(phrases) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


@cache
def grammar() -> ClaimGrammar:
    quantities = load_yaml("quantities.yaml")
    claimants = load_yaml("claimants.yaml")
    kinds = tuple(
        (kind, caseless(rf"(?<![\w-])(?:{_alternation(cues)})(?![\w-])")) for kind, cues in quantities["kinds"].items()
    )
    verbs_of_totals = _alternation(quantities["total_verbs"])
    totals = tuple(
        (kind, caseless(rf"(?<![\w-])(?:{_alternation(names)})\b[^.;]{{0,40}}?\b(?:{verbs_of_totals})\s*$"))
        for kind, names in quantities["totals"].items()
    )
    material = caseless(rf"(?<![\w-])(?:{_alternation(quantities['material'])})(?![\w-])")
    not_victims = caseless(rf"(?:{_alternation(quantities['not_victims'])})(?![\w-])")
    verbs = caseless(rf"(?<![\w-])(?:{_alternation(claimants['verbs'])})(?![\w-])")
    according = caseless(
        rf"(?<![\w-])(?:{_alternation(claimants['before'])})\s+(?P<who>[^,.;:]+?)"
        rf"(?=\s*(?:[,.;:]|$|\s+(?:that|which|who)\b))"
    )
    return ClaimGrammar(
        kinds, totals, material, not_victims, verbs, according, AnyOf(p for _, p in kinds), AnyOf(p for _, p in totals)
    )


CLAUSE_BREAK = re.compile(r",?\s+(?:while|whereas|but)\s+|;\s+|\.\s+")
SUBJECT = caseless(
    r"\s*(?:(?:of\s+)?(?:the|their|its|his|her)\s+)?(?!(?:were|was|have|has|had|are|is)\b)((?:[\w'’-]+(?![\w'’-])\s*){1,4}?)"
    r"(?=\s*(?:were|was|have|has|had|are|is|and|or|in|on|at|near|during|after|while|as|who|from|,|\.|;|$)|"
    r"\s*(?:killed|dead|died|wounded|injured|missing|detained|arrested|kidnapped|abducted|displaced|destroyed|neutralized|neutralised|eliminated|martyred))"
)
PRONOUN = re.compile(r"^(?:it|he|she|they|we|i|this|that|which|who|there)$", re.I)
CLAIMANT_WORDS = 7
NEGATED = caseless(r"(?:\b(?:not|never)|n[’']t)\s*$")
CLAIMANT_PIECES = re.compile(r"([,;:()\"“”]|\b(?:and|while|whereas|but|as)\b)")


def clauses(sentence: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in CLAUSE_BREAK.finditer(sentence):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(sentence)))
    return spans


@lru_cache(maxsize=4096)  # a sentence is asked again as its own clause and as the next one's context
def claimant_in(text: str) -> str | None:
    """Who the text says is the source: 'according to X', 'X said', 'X claimed'."""
    g = grammar()
    match = g.according_to.search(text)
    if match:
        return _clean_claimant(match["who"])
    for verb in g.reporting_verb.finditer(text):
        pieces = CLAIMANT_PIECES.split(text[: verb.start()])
        head = pieces[-1]
        if NEGATED.search(head):
            continue  # "X did not say": no claim of X's
        if not head.strip() and len(pieces) > 2 and pieces[-2].strip() in ("but", "and"):
            # "the ministry gave no figures but said …": the subject of the clause before the conjunction
            head = _subject_of(pieces[-3]) or head
        words = head.split()[-CLAIMANT_WORDS:]
        who = _clean_claimant(" ".join(words))
        if who and (not PRONOUN.match(who) or (who.isupper() and len(who) > 1)):  # "WHO said" is no pronoun
            return who
    return None


CLAUSE_SUBJECT = caseless(
    r"^\s*((?:[\w'’.-]+\s+){1,6}?)(?:gave|gives|gave|did|does|had|has|have|was|were|is|are|would|could|declined|"
    r"refused|offered|put|puts|\w+ed)\b"
)


def _subject_of(clause: str) -> str | None:
    """The words before a clause's first verb: its subject ("The ministry gave no figures" → "The ministry")."""
    match = CLAUSE_SUBJECT.match(clause)
    return match.group(1) if match else None


LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
TRAILING_FILLER = re.compile(r"\s+(?:has|have|had|also|later|earlier|on \w+day|who|which|that)$", re.I)


def _clean_claimant(text: str) -> str | None:
    text = LEADING_ARTICLE.sub("", text.strip(" \"'“”")).strip()
    text = TRAILING_FILLER.sub("", text).strip()
    return text or None


def find_claims(
    sentence: str,
    *,
    offset: int = 0,
    context: Sequence[Actor] = (),
    country: str | None = "Syria",
    inherited_claimant: str | None = None,
    day: date | None = None,
) -> list[Claim]:
    """Figures in a sentence: kind, value, quantifier, subject, side, claimant and the sentence itself."""
    claims: list[Claim] = []
    if not may_hold_quantities(sentence) and not _single_victim_words().may_match(sentence):
        return claims  # no clause of it can hold a figure
    for clause_start, clause_end in clauses(sentence):
        clause = sentence[clause_start:clause_end]
        quantities = [*find_quantities(clause), *_single_victims(clause)]
        if not quantities:
            continue
        claimant = claimant_in(clause) or claimant_in(sentence) or inherited_claimant
        for quantity in quantities:
            claim = _claim_for(clause, quantity, claimant, context, country, day)
            if claim is not None:
                claim.text = sentence
                claim.start_char = offset + clause_start + quantity.start
                claim.end_char = offset + clause_start + quantity.end
                claims.append(claim)
    return claims


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
def _single_victim_pattern() -> re.Pattern:
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
        rf"(?<![\w-])(?:{_alternation(verbs)})\s+(?:(?P<one>an?)\s+(?!{NOT_ONE_PERSON})|(?P<pronoun>him|her)\b)"
        rf"|(?<![\w-])(?:{_alternation(active)})\s+(?P<the>the|his|her|their)\s+(?!{TIME_WORDS})"
        # "a member of the patrol was killed": the passive's subject is the member, not "the patrol"
        rf"|(?<![\w-])(?<!\bof\s)(?P<subject>an?|the)\s+(?!{NOT_ONE_PERSON})(?=(?:[\w-]+\s+){{0,2}}?(?P<head2>[\w-]+)\s+{COMPLEMENT}(?:was|has\s+been|had\s+been)\b)"
        rf"(?:[\w-]+\s+){{1,3}}?{COMPLEMENT}(?:was|has\s+been|had\s+been)\s+(?:reportedly\s+|also\s+|allegedly\s+)?"
        rf"(?:{_alternation(passive)})(?![\w-])"
        rf"|(?<![\w-])(?P<another>another)\s+(?:was|has\s+been|had\s+been)\s+(?:also\s+)?(?:{_alternation([*passive, 'hurt'])})(?![\w-])"
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
def _single_victim_words() -> Prefiltered:
    return Prefiltered(_single_victim_pattern())


@cache
def _single_victim_prefixes() -> frozenset[str]:
    return necessary_prefixes(_single_victim_pattern())


def _single_victims(clause: str) -> list[Quantity]:
    found: list[Quantity] = []
    if not _single_victim_words().may_match(clause):
        return found  # none of the words a victim's clause must hold
    starts = prefix_starts(_single_victim_prefixes(), fold(clause))  # tried only where it can begin
    for match in matches_at(_single_victim_pattern(), clause, starts):
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
# "wounding a woman and her son", "injuring a man and two of his children": one victim and more joined to him
JOINED = re.compile(
    r"\s+and\s+(?:(?:his|her|their)\s+(?P<kin>[\w-]+)|(?P<count>[\w-]+)\s+(?:of\s+(?:his|her|their)\s+)?[\w-]+)"
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
    if joined["kin"]:
        return 0 if _plural(joined["kin"]) else 1
    amounts = find_quantities(joined["count"])
    return amounts[0].value if amounts and amounts[0].value_high is None else 0


def _plural(word: str) -> bool:
    word = word.lower()
    return word in NOT_ONE_HEAD or (word.endswith("s") and not word.endswith(("ss", "us", "is")))


LEADING_OTHER = re.compile(r"^(?:of|other|others)\s+", re.I)


def _claim_for(clause: str, quantity: Quantity, claimant, context, country, day) -> Claim | None:
    subject_match = SUBJECT.match(clause, quantity.end)
    subject = subject_match.group(1).strip() if subject_match else ""
    subject = LEADING_OTHER.sub("", subject)
    subject_end = subject_match.end() if subject_match else quantity.end
    if grammar().not_victims.match(subject):
        return None
    kind = _kind_word(subject)
    if kind:
        subject = ""  # "12 dead and 30 wounded": the amount has no subject of its own
    else:
        kind = _kind_before(clause, quantity.start)
    head, _, rest = subject.partition(" ")
    if kind is None and (leading := _kind_word(head)):
        # "36 dead among them 15 children", "eight dead civilians"; a headline's "35 Dead Dozens Wounded"
        kind, subject = leading, "" if _opens_with_amount(rest) else rest
    if kind is None:
        kind = _kind_after(clause, subject_end)
    if kind is None:
        return None
    is_material = bool(grammar().material.search(subject))
    if is_material != (kind == "destroyed"):
        return None
    side = side_of(subject, country=country, context=context, day=day) if subject else None
    return Claim(
        kind=kind,
        value=quantity.value,
        value_high=quantity.value_high,
        quantifier=quantity.quantifier,
        subject=subject,
        side=side.name if side else None,
        claimant=claimant,
    )


def _opens_with_amount(text: str) -> bool:
    amounts = find_quantities(text)
    return bool(amounts) and amounts[0].start == 0


def _kind_word(subject: str) -> str | None:
    if not grammar().any_kind.may_match(subject):
        return None
    for kind, pattern in grammar().kinds:
        if pattern.fullmatch(subject):
            return kind
    return None


def _kind_before(clause: str, start: int) -> str | None:
    """The casualty kind right before the amount: "killing 9", "a toll that killed … 9"."""
    g = grammar()
    if g.any_total.may_match(clause, max(0, start - 80), start):
        for kind, pattern in g.totals:
            if pattern.search(clause, max(0, start - 80), start):
                return kind
    before = clause[max(0, start - 30) : start]
    if not g.any_kind.may_match(before):
        return None
    best = None
    for kind, pattern in g.kinds:
        for match in pattern.finditer(before):
            gap = len(before) - match.end()
            if gap <= 3 and (best is None or gap < best[0]):
                best = (gap, kind)
    return best[1] if best else None


def _kind_after(clause: str, subject_end: int) -> str | None:
    """The first casualty kind after the amount's subject: "9 soldiers were killed". Not an active verb with an
    object of its own: in "two men shot dead a commander" the two men are the killers."""
    after = clause[subject_end : subject_end + 90]
    if not grammar().any_kind.may_match(after):
        return None
    first = None
    for kind, pattern in grammar().kinds:
        for match in pattern.finditer(after):
            if match.group(0).lower().endswith("ing"):
                continue  # "…, killing 8" belongs to the figure after it
            if first is None or match.start() < first[0]:
                first = (match.start(), kind, match.end())
            break
    if first is None:
        return None
    verb = after[first[0] : first[2]].lower()
    if verb not in INTRANSITIVE and ACTIVE_OBJECT.match(after, first[2]):
        return None
    return first[1]


ACTIVE_OBJECT = caseless(
    rf"\s+(?:an?|the|his|her|their|its|one|two|three|four|five|six|seven|eight|nine|ten|\d+|several|dozens|scores)\b"
    rf"(?!\s+{TIME_WORDS})"
)

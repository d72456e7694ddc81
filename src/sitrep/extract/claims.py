"""Casualty and damage figures in a sentence, each tied to its kind, subject, side and claimant."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from ..model import Actor, Claim
from ..resource_files import load_yaml
from .actors import side_of
from .prefiltered import AnyOf, Prefiltered, caseless
from .prefixes import TEXT_START, WORD_START, PrefixScan, fold, necessary_prefixes
from .quantities import Quantity, alternation, find_quantities
from .quantities import grammar as quantity_grammar
from .single_victims import INTRANSITIVE, TIME_WORDS, single_victim_pattern, single_victim_words, single_victims


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
    any_kind_or_total: AnyOf  # a text without any of these words has no figure a claim can be made of


@cache
def grammar() -> ClaimGrammar:
    quantities = load_yaml("quantities.yaml")
    claimants = load_yaml("claimants.yaml")
    kinds = tuple(
        (kind, caseless(rf"(?<![\w-])(?:{alternation(cues)})(?![\w-])")) for kind, cues in quantities["kinds"].items()
    )
    verbs_of_totals = alternation(quantities["total_verbs"])
    totals = tuple(
        (kind, caseless(rf"(?<![\w-])(?:{alternation(names)})\b[^.;]{{0,40}}?\b(?:{verbs_of_totals})\s*$"))
        for kind, names in quantities["totals"].items()
    )
    material = caseless(rf"(?<![\w-])(?:{alternation(quantities['material'])})(?![\w-])")
    not_victims = caseless(rf"(?:{alternation(quantities['not_victims'])})(?![\w-])")
    verbs = caseless(rf"(?<![\w-])(?:{alternation(claimants['verbs'])})(?![\w-])")
    according = caseless(
        rf"(?<![\w-])(?:{alternation(claimants['before'])})\s+(?P<who>[^,.;:]+?)"
        rf"(?=\s*(?:[,.;:]|$|\s+(?:that|which|who)\b))"
    )
    return ClaimGrammar(
        kinds,
        totals,
        material,
        not_victims,
        verbs,
        according,
        AnyOf(p for _, p in kinds),
        AnyOf(p for _, p in totals),
        AnyOf([*(p for _, p in kinds), *(p for _, p in totals)]),
    )


CLAUSE_BREAK = re.compile(r",?\s+(?:while|whereas|but)\s+|;\s+|\.\s+")
SUBJECT = caseless(
    r"\s*(?:(?:of\s+)?(?:the|their|its|his|her)\s+)?(?!(?:were|was|have|has|had|are|is)\b)((?:[\w'’-]+(?![\w'’-])\s*){1,4}?)"
    r"(?=\s*(?:were|was|have|has|had|are|is|and|or|in|on|at|near|during|after|while|as|who|from|,|\.|;|$)|"
    r"\s*(?:killed|dead|died|wounded|injured|missing|detained|arrested|kidnapped|abducted|displaced|destroyed|neutralized|neutralised|eliminated|martyred|to\s+death))"
)
PRONOUN = re.compile(r"^(?:it|he|she|they|we|i|this|that|which|who|there)$", re.I)
CLAIMANT_WORDS = 7
NEGATED = caseless(r"(?:\b(?:not|never)|n[’']t)\s*$")
CLAIMANT_PIECES = re.compile(r"([,;:()\"“”]|\b(?:and|while|whereas|but|as)\b)")


def clauses(sentence: str) -> list[tuple[int, int]]:
    if not _may_break(sentence):
        return [(0, len(sentence))]
    spans, start = [], 0
    for match in CLAUSE_BREAK.finditer(sentence):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(sentence)))
    return spans


def _may_break(sentence: str) -> bool:
    """Whether CLAUSE_BREAK may match: each of its branches needs one of its words, a ";" or a "." before a
    white space (`str.isspace` is what `\\s` matches); a few searches of the text instead of the pattern's
    attempt at every position."""
    if ";" in sentence or "while" in sentence or "whereas" in sentence or "but" in sentence:
        return True
    dot = sentence.find(".")
    while dot >= 0:
        if sentence[dot + 1 : dot + 2].isspace():
            return True
        dot = sentence.find(".", dot + 1)
    return False


AMOUNT, SINGLE_VICTIM, FIRST_KIND = 0, 1, 2  # the patterns of `_figure_scan`, in its order
WORD_CHARACTER = re.compile(r"[\w-]")  # what the patterns' opening `(?<![\w-])` must not follow


@cache
def _figure_prefix_sets() -> tuple[frozenset[str], ...]:
    """The necessary prefixes of an amount, a single victim and the words of each kind (`_figure_scan`)."""
    patterns = [quantity_grammar().pattern.pattern, single_victim_pattern(), *(p.pattern for _, p in grammar().kinds)]
    return tuple(necessary_prefixes(p) for p in patterns)


@cache
def _figure_prefixes() -> tuple[tuple[str, ...], ...]:
    """`_figure_prefix_sets` as literal text (`kind_matches` looks for them): every one of these patterns opens
    at a word's start, and the scan's boundary says so."""
    return tuple(tuple(sorted(t.removeprefix(WORD_START) for t in prefixes)) for prefixes in _figure_prefix_sets())


@cache
def _kind_openings() -> tuple[str, ...] | None:
    """Every kind's necessary prefixes (`fold`ed text a match of one opens with); None where one may open with
    anything."""
    openings = tuple(sorted({p.removeprefix(TEXT_START) for kind in _figure_prefixes()[FIRST_KIND:] for p in kind}))
    return None if "" in openings else openings


@cache
def _figure_scan() -> PrefixScan:
    """Where in a clause an amount, a single victim and the words of each kind can begin: one pass for all.
    Every one of these patterns opens at a word's start: its prefixes say so, and the scan for them passes over
    the insides of words at the regex engine's speed."""
    return PrefixScan(_figure_prefix_sets(), boundary=r"(?<![\w-])")


class ScannedClause:
    """A clause as its figures are read: lowered once (ASCII text) and scanned once for where its amounts,
    single victims and casualty words can begin, so that each pattern is tried only there."""

    __slots__ = ("text", "lowered", "_folded", "_starts", "_kinds")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = text.lower() if text.isascii() else None
        self._folded = fold(text)
        found = _figure_scan().candidates(self._folded)
        self._starts: dict[int, list[int] | None] = dict(found)
        self._kinds = [(index, starts) for index, starts in found if index >= FIRST_KIND]  # kinds that may match

    def amounts(self) -> list[Quantity]:
        return find_quantities(self.text, self._starts.get(AMOUNT, []), self.lowered)

    def single_victims(self) -> list[re.Match]:
        """The matches of `single_victim_words()`, for `single_victims` (which reads their words in lower case)."""
        return single_victim_words().spans_at(self.text, self._starts.get(SINGLE_VICTIM, []), self.lowered)

    def kind_matches(self, begin: int, end: int) -> list[tuple[str, list[re.Match]]]:
        """Each casualty kind (in `grammar().kinds` order) with what its pattern finds in the text from `begin`
        to `end`, cut out (positions count from `begin`); kinds that find nothing may be left out. The matches
        are for their spans: their text may be lowered."""
        starts: dict[int, list[int] | None] = {}
        for index, positions in self._kinds:
            if positions is None:
                starts[index] = None  # it may begin anywhere
                continue
            inside = [p - begin for p in positions[bisect_left(positions, begin) : bisect_left(positions, end)]]
            if inside:
                starts[index] = inside
        if begin > 0 and WORD_CHARACTER.match(self.text, begin - 1):
            # the scan passed over it inside a word; cut out, it opens one
            prefixes = _figure_prefixes()
            for index in range(FIRST_KIND, len(prefixes)):
                if self._folded.startswith(prefixes[index], begin) and starts.get(index, []) is not None:
                    starts[index] = [0, *starts.get(index, [])]  # type: ignore[misc]
        if not starts:
            return []
        window = self.text[begin:end]
        lowered = None if self.lowered is None else self.lowered[begin:end]
        kinds = grammar().kinds
        return [
            (kinds[index - FIRST_KIND][0], kinds[index - FIRST_KIND][1].spans_at(window, starts[index], lowered))
            for index in sorted(starts)
        ]


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
    kind_words = grammar().any_kind_or_total
    if not kind_words.may_match(sentence):
        return claims  # every claim has a kind, read from the words of its clause (`_claim_for`)
    spans = clauses(sentence)
    for clause_start, clause_end in spans:
        if len(spans) > 1 and not kind_words.may_match(sentence, clause_start, clause_end):
            continue  # (a sentence of one clause was checked above)
        clause = ScannedClause(sentence[clause_start:clause_end])
        quantities = [*clause.amounts(), *single_victims(clause.text, clause.single_victims())]
        claimant, claimant_read = None, False  # read once the clause has a figure: many amounts make none
        for quantity in quantities:
            claim = _claim_for(clause, quantity, context, country, day)
            if claim is not None:
                if not claimant_read:
                    claimant = claimant_in(clause.text) or claimant_in(sentence) or inherited_claimant
                    claimant_read = True
                claim.claimant = claimant
                claim.text = sentence
                claim.start_char = offset + clause_start + quantity.start
                claim.end_char = offset + clause_start + quantity.end
                claims.append(claim)
    return claims


LEADING_OTHER = re.compile(r"^(?:of|other|others)\s+", re.I)


def _claim_for(scanned: ScannedClause, quantity: Quantity, context, country, day) -> Claim | None:
    """The claim an amount makes, its claimant not yet told; None when it counts no victims of a kind."""
    clause = scanned.text
    subject_match = SUBJECT.match(clause, quantity.end)
    subject = subject_match.group(1).strip() if subject_match else ""
    if subject[:1] in ("o", "O"):  # all LEADING_OTHER can take: "of …", "other …"
        subject = LEADING_OTHER.sub("", subject)
    subject_end = subject_match.end() if subject_match else quantity.end
    if grammar().not_victims.match(subject):
        return None
    kind = _kind_word(subject)
    if kind:
        subject = ""  # "12 dead and 30 wounded": the amount has no subject of its own
    else:
        kind = _kind_before(scanned, quantity.start)
    head, _, rest = subject.partition(" ")
    if kind is None and (leading := _kind_word(head)):
        # "36 dead among them 15 children", "eight dead civilians"; a headline's "35 Dead Dozens Wounded"
        kind, subject = leading, "" if _opens_with_amount(rest) else rest
    if kind is None:
        kind = _kind_after(scanned, subject_end)
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
    )


def _opens_with_amount(text: str) -> bool:
    amounts = find_quantities(text)
    return bool(amounts) and amounts[0].start == 0


def _kind_word(subject: str) -> str | None:
    """The kind a subject is all of ("dead", "wounded")."""
    openings = _kind_openings()
    if openings is not None and not fold(subject).startswith(openings):
        return None  # a match of a kind's pattern begins with one of its prefixes
    if not grammar().any_kind.may_match(subject):
        return None
    for kind, pattern in grammar().kinds:
        if pattern.fullmatch(subject):
            return kind
    return None


def _kind_before(scanned: ScannedClause, start: int) -> str | None:
    """The casualty kind right before the amount: "killing 9", "a toll that killed … 9"."""
    g, clause = grammar(), scanned.text
    if g.any_total.may_match(clause, max(0, start - 80), start):
        for kind, pattern in g.totals:
            if pattern.search(clause, max(0, start - 80), start):
                return kind
    begin = max(0, start - 30)
    best = None
    for kind, matches in scanned.kind_matches(begin, start):
        for match in matches:
            gap = start - begin - match.end()
            if gap <= 3 and (best is None or gap < best[0]):
                best = (gap, kind)
    return best[1] if best else None


def _kind_after(scanned: ScannedClause, subject_end: int) -> str | None:
    """The first casualty kind after the amount's subject: "9 soldiers were killed". Not an active verb with an
    object of its own: in "two men shot dead a commander" the two men are the killers."""
    after = scanned.text[subject_end : subject_end + 90]
    first = None
    for kind, matches in scanned.kind_matches(subject_end, subject_end + 90):
        for match in matches:
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

"""Which names in the notes stand for which coded actors, learned by counting rows.

A phrase of one to four words becomes an alias of an actor when at least `min_rows` rows have it in
their text and at least `min_confidence` of those code the actor (as actor1, actor2 or an associate).
Only names are learned: a phrase must have a word written with a capital in most of its occurrences,
and a single word must be an acronym or a rare word (the matcher reads mixed-case aliases without
regard to case: "Dawn" would match "at dawn"). Generic mentions ("unidentified gunmen") stay the
catalogue's. A phrase is left out when it overlaps a mention the catalogue already knows, when it
names a place (one of the file's coded locations or admin areas, or mostly after "in", "near" …, or
before "village", "province" …), and when it holds or runs into a more frequent phrase already
learned (it is that mention with some context). Of two nested phrases found in exactly the same rows,
the longer is kept.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from wordfreq import zipf_frequency

from ..output_files import open_output
from .training_files import CodedRow

MAX_WORDS = 4
COMMON_WORD_ZIPF = 4.0  # a single word at least this frequent in English is no safe alias
TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\d\w*")
FUNCTION_WORDS = frozenset(
    "a an the of in on at to from by for with and or but as into onto near over under between against "
    "after before during since while when where who which that this these those its their his her "
    "was were is are be been has have had it they he she also".split()
)
PLACE_BEFORE = frozenset("in near at into around towards toward outskirts outside nearby of from".split())
PLACE_AFTER = frozenset(
    "village town city district province governorate countryside area region neighbourhood neighborhood "
    "suburb suburbs camp road highway checkpoint".split()
)
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class LearnedAlias:
    alias: str
    rows: int  # rows whose text has the alias
    coded: int  # of those, rows that code the actor

    @property
    def confidence(self) -> float:
        return round(self.coded / self.rows, 3)


@dataclass(frozen=True, slots=True)
class LearnedActor:
    name: str
    inter: int
    aliases: tuple[LearnedAlias, ...]


@dataclass
class _Phrase:
    rows: set[int] = field(default_factory=set)
    occurrences: int = 0
    near_place_word: int = 0
    capitalised: int = 0
    surfaces: Counter = field(default_factory=Counter)

    @property
    def surface(self) -> str:
        """The spelling the notes use most; ties by the first in alphabetical order."""
        return min(self.surfaces.items(), key=lambda item: (-item[1], item[0]))[0]


def phrases(text: str, known: Sequence[Span] = ()) -> Iterable[tuple[str, str, bool]]:
    """Every candidate phrase of a text that overlaps no known mention: (folded key, surface form,
    whether a place word stands right before or after it)."""
    tokens = list(TOKEN.finditer(text))
    for start in range(len(tokens)):
        before = tokens[start - 1].group(0).casefold() if start else ""
        for end in range(start, min(start + MAX_WORDS, len(tokens))):
            if end > start and text[tokens[end - 1].end() : tokens[end].start()] != " ":
                break  # a phrase does not run over punctuation
            span = (tokens[start].start(), tokens[end].end())
            if any(span[0] < known_end and known_start < span[1] for known_start, known_end in known):
                break
            words = [t.group(0) for t in tokens[start : end + 1]]
            folded = [w.casefold() for w in words]
            if any(w[0].isdigit() or w in CALENDAR_WORDS for w in folded):
                break
            if folded[0] in FUNCTION_WORDS or folded[-1] in FUNCTION_WORDS:
                continue
            after = tokens[end + 1].group(0).casefold() if end + 1 < len(tokens) else ""
            yield " ".join(folded), " ".join(words), before in PLACE_BEFORE or after in PLACE_AFTER


def learn_actors(
    rows: Sequence[CodedRow],
    *,
    known_as: Callable[[str], str | None],
    known_inter: Callable[[str], int | None],
    known_mentions: Callable[[str], Sequence[Span]],
    min_rows: int = 3,
    min_confidence: float = 0.9,
) -> tuple[list[LearnedActor], list[str]]:
    """Learned actors with their new aliases, and the coded names left out for want of an inter code.
    `known_as` gives the catalogue's actor for an alias (None when unknown), `known_inter` an actor's inter
    code, `known_mentions` the spans of a text the catalogue already matches."""
    coded_rows, inter_votes = _coded_actors(rows, known_as)
    found = _phrases_of(rows, known_mentions, min_rows)
    places = _place_phrases(rows)
    names = {key: stat for key, stat in found.items() if _is_a_name(key, stat, places)}
    best: dict[str, tuple[str, int]] = {}
    for key, stat in names.items():
        together = Counter(name for row in stat.rows for name in coded_rows[row])
        if together:
            actor, coded = min(together.items(), key=lambda item: (-item[1], item[0]))
            if coded >= min_rows and coded / len(stat.rows) >= min_confidence:
                best[key] = (actor, coded)
    chosen = _without_redundant(best, names)
    return _by_actor(chosen, inter_votes, known_inter)


def _coded_actors(rows: Sequence[CodedRow], known_as) -> tuple[list[set[str]], dict[str, Counter]]:
    """Per row the names it codes (a name the catalogue knows under its canonical name), and the inter
    codes each name is given."""
    coded_rows: list[set[str]] = []
    inter_votes: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        names = set()
        for actor in row.actors:
            name = known_as(actor.name) or actor.name
            names.add(name)
            if actor.inter is not None:
                inter_votes[name][actor.inter] += 1
        coded_rows.append(names)
    return coded_rows, inter_votes


def _phrases_of(rows: Sequence[CodedRow], known_mentions, min_rows: int) -> dict[str, _Phrase]:
    """Statistics of the phrases found in at least `min_rows` rows (counted first, to keep memory small)."""
    mentions = [known_mentions(row.text) for row in rows]
    counts: Counter[str] = Counter()
    for row, known in zip(rows, mentions, strict=True):
        counts.update({key for key, _, _ in phrases(row.text, known)})
    found: dict[str, _Phrase] = {}
    for index, (row, known) in enumerate(zip(rows, mentions, strict=True)):
        for key, surface, near_place_word in phrases(row.text, known):
            if counts[key] < min_rows:
                continue
            stat = found.setdefault(key, _Phrase())
            stat.rows.add(index)
            stat.occurrences += 1
            stat.near_place_word += near_place_word
            stat.capitalised += any(word[0].isupper() for word in surface.split())
            stat.surfaces[surface] += 1
    return found


def _place_phrases(rows: Sequence[CodedRow]) -> set[str]:
    """Every run of words of the file's coded place names."""
    found: set[str] = set()
    for name in {place.casefold() for row in rows for place in row.places}:
        words = TOKEN.findall(name)
        found.update(" ".join(words[i : j + 1]) for i in range(len(words)) for j in range(i, len(words)))
    return found


def _is_a_name(key: str, stat: _Phrase, places: set[str]) -> bool:
    if key in places or 2 * stat.near_place_word >= stat.occurrences:
        return False
    if 2 * stat.capitalised <= stat.occurrences:
        return False
    surface = stat.surface
    if " " in key:
        return True
    return (surface.isupper() and len(surface) > 1) or zipf_frequency(key, "en") < COMMON_WORD_ZIPF


def _without_redundant(best: dict[str, tuple[str, int]], names: dict[str, _Phrase]) -> dict:
    """Most general first. A phrase that holds a kept phrase, or runs into one (shares its first or last
    words), is a mention with its context around it and adds nothing; of nested phrases found in exactly
    the same rows the longer is kept (it sorts first)."""
    order = sorted(best, key=lambda k: (-len(names[k].rows), -len(k.split()), k))
    chosen: dict[str, tuple[str, LearnedAlias]] = {}
    for key in order:
        words = key.split()
        if any(_overlaps(words, kept.split()) for kept in chosen):
            continue
        if any(key in _inner_phrases(kept) and names[kept].rows == names[key].rows for kept in chosen):
            continue
        actor, coded = best[key]
        chosen[key] = (actor, LearnedAlias(names[key].surface, len(names[key].rows), coded))
    return chosen


def _overlaps(words: list[str], kept: list[str]) -> bool:
    """WORDS holds KEPT, or one's first words are the other's last."""
    if " ".join(kept) in _inner_phrases(" ".join(words)):
        return True
    for size in range(1, min(len(words), len(kept))):
        if words[:size] == kept[-size:] or words[-size:] == kept[:size]:
            return True
    return False


def _inner_phrases(key: str) -> list[str]:
    words = key.split()
    return [" ".join(words[i : i + n]) for n in range(1, len(words)) for i in range(len(words) - n + 1)]


def _by_actor(chosen, inter_votes, known_inter) -> tuple[list[LearnedActor], list[str]]:
    grouped: dict[str, list[LearnedAlias]] = defaultdict(list)
    for actor, alias in chosen.values():
        if alias.alias.casefold() != actor.casefold():
            grouped[actor].append(alias)
    learned, without_inter = [], []
    for name in sorted(grouped):
        votes = inter_votes.get(name)
        inter = min(votes.items(), key=lambda item: (-item[1], item[0]))[0] if votes else known_inter(name)
        if inter is None:
            without_inter.append(name)
            continue
        aliases = sorted(grouped[name], key=lambda a: (-a.rows, a.alias))
        learned.append(LearnedActor(name, inter, tuple(aliases)))
    return learned, without_inter


def write_actor_file(path: Path, actors: Sequence[LearnedActor], *, country: str, origin: str) -> None:
    """The learned actors in the format of resources/actors/*.yaml, with each alias's evidence."""
    entries = [
        {
            "name": actor.name,
            "inter": actor.inter,
            "aliases": [a.alias for a in actor.aliases],
            "evidence": {a.alias: f"{a.coded} of {a.rows} rows ({a.confidence:.0%})" for a in actor.aliases},
        }
        for actor in actors
    ]
    header = (
        f"# Actor aliases learned by `sitrep train` from {origin}.\n"
        "# sitrep's actor matcher reads this file on top of its own catalogue (docs/resources.md, 'User\n"
        "# resource files'). Edit it freely: delete an alias you do not trust, or the whole file. `evidence`\n"
        "# is for you only: of the rows whose notes have the alias, how many code the actor.\n"
    )
    body = yaml.safe_dump({"country": country, "actors": entries}, sort_keys=False, allow_unicode=True, width=110)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_output(path) as fp:  # whole or not at all: the user may have edited the earlier file
        fp.write(header + body)

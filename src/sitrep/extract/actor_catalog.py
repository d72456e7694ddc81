"""The actor catalogue (resources/actors/*.yaml, resources/nations.yaml): canonical ACLED-style names found in
text, named after the country the events happen in and, for state forces and coalitions, after the event's date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from ..alternation import PhraseMatcher
from ..errors import ResourceError
from ..pattern_store import regex
from ..resource_files import load_user_yaml, load_yaml, resource_names, user_resource_dir, user_resource_files
from .cues import keep_acronym_case
from .prefixes import fold, matches_at, necessary_prefixes, prefix_starts

THEATRE = "{theatre}"  # stands, in a name or a file's country, for the country the events happen in
ANY_COUNTRY = "*"
STATE_FORCE = re.compile(r"^(?P<kind>Military|Police) Forces of (?P<state>.+?)(?: \((?P<span>\d{4}-(?:\d{4})?)\))?$")
SPAN = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")
SPACES = re.compile(r"\s+")
LEADING_THE = re.compile(r"^the\s+", re.I)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    name: str  # the base name: a state force's without its year span; may contain {theatre}
    inter: int
    country: str  # the country whose generic words (members) map to it: a name, {theatre} or *
    state_of: str | None = None  # for a state force: its state (inter 1 at home, 8 abroad)
    unit: str = ""  # a state force's sub-unit, named after the force
    coalition_alias: bool = False  # unnamed allies of an operation's army: the operation of the day
    span: str = ""  # a state force's year span as the file writes it: its name when no date is known


@dataclass(frozen=True, slots=True)
class Operation:
    """A foreign army's named operation and the coalition ACLED names after it, by date."""

    army: str  # the army's base name
    inter: int
    allies: frozenset[str]  # base names of the entries that are the operation's unnamed allies
    names: tuple[tuple[date, str], ...]  # (from, name), by date
    factions: tuple[tuple[date, str], ...]  # (from, faction base name)

    def name_on(self, day: date | None) -> str:
        current = [name for start, name in self.names if day is None or start <= day]
        return current[-1] if current else self.names[0][1]

    def operation_names(self) -> set[str]:
        return {name for _, name in self.names}

    def has_faction(self, faction: str, day: date | None) -> bool:
        return any(name == faction and (day is None or start <= day) for start, name in self.factions)


@dataclass(frozen=True, slots=True)
class Catalog:
    matcher: PhraseMatcher  # every alias, longest first, with or without "the"
    by_alias: dict[str, ActorEntry]
    by_member: dict[tuple[str, str], ActorEntry]
    by_name: dict[str, ActorEntry]
    operations: tuple[Operation, ...]
    operation_names: dict[str, Operation]


def alias_regex(alias: str) -> str:
    body = re.escape(alias).replace(r"\ ", r"\s+").replace("'", "['’]")
    return body if alias.isupper() else f"(?i:{keep_acronym_case(body)})"


def alias_key(alias: str) -> str:
    text = SPACES.sub(" ", alias.replace("’", "'")).strip()
    return text if text.isupper() else text.lower()


def _singular(alias: str) -> str | None:
    """ "Russian jets" → "Russian jet": the same force named in the singular ("a regime warplane")."""
    if alias.isupper() or not re.search(r"[a-z]{3,}[^su]s$", alias):
        return None
    return alias[:-1]


def _base_name(name: str) -> str:
    """A state force's name without its year span ("Military Forces of Syria (2000-2024)" → "… of Syria")."""
    bare = SPAN.sub("", name, count=1)
    return bare if STATE_FORCE.match(bare) else name


@cache
def nations() -> dict[str, dict]:
    return load_yaml("nations.yaml")["nations"]


@cache
def demonyms() -> frozenset[str]:
    """Every listed nation's demonyms ("Syrian", "Turkish"): words that make a force a country's own."""
    return frozenset(d for facts in nations().values() for d in facts.get("demonyms", []))


def _state_key(state: str) -> str:
    """The nations.yaml key of a state as written inside a force's name ("the United States")."""
    for key, facts in nations().items():
        if state in (key, facts.get("name")):
            return key
    return state


def catalog() -> Catalog:
    """The built-in actors with the user's own files (SITREP_HOME/resources/actors/*.yaml) on top: a user
    file adds actors and aliases; an alias the built-in files already have keeps its built-in actor."""
    return catalog_in(user_resource_dir("actors"))


@cache
def catalog_in(user_folder: Path) -> Catalog:
    """The catalogue with the user's files of this folder on top (cached: `reload_catalog` forgets it)."""
    return build_catalog(user_resource_files(user_folder))


def build_catalog(user_files: Sequence[Path] = ()) -> Catalog:
    """The built-in actor files, every listed country's forces and then the given user files (`sitrep train`
    leaves out the one it replaces)."""
    entries: list[tuple[ActorEntry, list[str], list[str]]] = []
    operations = []
    for file in resource_names("actors"):
        spec = load_yaml(file)
        entries += _entries(file, spec)
        operations += spec.get("operations", [])
    entries += _national_forces()
    for path in user_files:
        entries += _entries(str(path), load_user_yaml(path))
    by_alias: dict[str, ActorEntry] = {}
    by_member: dict[tuple[str, str], ActorEntry] = {}
    by_name: dict[str, ActorEntry] = {}
    originals: dict[str, str] = {}
    for entry, aliases, members in entries:
        by_name.setdefault(entry.name, entry)
        for alias in aliases + [_singular(a) for a in aliases]:
            if alias:
                by_alias.setdefault(alias_key(alias), entry)
                originals.setdefault(alias_key(alias), alias)
        for member in members:
            by_member.setdefault((entry.country, member.lower()), entry)
    ops = tuple(_operation(spec) for spec in operations)
    for op in ops:
        for _start, name in op.names:
            by_name.setdefault(name, ActorEntry(name, op.inter, ANY_COUNTRY))
    for spec in operations:
        for named in spec["names"]:
            for alias in named.get("aliases", []):
                by_alias.setdefault(alias_key(alias), by_name[named["name"]])
                originals.setdefault(alias_key(alias), alias)
    aliases = sorted(by_alias, key=len, reverse=True)
    matcher = PhraseMatcher((originals[a] for a in aliases), alias_regex, article="the")
    operation_names = {name: op for op in ops for _, name in op.names}
    return Catalog(matcher, by_alias, by_member, by_name, ops, operation_names)


def _entries(file: str, spec: dict) -> list[tuple[ActorEntry, list[str], list[str]]]:
    try:
        return [
            (_entry(actor, spec["country"]), actor.get("aliases", []), actor.get("members", []))
            for actor in spec["actors"]
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise ResourceError(f"{file}: every actor needs a name, an inter code and aliases ({exc})") from None


def _entry(actor: dict, country: str) -> ActorEntry:
    inter = int(actor["inter"]) if "inter" in actor else None
    if "unit_of" in actor:
        force = _base_name(actor["unit_of"])
        state = STATE_FORCE.match(force)
        if state is None:
            raise ResourceError(f"actors: unit_of must name a state force: {actor['unit_of']!r}")
        span = STATE_FORCE.match(actor["unit_of"])
        return ActorEntry(
            force, 1, country, _state_key(state["state"]), actor["name"], span=(span and span["span"]) or ""
        )
    name = _base_name(actor["name"])
    written = STATE_FORCE.match(actor["name"])
    state_of = actor.get("state_of")
    if inter is None:
        raise ResourceError(f"actors: {actor['name']!r} has no inter code")
    written_span = (written["span"] if written else None) or ""
    return ActorEntry(name, inter, country, state_of, "", bool(actor.get("coalition_alias")), written_span)


def _national_forces() -> list[tuple[ActorEntry, list[str], list[str]]]:
    """Every listed country's army and police, named by its demonyms ("Iraqi troops", "a Jordanian drone")."""
    spec = load_yaml("nations.yaml")
    found = []
    for country, facts in spec["nations"].items():
        written = facts.get("name", country)
        for kind, nouns in (("Military", spec["force_nouns"]), ("Police", spec["police_nouns"])):
            entry = ActorEntry(f"{kind} Forces of {written}", 8, ANY_COUNTRY, country)
            aliases = [f"{d} {noun}" for d in facts["demonyms"] for noun in nouns]
            members = [f"{d} {noun}" for d in facts["demonyms"] for noun in spec["member_nouns"]]
            found.append((entry, aliases, members if kind == "Military" else []))
    return found


def _operation(spec: dict) -> Operation:
    return Operation(
        army=_base_name(spec["army"]),
        inter=int(spec.get("inter", 8)),
        allies=frozenset(spec.get("allies", ())),
        names=tuple(sorted((_day(n["from"]), n["name"]) for n in spec["names"])),
        factions=tuple(sorted((_day(f["from"]), f["name"]) for f in spec.get("factions", ()))),
    )


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def entry_for(surface: str, among: Catalog | None = None) -> ActorEntry | None:
    text = LEADING_THE.sub("", surface.strip())
    table = (among or catalog()).by_alias
    return table.get(alias_key(text)) or table.get(text.lower()) or table.get(alias_key(surface))


@lru_cache(maxsize=4096)
def render(entry: ActorEntry, theatre: str, day: date | None) -> tuple[str, int]:
    """The entry's name and inter code in a theatre on a day."""
    if entry.state_of:
        state = theatre if entry.state_of == THEATRE else entry.state_of
        force = STATE_FORCE.match(entry.name.replace(THEATRE, theatre))
        kind = force["kind"] if force else "Military"
        name = state_force_name(kind, state, day)
        if day is None and entry.span:
            name = f"{SPAN.sub('', name, count=1)} ({entry.span})"
        return (f"{name} {entry.unit}" if entry.unit else name), (1 if state == theatre else 8)
    if entry.coalition_alias:
        op = next((o for o in catalog().operations if entry.name in o.allies), None)
        if op is not None:
            return op.name_on(day), op.inter
    return entry.name.replace(THEATRE, theatre), entry.inter


def state_force_name(kind: str, state: str, day: date | None) -> str:
    """ACLED's name of a state's army or police on a day: "Military Forces of the United States (2017-2021)"."""
    facts = nations().get(_state_key(state), {})
    written = facts.get("name", state)
    periods = sorted(facts.get("periods", ()), key=lambda p: _day(p["from"]))
    current = [p for p in periods if day is None or _day(p["from"]) <= day] or periods[:1]
    return f"{kind} Forces of {written}" + (f" ({current[-1]['span']})" if current else "")


@lru_cache(maxsize=4096)  # every claim's side and every event's actors are named again on the event's day
def _force_of(name: str, theatre: str) -> tuple[str, str, str] | None:
    """(kind, state, rest) of a rendered state force's name ("Military Forces of Syria (2000-2024) Military
    Police" → Military, Syria, " Military Police"), or None for any other name."""
    for kind in ("Military", "Police"):
        prefix = f"{kind} Forces of "
        if not name.startswith(prefix):
            continue
        states = [(facts.get("name", key), key) for key, facts in nations().items()] + [(theatre, theatre)]
        for written, key in sorted(states, key=lambda s: -len(s[0])):
            if name.startswith(prefix + written) and name[len(prefix + written) :][:1] in ("", " "):
                return kind, key, SPAN.sub("", name[len(prefix + written) :], count=1)
    return None


def dated(name: str, theatre: str, day: date | None) -> str:
    """A rendered name again on another day: a state force's span and an operation's name follow the date."""
    force = _force_of(name, theatre)
    if force is not None:
        kind, state, rest = force
        return state_force_name(kind, state, day) + rest
    op = catalog().operation_names.get(name)
    return op.name_on(day) if op is not None else name


def inter_of(name: str, theatre: str) -> int | None:
    """The inter code of a rendered name in a theatre."""
    force = _force_of(name, theatre)
    if force is not None:
        return 1 if force[1] == theatre else 8
    table = catalog().by_name
    entry = table.get(name) or table.get(name.replace(f"({theatre})", f"({THEATRE})"))
    return entry.inter if entry else None


@cache
def _group_words() -> tuple[re.Pattern, frozenset[str], dict[str, str]]:
    """The pattern of the civilian group words, what they begin with (`prefixes.fold`ed) and the groups by word."""
    words: dict[str, str] = {}
    for name, aliases in load_yaml("actors/generic.yaml").get("groups", {}).items():
        for alias in aliases:
            words.setdefault(alias_key(alias), name)
    alternation = "|".join(alias_regex(w) for w in sorted(words, key=len, reverse=True))
    pattern = regex(rf"(?<![\w-])(?:{alternation})(?![\w-])")
    return pattern, necessary_prefixes(pattern), words


def civilian_groups(text: str, theatre: str) -> list[str]:
    """The groups a text's civilians belong to, in order: "a Kurdish woman" → Women and Kurdish Ethnic Group."""
    pattern, prefixes, words = _group_words()
    starts = prefix_starts(prefixes, fold(text))
    found = (words.get(alias_key(m.group(0))) for m in matches_at(pattern, text, starts))
    return list(dict.fromkeys(f"{name} ({theatre})" for name in found if name))


def is_state_force(name: str) -> bool:
    """Whether a rendered name is a state's army or police (or one of their units), of any country."""
    return name.startswith(("Military Forces of ", "Police Forces of "))

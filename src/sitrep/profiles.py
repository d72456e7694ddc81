"""Publisher profiles: who an outlet is, who owns it, how public lists rate it, whom it re-publishes.

The profiles sitrep ships live in resources/publishers.yaml; an analyst's own file,
$SITREP_HOME/publishers.yaml (same format), adds outlets and overrides fields of shipped ones without a
release. Between the two come the files `sitrep train` writes, $SITREP_HOME/resources/publishers/*.yaml
(the outlets of a coded export with their ACLED source scale). A country's press-freedom rank
(resources/press_freedom.yaml) comes with every profile.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ResourceError
from .resource_files import load_yaml
from .settings import sitrep_home

USER_FILE = "publishers.yaml"
LEARNED_FOLDER = ("resources", "publishers")  # under SITREP_HOME: one file per name `sitrep train` was given
STATE_AFFILIATIONS = ("state", "state-funded", "government-aligned", "party", "none", "unknown")
STATE_AFFILIATION_LABELS = {
    "state": "state media",
    "state-funded": "state-funded",
    "government-aligned": "government-aligned",
    "party": "party to the conflict",
    "none": "no state tie",
    "unknown": "ownership unknown",
}
_LEANINGS = {
    "wire",
    "pro-government",
    "pro-opposition",
    "kurdish",
    "monitor",
    "independent",
    "saudi-aligned",
    "qatari-aligned",
}
_LIST_FIELDS = ("aliases", "domains", "language", "republishes")
_TEXT_FIELDS = ("full_name", "kind", "country", "ownership", "state_affiliation", "leaning", "source_scale", "notes")
_FIELDS = {"name", "reliability", *_LIST_FIELDS, *_TEXT_FIELDS}


@dataclass(frozen=True, slots=True)
class ReliabilityNote:
    """What one public list says of an outlet, in our words, with the list's edition."""

    list: str
    version: str
    note: str

    def cite(self) -> str:
        return f"{self.list} ({self.version})"


@dataclass(frozen=True, slots=True)
class PublisherProfile:
    """One outlet: identity, ownership and state affiliation, ratings, syndication."""

    name: str
    aliases: tuple[str, ...] = ()
    full_name: str | None = None
    kind: str | None = None
    domains: tuple[str, ...] = ()
    country: str | None = None
    language: tuple[str, ...] = ()
    ownership: str | None = None
    state_affiliation: str = "unknown"
    leaning: str | None = None
    source_scale: str | None = None  # ACLED's source_scale of the outlet ("National", "Local partner" …)
    republishes: tuple[str, ...] = ()
    reliability: tuple[ReliabilityNote, ...] = ()
    notes: str | None = None
    press_freedom: ReliabilityNote | None = None
    origin: str = "sitrep"  # "sitrep" for a shipped profile, else the file it came from

    @property
    def affiliation_label(self) -> str:
        return STATE_AFFILIATION_LABELS.get(self.state_affiliation, self.state_affiliation)

    def summary(self) -> str:
        """One line an analyst reads beside a figure: what the outlet is, where, and its tie to a state."""
        what = self.kind or "outlet"
        where = f" ({self.country})" if self.country else ""
        return f"{self.full_name or self.name}: {what}{where}, {self.affiliation_label}"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for name in _LIST_FIELDS:
            out[name] = list(out[name])
        out["reliability"] = [asdict(n) for n in self.reliability]
        return out


class ProfileRegistry:
    """Profiles looked up by name, alias, domain or URL (case-insensitive)."""

    def __init__(self, profiles: Iterable[PublisherProfile]) -> None:
        self._profiles = list(profiles)
        self._by_key: dict[str, PublisherProfile] = {}
        for profile in self._profiles:
            for key in (profile.name, *profile.aliases, *profile.domains):
                self._by_key.setdefault(key.casefold(), profile)

    def __iter__(self) -> Iterator[PublisherProfile]:
        return iter(self._profiles)

    def __len__(self) -> int:
        return len(self._profiles)

    def get(self, name: str | None) -> PublisherProfile | None:
        if not name:
            return None
        key = name.strip().casefold()
        found = self._by_key.get(key)
        if found is None and ("." in key or "/" in key):
            found = self._by_host(key)
        return found

    def _by_host(self, text: str) -> PublisherProfile | None:
        host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
        labels = host.removeprefix("www.").split(".")
        for start in range(len(labels) - 1):
            found = self._by_key.get(".".join(labels[start:]))
            if found:
                return found
        return None


def publisher_profile(name: str | None, *, home: Path | None = None) -> PublisherProfile | None:
    """The profile of an outlet named by its name, an alias, a domain or a URL; None when unknown."""
    return load_profiles(home).get(name)


def load_profiles(home: Path | None = None, extra_files: tuple[Path, ...] = ()) -> ProfileRegistry:
    """Shipped profiles, then the learned ones, then $SITREP_HOME/publishers.yaml, then `extra_files`, each
    overriding the last."""
    user_file = _user_file(str(home) if home is not None else os.environ.get("SITREP_HOME", ""))
    learned = _learned_files(os.path.join(os.path.dirname(user_file), *LEARNED_FOLDER))
    return _load_profiles(user_file, _modified(user_file), tuple(str(p) for p in extra_files), learned)


def _learned_files(folder: str) -> tuple[tuple[str, int | None], ...]:
    """The files `sitrep train` wrote, by name, with their modification times (an edit is read again)."""
    try:
        names = sorted(name for name in os.listdir(folder) if name.endswith(".yaml"))
    except OSError:
        return ()
    return tuple((path, _modified(path)) for path in (os.path.join(folder, name) for name in names))


@cache
def _user_file(home: str) -> str:
    # Ingest asks once per document: strings and a cached join keep the look-up to a stat and a dict hit.
    return str((Path(home).expanduser() if home else sitrep_home()) / USER_FILE)


def _modified(path: str) -> int | None:
    """The file's modification time: an edited profiles file is read again, without a restart."""
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


@cache
def _load_profiles(
    user_file: str, modified_ns: int | None, extra_files: tuple[str, ...], learned: tuple[tuple[str, int | None], ...]
) -> ProfileRegistry:
    shipped = _parse_entries(load_yaml("publishers.yaml"), "publishers.yaml (shipped with sitrep)", "sitrep")
    profiles = [profile for profile, _ in shipped]
    for path, _ in learned:
        profiles = _override(profiles, _parse_entries(_read_user_file(Path(path)), path, path))
    if modified_ns is not None:
        profiles = _override(profiles, _parse_entries(_read_user_file(Path(user_file)), user_file, user_file))
    for path in extra_files:
        profiles = _override(profiles, _parse_entries(_read_user_file(Path(path)), path, path))
    ranks = _press_freedom()
    return ProfileRegistry(replace(p, press_freedom=ranks.get(p.country or "")) for p in profiles)


def _read_user_file(path: Path) -> Any:
    import yaml  # only a user's own profiles are parsed here: the shipped ones come through load_yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResourceError(f"{path}: no such profiles file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{path}: cannot read profiles file: {exc}") from None
    except yaml.YAMLError as exc:
        raise ResourceError(f"{path}: not valid YAML: {exc}") from None


def _parse_entries(data: Any, where: str, origin: str) -> list[tuple[PublisherProfile, set[str]]]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise ResourceError(f"{where}: expected a list of publisher profiles")
    return [_parse_entry(entry, f"{where}: entry {number}", origin) for number, entry in enumerate(data, 1)]


def _parse_entry(entry: Any, where: str, origin: str) -> tuple[PublisherProfile, set[str]]:
    """A profile and the names of the fields its entry gives."""
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
        raise ResourceError(f"{where}: each profile needs a 'name'")
    where = f"{where} ({entry['name']})"
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise ResourceError(f"{where}: unknown field {unknown[0]!r}; known fields: {', '.join(sorted(_FIELDS))}")
    values: dict[str, Any] = {"name": entry["name"].strip(), "origin": origin}
    for name in _LIST_FIELDS:
        if name in entry:
            values[name] = _string_list(entry[name], f"{where}: {name}")
    for name in _TEXT_FIELDS:
        if name in entry:
            values[name] = _text(entry[name], f"{where}: {name}")
    if "reliability" in entry:
        values["reliability"] = _notes(entry["reliability"], where)
    _check_vocabulary(values, where)
    return PublisherProfile(**values), set(entry) - {"name"}


def _string_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ResourceError(f"{where} must be a list of names")
    return tuple(v.strip() for v in value)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ResourceError(f"{where} must be text")
    return str(value).strip()


def _notes(value: Any, where: str) -> tuple[ReliabilityNote, ...]:
    if not isinstance(value, list):
        raise ResourceError(f"{where}: reliability must be a list of {{list, version, note}}")
    notes = []
    for number, item in enumerate(value, 1):
        here = f"{where}: reliability note {number}"
        if not isinstance(item, dict) or set(item) != {"list", "version", "note"}:
            raise ResourceError(f"{here} needs exactly 'list', 'version' and 'note'")
        notes.append(ReliabilityNote(*(_text(item[k], f"{here}: {k}") for k in ("list", "version", "note"))))
    return tuple(notes)


def _check_vocabulary(values: dict[str, Any], where: str) -> None:
    affiliation = values.get("state_affiliation")
    if affiliation is not None and affiliation not in STATE_AFFILIATIONS:
        raise ResourceError(f"{where}: state_affiliation must be one of {', '.join(STATE_AFFILIATIONS)}")
    leaning = values.get("leaning")
    if leaning is not None and leaning not in _LEANINGS and not re.fullmatch(r"[a-z]+-state", leaning):
        raise ResourceError(f"{where}: leaning must be one of {', '.join(sorted(_LEANINGS))} or COUNTRY-state")


def _override(
    base: list[PublisherProfile], overrides: list[tuple[PublisherProfile, set[str]]]
) -> list[PublisherProfile]:
    """Each override replaces the fields it gives of the profile it names; a new name is a new profile."""
    merged = list(base)
    for override, given in overrides:
        index = _find(merged, override)
        if index is None:
            merged.append(override)
        else:
            values = {name: getattr(override, name) for name in given}
            merged[index] = replace(merged[index], **values, origin=override.origin)
    return merged


def _find(profiles: list[PublisherProfile], wanted: PublisherProfile) -> int | None:
    keys = {k.casefold() for k in (wanted.name, *wanted.aliases)}
    for index, profile in enumerate(profiles):
        if keys & {k.casefold() for k in (profile.name, *profile.aliases)}:
            return index
    return None


@cache
def _press_freedom() -> dict[str, ReliabilityNote]:
    data = load_yaml("press_freedom.yaml")
    total = data["countries_ranked"]
    return {
        country: ReliabilityNote(data["list"], str(data["version"]), f"{country} ranked {rank} of {total}")
        for country, rank in data["ranks"].items()
    }

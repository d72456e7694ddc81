"""Reading an analyst's coded events: ACLED exports, UCDP GED sheets, CASE snippets or any headed CSV.

Every format becomes the same `CodedRow`s: the text the event was coded from, its ACLED sub-event type
(or NO_EVENT for a text that reports none; None where the file codes no types), the coded actors, the
publishers and their source scale.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import ConfigError, InputError
from ..evaluation import CASE_LABELS, acled_date
from ..model import SUB_EVENT_TYPES

NO_EVENT = "(no event)"
FORMATS = ("acled", "ucdp", "case", "csv")
ROLES = (
    "text",
    "label",
    "id",
    "date",
    "country",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "source",
    "source_scale",
    "location",
    "admin1",
    "admin2",
    "admin3",
)
DEFAULT_COLUMNS: dict[str, dict[str, str]] = {
    "acled": {
        "text": "notes",
        "label": "sub_event_type",
        "id": "event_id_cnty",
        "date": "event_date",
        "country": "country",
        "actor1": "actor1",
        "assoc_actor_1": "assoc_actor_1",
        "inter1": "inter1",
        "actor2": "actor2",
        "assoc_actor_2": "assoc_actor_2",
        "inter2": "inter2",
        "source": "source",
        "source_scale": "source_scale",
        "location": "location",
        "admin1": "admin1",
        "admin2": "admin2",
        "admin3": "admin3",
    },
    "ucdp": {
        "text": "source_headline",
        "id": "id",
        "date": "date_start",
        "country": "country",
        "actor1": "side_a",
        "actor2": "side_b",
        "source": "source_original",
        "location": "where_coordinates",
        "admin1": "adm_1",
        "admin2": "adm_2",
    },
    "case": {"text": "EventSnippet", "label": "SubType", "id": "id"},
    "csv": {role: role for role in ROLES} | {"label": "label"},
}
NO_EVENT_WORDS = {"", "none", "no event", NO_EVENT, "non-event", "not an event"}
# ACLED's newer exports spell the inter codes out
INTER_WORDS = {
    "state forces": 1,
    "rebel group": 2,
    "political militia": 3,
    "identity militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external/other forces": 8,
}
_SUB_TYPES_FOLDED = {name.casefold(): name for name in SUB_EVENT_TYPES}


@dataclass(frozen=True, slots=True)
class CodedActor:
    name: str
    inter: int | None
    role: str  # actor1, assoc_actor_1, actor2, assoc_actor_2


@dataclass(frozen=True, slots=True)
class CodedRow:
    """One coded event of a training file."""

    line: int
    id: str
    text: str
    label: str | None
    published: date | None
    country: str
    actors: tuple[CodedActor, ...]
    sources: tuple[str, ...]
    source_scale: str
    places: tuple[str, ...] = ()  # the coded location and admin names: words of places, not of actors


@dataclass(frozen=True, slots=True)
class TrainingFile:
    path: Path
    format: str
    columns: dict[str, str]
    sha256: str
    rows: tuple[CodedRow, ...]
    skipped: int  # rows without text

    @property
    def labelled(self) -> bool:
        return any(row.label is not None for row in self.rows)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fp:
        for block in iter(lambda: fp.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parse_columns(value: str | None) -> dict[str, str]:
    """`--columns text=notes,label=type` → {role: column}; unknown roles are an error naming them."""
    if not value:
        return {}
    try:
        mapping = dict(pair.split("=", 1) for pair in value.split(","))
    except ValueError:
        raise ConfigError("--columns takes ROLE=COLUMN pairs separated by commas, e.g. text=notes,label=type") from None
    unknown = sorted(set(mapping) - set(ROLES))
    if unknown:
        raise ConfigError(f"--columns: unknown role(s) {', '.join(unknown)}; roles are {', '.join(ROLES)}")
    return {role.strip(): column.strip() for role, column in mapping.items()}


def sniff_format(header: list[str]) -> str:
    names = set(header)
    if "EventSnippet" in names:
        return "case"
    if {"notes", "sub_event_type"} <= names:
        return "acled"
    if {"side_a", "side_b", "type_of_violence"} <= names:
        return "ucdp"
    return "csv"


def read_training_file(path: Path, fmt: str | None = None, columns: dict[str, str] | None = None) -> TrainingFile:
    """The coded rows of PATH; a missing column or an unknown label is an error naming the file."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fp:
            sample = fp.readline()
            fp.seek(0)
            delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
            reader = csv.DictReader(fp, delimiter=delimiter)
            header = list(reader.fieldnames or [])
            fmt = fmt or sniff_format(header)
            mapping = _columns_for(fmt, header, columns or {}, path)
            rows, skipped = _rows(reader, fmt, mapping, path)
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text; save the export as UTF-8 CSV", source=str(path)) from None
    except csv.Error as exc:
        raise InputError(f"not a readable CSV file ({exc})", source=str(path)) from None
    if not rows:
        raise InputError("no coded rows with text", source=str(path))
    return TrainingFile(path, fmt, mapping, file_sha256(path), tuple(rows), skipped)


def _columns_for(fmt: str, header: list[str], overrides: dict[str, str], path: Path) -> dict[str, str]:
    if fmt not in FORMATS:
        raise ConfigError(f"--format must be one of {', '.join(FORMATS)}")
    missing = [column for column in overrides.values() if column not in header]
    if missing:
        raise InputError(f"no column named {', '.join(missing)} (columns: {', '.join(header)})", source=str(path))
    mapping = {role: column for role, column in DEFAULT_COLUMNS[fmt].items() if column in header}
    mapping.update(overrides)
    if fmt == "csv" and "text" not in mapping and "notes" in header:
        mapping["text"] = "notes"
    if "text" not in mapping:
        wanted = DEFAULT_COLUMNS[fmt].get("text", "text")
        raise InputError(
            f"no text column ({wanted!r}); name it with --columns text=COLUMN (columns: {', '.join(header)})",
            source=str(path),
        )
    return mapping


def _rows(reader: csv.DictReader, fmt: str, mapping: dict[str, str], path: Path) -> tuple[list[CodedRow], int]:
    rows: list[CodedRow] = []
    unknown: Counter[str] = Counter()
    skipped = 0
    for line, record in enumerate(reader, start=2):

        def cell(role: str, record: dict = record) -> str:
            column = mapping.get(role)
            return (record.get(column) or "").strip() if column else ""

        text = cell("text")
        if not text:
            skipped += 1
            continue
        label = _label(cell("label"), fmt) if "label" in mapping else None
        if "label" in mapping and label is None:
            unknown[cell("label")] += 1
            continue
        rows.append(
            CodedRow(
                line=line,
                id=cell("id") or f"line-{line}",
                text=text,
                label=label,
                published=acled_date(cell("date")) if cell("date") else None,
                country=cell("country"),
                actors=_actors(cell),
                sources=tuple(s.strip() for s in cell("source").split(";") if s.strip()),
                source_scale=cell("source_scale"),
                places=tuple(name for name in map(cell, ("location", "admin1", "admin2", "admin3")) if name),
            )
        )
    if unknown:
        listed = ", ".join(f"{value!r} ({count})" for value, count in unknown.most_common(5))
        raise InputError(
            f"labels that are no ACLED sub-event type: {listed}; write non-events as {NO_EVENT!r} "
            "or map another column with --columns label=COLUMN",
            source=str(path),
        )
    return rows, skipped


def _label(value: str, fmt: str) -> str | None:
    """The ACLED sub-event type a label names, NO_EVENT, or None when it names neither."""
    if value in CASE_LABELS:
        return CASE_LABELS[value]
    if fmt == "case":
        return NO_EVENT  # CASE labels outside ACLED's 25 (disasters, crime, diplomacy) are no events
    if value.casefold() in NO_EVENT_WORDS:
        return NO_EVENT
    return _SUB_TYPES_FOLDED.get(value.casefold())


def _actors(cell) -> tuple[CodedActor, ...]:
    actors: list[CodedActor] = []
    for role, inter_role in (
        ("actor1", "inter1"),
        ("assoc_actor_1", None),
        ("actor2", "inter2"),
        ("assoc_actor_2", None),
    ):
        inter = _inter(cell(inter_role)) if inter_role else None
        names = [cell(role)] if inter_role else cell(role).split(";")
        actors.extend(CodedActor(name.strip(), inter, role) for name in names if name.strip())
    return tuple(actors)


def _inter(value: str) -> int | None:
    value = value.strip().casefold()
    if value.isdigit() and 1 <= int(value) <= 8:
        return int(value)
    return INTER_WORDS.get(value)

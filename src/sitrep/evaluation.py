"""Score the pipeline against a user's gold: an ACLED export (notes → coded fields) or a CASE TSV."""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from pathlib import Path

from .errors import InputError
from .export.names import governorate_key
from .model import Document, Event
from .settings import Options

CASE_LABELS = {
    "ARMED_CLASH": "Armed clash",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "AIR_STRIKE": "Air/drone strike",
    "SUIC_BOMB": "Suicide bomb",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "GRENADE": "Grenade",
    "CHEM_WEAP": "Chemical weapon",
    "SEX_VIOL": "Sexual violence",
    "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "PEACE_PROTEST": "Peaceful protest",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "VIOL_DEMONSTR": "Violent demonstration",
    "MOB_VIOL": "Mob violence",
    "AGREEMENT": "Agreement",
    "ARREST": "Arrests",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
}
NO_EVENT = "(no event)"
ACLED_FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "admin1", "event_date", "fatalities")


CASE_COLUMNS = ("id", "EventSnippet", "SubType")


@dataclass
class Gold:
    """Gold rows read and checked before any extraction: the documents to code, each row's gold fields,
    the ACLED fields the file can score, and the ids that occur more than once."""

    fmt: str
    pairs: list[tuple[Document, dict]]
    fields: tuple[str, ...]
    missing_fields: tuple[str, ...] = ()
    duplicate_ids: list[str] = dataclass_field(default_factory=list)


def sniff_format(path: Path, text: str | None = None) -> str:
    header = (text if text is not None else _read_text(path)).split("\n", 1)[0]
    if "\t" in header and "EventSnippet" in header:
        return "case"
    if "notes" in next(csv.reader([header]), []):
        return "acled"
    raise InputError(
        "gold must be an ACLED export with a notes column or a CASE TSV "
        "(id, EventSnippet, SubType); say which with --format",
        source=str(path),
    )


def read_gold(path: Path, fmt: str | None = None) -> Gold:
    """The gold file's documents and rows; an InputError naming the file, line and column on the first
    problems (a bad encoding, missing columns, short rows, non-numeric fatalities, unreadable dates)."""
    text = _read_text(path)
    fmt = fmt or sniff_format(path, text)
    rows, header = _rows(path, text, "\t" if fmt == "case" else ",")
    required = CASE_COLUMNS if fmt == "case" else ("notes",)
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(f"no {', '.join(missing)} column in the header (found: {', '.join(header)})", source=str(path))
    if not rows:
        raise InputError("the gold file has a header but no rows", source=str(path))
    fields = ("sub_event_type",) if fmt == "case" else tuple(f for f in ACLED_FIELDS if f in header)
    if not fields:
        raise InputError(f"none of the columns sitrep scores ({', '.join(ACLED_FIELDS)})", source=str(path), line=1)
    problems = [p for number, row in rows for p in _row_problems(row, number, header, fields)]
    if problems:
        line, message = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise InputError(f"{message}{more}; nothing was scored", source=str(path), line=line)
    pairs = [_case_pair(row) if fmt == "case" else _acled_pair(row, number) for number, row in rows]
    ids = Counter(doc.id for doc, _ in pairs)
    return Gold(
        fmt,
        pairs,
        fields,
        tuple(f for f in ACLED_FIELDS if f not in header) if fmt == "acled" else (),
        sorted(doc_id for doc_id, n in ids.items() if n > 1),
    )


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=str(path)) from None
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            "not UTF-8 text; save the gold file as UTF-8 (CSV UTF-8)", source=str(path), line=line
        ) from None


def _rows(path: Path, text: str, delimiter: str) -> tuple[list[tuple[int, dict]], list[str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip() for name in (reader.fieldnames or [])]
        reader.fieldnames = header
        return [(reader.line_num, row) for row in reader], header
    except csv.Error as exc:
        raise InputError(f"not readable as CSV: {exc}", source=str(path), line=reader.line_num) from None


def _row_problems(row: dict, number: int, header: list[str], fields: tuple[str, ...]) -> list[tuple[int, str]]:
    if None in row:
        return [(number, "the row has more cells than the header has columns")]
    if any(value is None for value in row.values()):
        return [(number, "the row has fewer cells than the header has columns")]
    problems = []
    if "fatalities" in fields and not _is_count(row["fatalities"]):
        problems.append((number, f"fatalities must be a whole number, got {row['fatalities']!r}"))
    if "event_date" in fields and row["event_date"].strip() and acled_date(row["event_date"]) is None:
        problems.append((number, f"event_date {row['event_date']!r} is not a date (YYYY-MM-DD or 12 March 2021)"))
    return problems


def _is_count(value: str) -> bool:
    text = value.strip()
    if not text:
        return True  # an empty cell is ACLED's 0
    try:
        number = float(text)
    except ValueError:
        return False
    return math.isfinite(number) and number >= 0 and number == int(number)


def _case_pair(row: dict) -> tuple[Document, dict]:
    return Document(id=row["id"], text=row["EventSnippet"]), {"sub_event_type": CASE_LABELS.get(row["SubType"])}


def _acled_pair(row: dict, number: int) -> tuple[Document, dict]:
    day = acled_date(row.get("event_date", ""))
    doc_id = row.get("event_id_cnty") or row.get("data_id") or f"row-{number}"
    return Document(id=doc_id, text=row["notes"], published=day, publisher=row.get("source") or None), row


def acled_date(value: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%b-%y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def normalise(field: str, value) -> str:
    text = "" if value is None else str(value).strip()
    if field in ("actor1", "actor2"):
        text = re.sub(r"\s*\(\d{4}-(\d{4})?\)", "", text).lower()
    if field == "event_date":
        parsed = acled_date(text)
        text = parsed.isoformat() if parsed else text
    if field == "fatalities":
        text = str(int(float(text))) if text and _is_count(text) else (text or "0")
    if field == "admin1":
        text = governorate_key(text)  # ACLED's "Dar'a" is sitrep's "Dara"
    return text.lower()


def score(pairs: list[tuple[dict, Event | None]], fields: tuple[str, ...]) -> dict:
    """Per-field accuracy of the main event, and the confusion of sub-event types."""
    right: Counter = Counter()
    confusion: dict[str, Counter] = defaultdict(Counter)
    predicted: Counter = Counter()
    for gold, event in pairs:
        got = event.to_dict() if event else {}
        for field in fields:
            right[field] += normalise(field, got.get(field)) == normalise(field, gold.get(field))
        gold_type = gold.get("sub_event_type") or NO_EVENT
        got_type = got.get("sub_event_type") or NO_EVENT
        confusion[gold_type][got_type] += 1
        predicted[got_type] += 1
    total = max(len(pairs), 1)
    accuracy = {f: round(right[f] / total, 3) for f in fields}
    accuracy["detected"] = round(
        sum(1 for g, e in pairs if (e is not None) == bool(g.get("sub_event_type"))) / total, 3
    )
    return {
        "rows": len(pairs),
        "accuracy": accuracy,
        "confusion": {k: dict(v) for k, v in confusion.items()},
        "predicted_counts": dict(predicted),
    }


def evaluate(
    path: Path,
    *,
    fmt: str | None = None,
    options: Options | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> dict:
    """Score the coder on a gold file. The file is read and checked whole before anything is coded;
    every row is scored on its own, also when ids repeat (they are listed under `duplicate_ids`); a row
    whose coding fails (reported to on_error) counts as a row where no event was found."""
    from .pipeline import extract_documents

    gold = read_gold(path, fmt)
    rows = {id(doc): row for doc, row in gold.pairs}
    coded = {id(doc): events for doc, events in extract_documents((d for d, _ in gold.pairs), options, on_error)}
    pairs = [(rows[id(doc)], next(iter(coded.get(id(doc)) or []), None)) for doc, _ in gold.pairs]
    report = score(pairs, gold.fields)
    report["format"] = gold.fmt
    report["not_scored"] = list(gold.missing_fields)
    report["duplicate_ids"] = gold.duplicate_ids
    report["failed_rows"] = len(gold.pairs) - len(coded)
    return report

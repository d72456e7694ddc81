"""Score the pipeline against a user's gold: an ACLED export (notes → coded fields) or a CASE TSV."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
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


def sniff_format(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fp:
        header = fp.readline()
    if "\t" in header and "EventSnippet" in header:
        return "case"
    if "notes" in next(csv.reader([header])):
        return "acled"
    raise InputError(
        "gold must be an ACLED export with a notes column or a CASE TSV "
        "(id, EventSnippet, SubType); say which with --format",
        source=str(path),
    )


def read_gold(path: Path, fmt: str) -> list[tuple[Document, dict]]:
    """Input documents and their gold rows."""
    with path.open(encoding="utf-8", newline="") as fp:
        if fmt == "case":
            rows = list(csv.DictReader(fp, delimiter="\t"))
            return [
                (Document(id=r["id"], text=r["EventSnippet"]), {"sub_event_type": CASE_LABELS.get(r["SubType"])})
                for r in rows
            ]
        rows = list(csv.DictReader(fp))
    pairs = []
    for number, row in enumerate(rows, start=2):
        if "notes" not in row:
            raise InputError("no notes column", source=str(path), line=number)
        day = acled_date(row.get("event_date", ""))
        doc_id = row.get("event_id_cnty") or row.get("data_id") or f"row-{number}"
        pairs.append((Document(id=doc_id, text=row["notes"], published=day, publisher=row.get("source")), row))
    return pairs


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
        text = str(int(float(text))) if text else "0"
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


def evaluate(path: Path, *, fmt: str | None = None, options: Options | None = None) -> dict:
    from .pipeline import extract_documents

    fmt = fmt or sniff_format(path)
    gold_pairs = read_gold(path, fmt)
    golds = {doc.id: gold for doc, gold in gold_pairs}
    pairs = [
        (golds[doc.id], events[0] if events else None)
        for doc, events in extract_documents((d for d, _ in gold_pairs), options)
    ]
    report = score(pairs, ("sub_event_type",) if fmt == "case" else ACLED_FIELDS)
    report["format"] = fmt
    return report

"""Events as a flat CSV of the contract fields; claims and sources as JSON columns."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import fields
from typing import TextIO

from ..model import Event

COLUMNS = [f.name for f in fields(Event)]


def write_csv(events: Iterable[Event], fp: TextIO) -> int:
    writer = csv.DictWriter(fp, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for event in events:
        row = event.to_dict()
        row["claims"] = json.dumps(row["claims"], ensure_ascii=False)
        row["sources"] = json.dumps(row["sources"], ensure_ascii=False)
        writer.writerow(row)
        count += 1
    return count

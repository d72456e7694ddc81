"""Invented reports for the scale tests: many small documents in the JSON-lines input format, written
from a few templates of our own so that every document differs (place, figures, date, actors)."""

from __future__ import annotations

import json
from pathlib import Path

PLACES = ["Aleppo", "Idlib", "Homs", "Hama", "Daraa", "Raqqa", "Saraqib", "Palmyra", "Manbij", "Qamishli"]
OPENINGS = [
    "Government artillery pounded residential blocks of {place} before dawn on {day}, leaving {dead} "
    "people dead and {hurt} hurt, a volunteer rescue crew told our correspondent.",
    "Fighters of an armed opposition faction stormed two army checkpoints outside {place} on {day}; "
    "{dead} soldiers lost their lives in the fighting that lasted until noon, a monitoring group said.",
    "A car packed with explosives blew up beside the vegetable market of {place} on {day}, and "
    "hospital staff counted {dead} bodies and {hurt} wounded by the evening.",
    "Security services rounded up {dead} young men during house searches across {place} on {day}, "
    "relatives of those taken said by telephone.",
]
CLOSINGS = [
    "Residents said the roads out of town stayed closed for hours afterwards.",
    "No group had said it was responsible by the time this report went out.",
    "Local traders kept their shops shut the next morning.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def report(number: int) -> dict:
    place = PLACES[number % len(PLACES)]
    body = OPENINGS[number % len(OPENINGS)].format(
        place=place, day=DAYS[number % len(DAYS)], dead=3 + number % 17, hurt=5 + number % 23
    )
    text = f"{body} {CLOSINGS[number % len(CLOSINGS)]}"
    return {
        "id": f"invented-{number:04d}",
        "title": f"Report {number} from {place}",
        "text": text,
        "published": f"2019-0{1 + number % 9}-{10 + number % 18}",
        "publisher": ["Valley Courier", "Northern Ledger", "Plains Wire"][number % 3],
    }


def write_corpus(folder: Path, count: int, *, extras: bool = True) -> Path:
    """`count` reports as reports.jsonl in folder; with extras also an HTML page, a text file, a broken
    JSON line and a second, changed version of one report (which must end up its current revision)."""
    folder.mkdir(parents=True, exist_ok=True)
    records = [report(n) for n in range(count)]
    lines = [json.dumps(r) for r in records]
    if extras:
        lines.insert(count // 2, '{"id": "broken", "text": ')
        changed = dict(records[1], text=records[1]["text"] + " A second strike followed at dusk on the same day.")
        lines.append(json.dumps(changed))
        (folder / "page.html").write_text(
            "<html><head><title>Night raid</title></head><body><nav>Home | World</nav><article>"
            "<h1>Night raid near Homs</h1><p>Warplanes struck a farm compound west of Homs on Sunday night, "
            "and the village's doctor said 4 members of one family were killed.</p></article>"
            "<footer>All rights reserved</footer></body></html>",
            encoding="utf-8",
        )
        (folder / "note.txt").write_text(
            "HAMA, March 3 (Plains Wire) - Two rockets landed on a school yard in Hama on Saturday, "
            "wounding 6 pupils, the city's education office said.\n",
            encoding="utf-8",
        )
    (folder / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder

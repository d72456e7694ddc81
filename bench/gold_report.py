"""sitrep on the gold set (tests/gold): per-item detail for the tuning half, only aggregates for the test half.

    python bench/gold_report.py                    # tuning half: every item sitrep gets wrong, then the figures
    python bench/gold_report.py --all              # ... every item, right or wrong
    python bench/gold_report.py --id clash-ambush-patrol-1
    python bench/gold_report.py --half test        # test half: aggregates only, never its items
    python bench/gold_report.py --events out.jsonl # score events written by `sitrep extract --format jsonl`
    python bench/gold_report.py --pin              # set tests/gold/floors.json to what is measured now

Whoever writes rules reads the tuning half only: the test half's errors are never printed, so that its
figures stay a fair estimate of how sitrep does on text nobody tuned it to.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.gold.gold import GOLD, HALVES, load_items  # noqa: E402
from tests.gold.scoring import GATED, ItemResult, aggregate, read_events, run_sitrep, same_claimant, score  # noqa: E402

FLOORS = GOLD / "floors.json"
SHOWN = ("event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "event_date")
SHOWN += ("admin1", "location", "fatalities")


def claim_text(claim: dict) -> str:
    value = claim.get("value")
    if claim.get("value_high"):
        value = f"{value}-{claim['value_high']}"
    return f"{claim.get('kind')} {value} ({claim.get('quantifier')}, claimant {claim.get('claimant')!r})"


def describe(result: ItemResult) -> list[str]:
    """What sitrep got wrong on one item (or that it got it all right)."""
    item = result.item
    head = f"== {item.id} [{item.kind}, {item.path.name}]"
    if not item.is_event:
        head += f" non-event ({item.non_event})"
    lines = [head, "   " + " ".join(item.text.split())[:300]]
    for i, gold in enumerate(item.events):
        got = result.partner(i)
        wrong = result.wrong_fields(i)
        if got is None:
            lines.append(f"   missed event {i + 1}: {gold['sub_event_type']} | {gold['actor1']} | {gold['event_date']}")
            continue
        for name in (n for n in SHOWN if n in wrong):
            lines.append(f"   event {i + 1} {name}: gold {gold[name]!r} | sitrep {got.get(name)!r}")
    for event in result.spurious:
        lines.append(
            f"   spurious: {event.get('sub_event_type')} | {event.get('actor1')} | {event.get('event_date')}"
            f" | {' '.join(str(event.get('text', '')).split())[:120]}"
        )
    lines += [f"   claim missed: {claim_text(c)}" for c in result.claims_missed]
    lines += [f"   claim extra: {claim_text(c)}" for c in result.claims_extra]
    lines += [
        f"   claimant: gold {g.get('claimant')!r} | sitrep {p.get('claimant')!r} ({claim_text(g)})"
        for g, p in result.claims_matched
        if not same_claimant(g.get("claimant"), p.get("claimant"))
    ]
    if len(lines) == 2:
        lines.append("   all right")
    return lines


def figures_table(half: str, figures: dict, floors: dict | None) -> list[str]:
    lines = [f"-- {half} half: {figures['items']} items ({figures['non_event_items']} non-events), "
             f"{figures['gold_events']} gold events, {figures['sitrep_events']} sitrep events"]  # fmt: skip
    for name, value in figures.items():
        if name in ("items", "event_items", "non_event_items", "gold_events", "sitrep_events"):
            continue
        floor = (floors or {}).get(name)
        fell = floor is not None and value is not None and value < floor
        mark = "" if floor is None else f"   (floor {floor}{' FELL' if fell else ''})"
        lines.append(f"   {name:<36} {value}{mark}")
    return lines


def pin(results: dict[str, list[ItemResult]], allow_lower: bool) -> int:
    """Write the measured figures as floors; lowering one needs --allow-lower (and a reason in the commit)."""
    old = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
    new = {half: {name: aggregate(results[half])[name] for name in GATED} for half in HALVES}
    lowered = {
        n: (old["test"][n], v) for n, v in new["test"].items() if n in old.get("test", {}) and v < old["test"][n]
    }
    if lowered and not allow_lower:
        print(f"not pinned: these test-half floors would fall {lowered}; pass --allow-lower if that is intended")
        return 1
    document = {
        "_comment": "Gated figures of the gold set (tests/gold/README.md). The CI gate fails when the test half "
        "falls below them; the tuning half is recorded for reference. Written by python bench/gold_report.py --pin.",
        **new,
    }
    FLOORS.write_text(json.dumps(document, indent=1) + "\n")
    print(f"pinned {FLOORS}: test half {new['test']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half", choices=HALVES, default="tuning", help="which half to report (default tuning)")
    parser.add_argument("--all", action="store_true", help="tuning half: list right items too")
    parser.add_argument("--id", action="append", default=[], help="tuning half: only this item (repeatable)")
    parser.add_argument("--events", type=Path, help="score these events (JSON lines) instead of running sitrep")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--pin", action="store_true", help="set floors.json to the figures measured now")
    parser.add_argument("--allow-lower", action="store_true", help="with --pin: let a test-half floor fall")
    args = parser.parse_args(argv)

    halves = HALVES if args.pin else (args.half,)
    items = load_items(halves)
    events = read_events(args.events) if args.events else run_sitrep(items)
    results = {half: [r for r in score(items, events) if r.item.half == half] for half in halves}
    if args.pin:
        return pin(results, args.allow_lower)
    half = args.half
    figures = aggregate(results[half])
    if args.json:
        print(json.dumps(figures, indent=1))
        return 0
    floors = json.loads(FLOORS.read_text())["test"] if FLOORS.exists() and half == "test" else None
    if half == "tuning":
        chosen = [r for r in results[half] if (not args.id or r.item.id in args.id)]
        for result in chosen:
            if args.all or args.id or not result.perfect:
                print("\n".join(describe(result)))
        print(f"{sum(r.perfect for r in chosen)} of {len(chosen)} tuning items entirely right")
    print("\n".join(figures_table(half, figures, floors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the designed join of uncoded reports would give on the merge benchmark, before it is built.

docs/canonical-events.md ("Reports without a coded event") designs it: a report the coder reads no
event from joins a canonical event as a member report, on near-verbatim wording or on place and date
together, never on date alone. This bench simulates that rule over the clusters `bench/merge_fit.py`
builds with merge.yaml's settings, per half of the benchmark:

- the uncoded report's places are those the geocoder finds in its text at a town's precision (1 or 2);
- its candidates are the coded events dated on its publication day or the day before;
- it joins the event its text copies (the re-publication test), else the event at one of its places
  (within the radius of the pair's precisions, in the same governorate, the event placed at a town)
  whose wording agrees best, when that agreement reaches a gate;
- the gate is chosen on the fitting half by pair F0.5, as `join` is, and the held-out half is reported.

    python bench/merge_uncoded.py --events events.jsonl   # a `sitrep extract --format jsonl` of the benchmark
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from merge_baseline import benchmark_documents, pair_scores  # noqa: E402
from merge_fit import benchmark_arguments, clustered, extracted_events, gold_reports  # noqa: E402

from sitrep.geo import Gazetteer, find_toponyms  # noqa: E402
from sitrep.merge.cluster import PairCache  # noqa: E402
from sitrep.merge.features import distance_km, is_republication, word_similarity  # noqa: E402
from sitrep.merge.settings import MergeSettings, merge_settings  # noqa: E402
from sitrep.model import Event, Place  # noqa: E402

GATES = (0.0, 0.1, 0.2, 0.35, 0.5)


def town_places(text: str, gazetteer: Gazetteer) -> list[Place]:
    """The places a text names at a town's precision (a region alone is too coarse to join on)."""
    found = (t.place for t in find_toponyms(text, gazetteer))
    return [p for p in found if p.latitude is not None and (p.precision or 3) <= 2]


def joined_event(
    document: dict, places: list[Place], by_day: dict[str, list[Event]], settings: MergeSettings, gate: float
) -> Event | None:
    """The coded event an uncoded report would join, by the designed rule; None when it stays alone."""
    published = date.fromisoformat(document["published"])
    best: tuple[tuple[int, float, str], Event] | None = None
    for shift in (0, 1):
        for event in by_day.get((published - timedelta(days=shift)).isoformat(), ()):
            if is_republication(document["text"], event.text, settings):
                key = (2, 1.0, event.event_id)
            else:
                distance = _nearest(places, event, settings)
                words = word_similarity(document["text"], event.text, settings)
                if distance is None or words < gate:
                    continue
                key = (1, round(words - distance / 1000, 6), event.event_id)
            if best is None or key > best[0]:
                best = (key, event)
    return best[1] if best else None


def _nearest(places: list[Place], event: Event, settings: MergeSettings) -> float | None:
    if event.latitude is None or event.longitude is None or (event.geo_precision or 3) > 2:
        return None
    distances = [
        distance_km(p.latitude, p.longitude, event.latitude, event.longitude)  # type: ignore[arg-type]
        for p in places
        if not event.admin1 or p.admin1 == event.admin1
    ]
    within = [d for d in distances if d <= settings.radius(event.geo_precision, 1)]
    return min(within) if within else None


def main() -> None:
    args = benchmark_arguments(__doc__)
    truth, half = gold_reports(args.shared)
    _, documents = benchmark_documents(args.shared)
    events = [e for e in extracted_events(args.shared, args.events) if e.document_id in truth]
    coded = {e.document_id for e in events}
    gazetteer = Gazetteer.open()
    uncoded = {d["id"]: (d, town_places(d["text"], gazetteer)) for d in documents if d["id"] not in coded}
    settings = merge_settings()
    report: dict = {"uncoded_reports": len(uncoded), "with_a_town": sum(1 for _, p in uncoded.values() if p)}
    scores: dict[str, dict] = {}
    for name in ("fit", "held-out"):
        members = [e for e in events if half[truth[e.document_id]] == name]
        docs = {d for d in truth if half[truth[d]] == name}
        cluster_of = clustered(members, settings, PairCache(settings))
        by_day: dict[str, list[Event]] = defaultdict(list)
        predicted: dict[str, object] = {}
        for event in members:
            by_day[event.event_date or ""].append(event)
            predicted.setdefault(event.document_id, cluster_of[event.event_id])
        scores[name] = {"coded_reports_only": pair_scores(truth, predicted, docs)}
        for gate in GATES:
            joined = dict(predicted)
            for doc_id, (document, places) in uncoded.items():
                if doc_id in docs and (event := joined_event(document, places, by_day, settings, gate)):
                    joined[doc_id] = cluster_of[event.event_id]
            scores[name][gate] = pair_scores(truth, joined, docs)
    gate = max(GATES, key=lambda g: (scores["fit"][g]["pair_f05"], g))
    report.update(
        gate=gate,
        fit=scores["fit"],
        held_out_before=scores["held-out"]["coded_reports_only"],
        held_out_after=scores["held-out"][gate],
    )
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()

"""Score sitrep's events against the gold set, field by field (README.md says what each figure means).

Per item, sitrep's events are aligned one-to-one with the gold events (greedily, most similar pair
first); a gold event left without a partner counts as wrong in every field, a sitrep event left without
one is a spurious event. Claims are compared per item, over all its events.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from unidecode import unidecode

from .gold import GoldItem

SCORED_FIELDS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "event_date", "admin1", "location", "fatalities")
VAGUE = {"several", "dozens", "hundreds", "thousands", "unknown"}  # no numeral: the quantifier is the figure
# Aggregates the floors may hold: higher is better, each a fraction of its own denominator.
GATED = (
    "sub_event_micro_f1",
    "sub_event_macro_f1",
    "event_type",
    "non_event_rejection",
    "actor1",
    "actor2",
    "event_date",
    "admin1",
    "location",
    "fatalities",
    "claims_precision",
    "claims_recall",
    "claimant",
    "article_event_count",
)
ADMIN1_VARIANTS = {  # spellings of Syria's governorates -> one key (others compare as written)
    "al hasakeh": "hasakah", "al hasakah": "hasakah", "hasakah": "hasakah", "hasakeh": "hasakah", "hasaka": "hasakah",
    "lattakia": "latakia", "latakia": "latakia", "al ladhiqiyah": "latakia",
    "quneitra": "quneitra", "al quneitra": "quneitra", "al qunaytirah": "quneitra",
    "ar raqqa": "raqqa", "raqqa": "raqqa", "ar raqqah": "raqqa", "raqqah": "raqqa", "al raqqa": "raqqa",
    "as sweida": "sweida", "sweida": "sweida", "as suwayda": "sweida", "suwayda": "sweida", "al suwayda": "sweida",
    "dara": "daraa", "daraa": "daraa", "deraa": "daraa", "dar a": "daraa",
    "deir ez zor": "deir ez zor", "dayr az zawr": "deir ez zor", "deir ezzor": "deir ez zor", "deir el zor": "deir ez zor",
    "rural damascus": "rif dimashq", "rif dimashq": "rif dimashq", "damascus countryside": "rif dimashq",
    "aleppo": "aleppo", "halab": "aleppo", "hama": "hama", "hamah": "hama", "homs": "homs", "hims": "homs",
    "idleb": "idlib", "idlib": "idlib", "damascus": "damascus", "dimashq": "damascus",
    "tartous": "tartus", "tartus": "tartus",
}  # fmt: skip


def norm_actor(name: str | None) -> str:
    """ACLED names compare without their period span, apostrophes, case or spacing."""
    text = re.sub(r"\(\s*\d{4}\s*-\s*(\d{4})?\s*\)", "", (name or "").lower())
    return " ".join(text.replace("'", "").replace("\u2019", "").split())


def norm_assoc(names: str | None) -> frozenset[str]:
    return frozenset(norm_actor(n) for n in (names or "").split(";") if n.strip())


def fold(name: str | None) -> str:
    text = unidecode(name or "").lower().replace("'", "").replace("`", "")
    text = re.sub(r"\b(governorate|province|muhafazat)\b", " ", re.sub(r"[-_]", " ", text))
    return " ".join(text.split())


def norm_admin1(name: str | None) -> str:
    folded = fold(name)
    return ADMIN1_VARIANTS.get(folded, folded)


def same_place(gold: str | list[str], got: str | None) -> bool:
    """A place matches one of the gold spellings, folded, with the article 'al-' and its kin dropped."""
    if not got:
        return False

    def bare(name: str) -> str:
        return re.sub(r"\b(al|el|ar|as|ad|at|an|az|ash|ath)\b", "", fold(name)).replace(" ", "")

    target = bare(got)
    return any(bare(g) == target or fuzz.ratio(bare(g), target) >= 85 for g in alternatives(gold))


def alternatives(value: str | list[str]) -> list[str]:
    """A gold place is one spelling or a list of acceptable ones."""
    return [value] if isinstance(value, str) else list(value)


def same_claimant(gold: str | None, got: str | None) -> bool:
    """Both absent, or one names the other ("SOHR" vs "the Syrian Observatory ... (SOHR)")."""
    if not gold or not got:
        return not gold and not got
    a, b = (re.sub(r"^(the|a|an)\s+", "", fold(x)) for x in (gold, got))
    return a == b or a in b or b in a


def field_right(name: str, gold: dict[str, Any], got: dict[str, Any] | None) -> bool:
    value = None if got is None else got.get(name)
    if name in ("actor1", "actor2"):
        return got is not None and norm_actor(gold[name]) == norm_actor(value)
    if name in ("assoc_actor_1", "assoc_actor_2"):
        return got is not None and norm_assoc(gold[name]) == norm_assoc(value)
    if name == "admin1":
        return got is not None and norm_admin1(value) in {norm_admin1(g) for g in alternatives(gold[name])}
    if name == "location":
        return got is not None and same_place(gold[name], value)
    if name == "fatalities":
        return got is not None and gold[name] == int(value or 0)
    return got is not None and gold[name] == value


def similarity(gold: dict[str, Any], got: dict[str, Any]) -> float:
    """How alike two events are, for aligning them; the sub-event type weighs most."""
    weights = {"event_date": 1.0, "admin1": 1.0, "actor1": 0.5, "actor2": 0.5, "fatalities": 0.25}
    score = 3.0 * (gold["sub_event_type"] == got.get("sub_event_type"))
    score += 1.5 * (gold["event_type"] == got.get("event_type"))
    score += sum(w for name, w in weights.items() if gold[name] is not None and field_right(name, gold, got))
    if gold["location"]:
        score += field_right("location", gold, got)
    return score


def align(gold: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[tuple[int | None, int | None]]:
    """One-to-one pairs (gold index, sitrep index), most similar first; leftovers pair with None."""
    candidates = sorted(
        ((similarity(g, p), -i, -j) for i, g in enumerate(gold) for j, p in enumerate(got)), reverse=True
    )
    pairs, used_gold, used_got = [], set(), set()
    for score, i, j in candidates:
        i, j = -i, -j
        if score > 0 and i not in used_gold and j not in used_got:
            pairs.append((i, j))
            used_gold.add(i)
            used_got.add(j)
    pairs += [(i, None) for i in range(len(gold)) if i not in used_gold]
    pairs += [(None, j) for j in range(len(got)) if j not in used_got]
    return pairs


def claim_key(claim: dict[str, Any]) -> tuple:
    if claim.get("quantifier") in VAGUE:
        return (claim.get("kind"), claim.get("quantifier"))
    return (claim.get("kind"), int(claim.get("value") or 0))


def distinct_claims(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """A document's claims, each once, though several of its events may carry it."""
    seen, out = set(), []
    for event in events:
        for claim in event.get("claims") or []:
            key = (claim_key(claim), claim.get("value_high"), claim.get("claimant"), claim.get("start_char"))
            if key not in seen:
                seen.add(key)
                out.append(claim)
    return out


def pair_claims(gold: list[dict], got: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Matched (gold, sitrep) claims, the gold ones missed and the sitrep ones extra.

    A numeric claim matches on kind and value (and the upper bound where gold has one), a vague one
    ("several", "dozens") on kind and quantifier; among candidates, one with the right claimant wins.
    """
    left = list(got)
    matched, missed = [], []
    for claim in gold:
        candidates = [
            c
            for c in left
            if claim_key(c) == claim_key(claim)
            and (claim.get("value_high") is None or c.get("value_high") == claim["value_high"])
        ]
        if not candidates:
            missed.append(claim)
            continue
        best = next((c for c in candidates if same_claimant(claim.get("claimant"), c.get("claimant"))), candidates[0])
        left.remove(best)
        matched.append((claim, best))
    return matched, missed, left


@dataclass
class ItemResult:
    item: GoldItem
    events: list[dict[str, Any]]
    pairs: list[tuple[int | None, int | None]]
    claims_matched: list[tuple[dict, dict]] = field(default_factory=list)
    claims_missed: list[dict] = field(default_factory=list)
    claims_extra: list[dict] = field(default_factory=list)

    def wrong_fields(self, gold_index: int) -> list[str]:
        """The fields sitrep got wrong for one gold event (all of them when it has no partner)."""
        gold = self.item.events[gold_index]
        got = self.partner(gold_index)
        names = ["event_type", "sub_event_type", *SCORED_FIELDS]
        return [n for n in names if scored(n, gold) and not field_right(n, gold, got)]

    def partner(self, gold_index: int) -> dict[str, Any] | None:
        j = next(j for i, j in self.pairs if i == gold_index)
        return None if j is None else self.events[j]

    @property
    def spurious(self) -> list[dict[str, Any]]:
        return [self.events[j] for i, j in self.pairs if i is None and j is not None]

    @property
    def perfect(self) -> bool:
        return (
            not self.spurious
            and not any(self.wrong_fields(i) for i in range(len(self.item.events)))
            and not self.claims_missed
            and not self.claims_extra
            and all(same_claimant(g.get("claimant"), p.get("claimant")) for g, p in self.claims_matched)
        )


def scored(name: str, gold: dict[str, Any]) -> bool:
    """A field counts where gold states it: a place only where the text names one below the governorate."""
    if name == "location":
        return bool(gold["location"])
    if name == "admin1":
        return gold["admin1"] is not None
    return True


def score_item(item: GoldItem, events: list[dict[str, Any]]) -> ItemResult:
    result = ItemResult(item=item, events=events, pairs=align(item.events, events))
    gold_claims = [c for e in item.events for c in e["claims"]]
    matched, missed, extra = pair_claims(gold_claims, distinct_claims(events))
    result.claims_matched, result.claims_missed, result.claims_extra = matched, missed, extra
    return result


def _ratio(right: float, total: float) -> float | None:
    return round(right / total, 3) if total else None


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def sub_type_counts(results: list[ItemResult]) -> tuple[Counter, Counter, Counter]:
    """True positives, false positives and false negatives per sub-event type over aligned pairs."""
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for result in results:
        for i, j in result.pairs:
            gold = result.item.events[i]["sub_event_type"] if i is not None else None
            got = result.events[j].get("sub_event_type") if j is not None else None
            if gold is not None and gold == got:
                tp[gold] += 1
                continue
            if gold is not None:
                fn[gold] += 1
            if j is not None:
                fp[got] += 1
    return tp, fp, fn


def sub_type_figures(results: list[ItemResult]) -> dict[str, Any]:
    tp, fp, fn = sub_type_counts(results)
    gold_events = sum(len(r.item.events) for r in results)
    got_events = sum(len(r.events) for r in results)
    types = sorted(set(tp) | set(fn))
    return {
        "gold_events": gold_events,
        "sitrep_events": got_events,
        "sub_event_micro_precision": _ratio(sum(tp.values()), got_events),
        "sub_event_micro_recall": _ratio(sum(tp.values()), gold_events),
        "sub_event_micro_f1": round(_f1(sum(tp.values()), sum(fp.values()), sum(fn.values())), 3),
        "sub_event_macro_f1": round(sum(_f1(tp[t], fp[t], fn[t]) for t in types) / len(types), 3) if types else None,
    }


def field_figures(results: list[ItemResult]) -> dict[str, float | None]:
    """Per gold event (where gold states the field), the share sitrep's partner event gets right."""
    right: Counter = Counter()
    counted: Counter = Counter()
    for result in results:
        for i, gold in enumerate(result.item.events):
            got = result.partner(i)
            for name in ("event_type", *SCORED_FIELDS):
                if scored(name, gold):
                    counted[name] += 1
                    right[name] += field_right(name, gold, got)
    return {name: _ratio(right[name], counted[name]) for name in ("event_type", *SCORED_FIELDS)}


def claim_figures(results: list[ItemResult]) -> dict[str, float | None]:
    matched = [pair for r in results for pair in r.claims_matched]
    n_got = sum(len(r.claims_matched) + len(r.claims_extra) for r in results)
    n_gold = sum(len(r.claims_matched) + len(r.claims_missed) for r in results)
    return {
        "claims_precision": _ratio(len(matched), n_got),
        "claims_recall": _ratio(len(matched), n_gold),
        "claimant": _ratio(sum(same_claimant(g.get("claimant"), p.get("claimant")) for g, p in matched), len(matched)),
        "quantifier": _ratio(sum(g["quantifier"] == p.get("quantifier") for g, p in matched), len(matched)),
    }


def document_figures(results: list[ItemResult]) -> dict[str, float | None]:
    """What holds per item: non-events rejected, events found, articles' event counts, credited outlets."""
    non_events = [r for r in results if not r.item.is_event]
    event_items = [r for r in results if r.item.is_event]
    articles = [r for r in event_items if r.item.kind == "article"]
    credited = [r for r in event_items if r.item.source]
    return {
        "non_event_rejection": _ratio(sum(not r.events for r in non_events), len(non_events)),
        "event_item_detection": _ratio(sum(bool(r.events) for r in event_items), len(event_items)),
        "article_event_count": _ratio(sum(len(r.events) == len(r.item.events) for r in articles), len(articles)),
        "article_event_count_mean_abs_error": _ratio(
            sum(abs(len(r.events) - len(r.item.events)) for r in articles), len(articles)
        ),
        "source": _ratio(
            sum(
                bool(r.events) and all(same_claimant(r.item.source, e.get("source")) for e in r.events)
                for r in credited
            ),
            len(credited),
        ),
    }


def aggregate(results: list[ItemResult]) -> dict[str, Any]:
    """The figures of one half (or any set of items): see README.md for each."""
    out: dict[str, Any] = {
        "items": len(results),
        "event_items": sum(r.item.is_event for r in results),
        "non_event_items": sum(not r.item.is_event for r in results),
    }
    out.update(sub_type_figures(results))
    out.update(field_figures(results))
    out.update(document_figures(results))
    out.update(claim_figures(results))
    out["sub_event_f1_by_kind"] = {
        kind: sub_type_figures(subset)["sub_event_micro_f1"] if subset else None
        for kind in ("sentence", "note", "snippet", "article")
        for subset in [[r for r in results if r.item.kind == kind]]
    }
    return out


def run_sitrep(items: Iterable[GoldItem]) -> dict[str, list[dict[str, Any]]]:
    """sitrep's events for each item, through the library as a user calls it."""
    from sitrep.ingest import document_from_string
    from sitrep.pipeline import extract_document
    from sitrep.settings import Options

    options = Options()
    out = {}
    for item in items:
        document = document_from_string(
            item.text,
            doc_id=item.id,
            options=options,
            published=item.published,
            publisher=item.publisher,
            title=item.title,
        )
        out[item.id] = [event.to_dict() for event in extract_document(document, options)]
    return out


def read_events(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Events from `sitrep extract --format jsonl` (or any coder writing the Event contract), by document."""
    out: dict[str, list[dict[str, Any]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            event = json.loads(line)
            out.setdefault(str(event.get("document_id")), []).append(event)
    return out


def score(items: list[GoldItem], events: dict[str, list[dict[str, Any]]]) -> list[ItemResult]:
    return [score_item(item, events.get(item.id, [])) for item in items]

"""Per-label precision, recall and F1 of predicted against gold labels (NO_EVENT counted like a label)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .training_files import NO_EVENT


def label_report(gold: Sequence[str], predicted: Sequence[str]) -> dict:
    """Accuracy, macro-F1 over the gold labels, and each gold label's support, precision, recall, F1."""
    right = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    gold_counts, predicted_counts = Counter(gold), Counter(predicted)
    classes = {}
    for label in sorted(gold_counts):
        precision = right[label] / predicted_counts[label] if predicted_counts[label] else 0.0
        recall = right[label] / gold_counts[label]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        classes[label] = {
            "support": gold_counts[label],
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
        }
    total = len(gold)
    events = [label for label in classes if label != NO_EVENT]
    event_rows = total - gold_counts[NO_EVENT]
    report = {
        "rows": total,
        "accuracy": round(sum(right.values()) / total, 3) if total else 0.0,
        # CASE's micro-F1: the share of event rows typed right (a missed event counts as wrong)
        "event_accuracy": round(sum(right[label] for label in events) / event_rows, 3) if event_rows else 0.0,
        "macro_f1": round(sum(classes[label]["f1"] for label in events) / len(events), 3) if events else 0.0,
        "classes": classes,
    }
    if gold_counts[NO_EVENT]:
        report["non_events_rejected"] = round(right[NO_EVENT] / gold_counts[NO_EVENT], 3)
    return report

"""The report's images, drawn offline with matplotlib (Agg): events per day, and a map of the events."""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..model import EVENT_TYPES, Event

TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2e86c1",
    "Riots": "#16a085",
    "Strategic developments": "#7f8c8d",
}
_OTHER_COLOUR = "#95a5a6"
_DPI = 110

Ring = Sequence[tuple[float, float]]  # (longitude, latitude) pairs


@dataclass(frozen=True, slots=True)
class Outline:
    """One area to draw under the events: its name and its polygons' outer rings."""

    name: str
    rings: tuple[Ring, ...]


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI, bbox_inches="tight")
    _pyplot().close(figure)
    return buffer.getvalue()


def _ordered_types(types: Iterable[str]) -> list[str]:
    order = list(EVENT_TYPES)
    return sorted(set(types), key=lambda t: (order.index(t) if t in order else len(order), t))


def events_per_day_chart(per_day: dict[date, Counter[str]]) -> bytes:
    """Stacked bars: the number of events of each type on each day of the period."""
    plt = _pyplot()
    days = sorted(per_day)
    types = _ordered_types(t for counts in per_day.values() for t in counts)
    figure, axes = plt.subplots(figsize=(8.0, 2.8))
    bottoms = [0] * len(days)
    for event_type in types:
        heights = [per_day[d][event_type] for d in days]
        axes.bar(
            days,
            heights,
            bottom=bottoms,
            width=0.8,
            label=event_type,
            color=TYPE_COLOURS.get(event_type, _OTHER_COLOUR),
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.set_ylabel("events")
    axes.set_ylim(0, max([*bottoms, 1]) * 1.15)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    figure.autofmt_xdate()
    if types:
        axes.legend(fontsize=7, frameon=False, loc="upper left", ncols=min(3, len(types)))
    return _png(figure)


def events_map(events: Sequence[Event], outlines: Sequence[Outline], *, title: str = "") -> bytes:
    """The located events over the area outlines, marker area by best fatality estimate, colour by type."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7.0, 6.0))
    for outline in outlines:
        for ring in outline.rings:
            xs, ys = zip(*ring, strict=True)
            axes.fill(xs, ys, facecolor="#f4f1ea", edgecolor="#8a8a8a", linewidth=0.6, zorder=1)
    located = [e for e in events if e.latitude is not None and e.longitude is not None]
    for event_type in _ordered_types(e.event_type or "Other" for e in located):
        group = [e for e in located if (e.event_type or "Other") == event_type]
        axes.scatter(
            [e.longitude for e in group],
            [e.latitude for e in group],
            s=[20 + 12 * math.sqrt(e.fatalities_best or e.fatalities or 0) for e in group],
            color=TYPE_COLOURS.get(event_type, _OTHER_COLOUR),
            alpha=0.75,
            edgecolors="white",
            linewidths=0.6,
            label=f"{event_type} ({len(group)})",
            zorder=3,
        )
    _label_outlines(axes, outlines)
    _frame(axes, outlines, located)
    if located:
        axes.legend(fontsize=7, frameon=True, loc="lower left")
    if title:
        axes.set_title(title, fontsize=10)
    return _png(figure)


def _label_outlines(axes, outlines: Sequence[Outline]) -> None:
    for outline in outlines:
        ring = max(outline.rings, key=len, default=None)
        if not ring:
            continue
        xs, ys = zip(*ring, strict=True)
        axes.annotate(
            outline.name,
            (sum(xs) / len(xs), sum(ys) / len(ys)),
            fontsize=6.5,
            color="#555555",
            ha="center",
            zorder=2,
        )


def _frame(axes, outlines: Sequence[Outline], located: Sequence[Event]) -> None:
    """Keep the outlines (or the events alone) in view, with degrees square at the area's latitude."""
    points = [pt for o in outlines for ring in o.rings for pt in ring]
    points += [(e.longitude, e.latitude) for e in located]
    if points:
        xs, ys = zip(*points, strict=True)
        pad = max(0.3, 0.04 * max(max(xs) - min(xs), max(ys) - min(ys)))
        axes.set_xlim(min(xs) - pad, max(xs) + pad)
        axes.set_ylim(min(ys) - pad, max(ys) + pad)
        axes.set_aspect(1 / math.cos(math.radians((min(ys) + max(ys)) / 2)))
    axes.set_xlabel("longitude", fontsize=7)
    axes.set_ylabel("latitude", fontsize=7)
    axes.tick_params(labelsize=7)

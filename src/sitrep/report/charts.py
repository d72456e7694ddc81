"""The report's images, drawn offline with matplotlib (Agg): events per day, and a map of the events."""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import ConfigError
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
    """One area to draw under the events: a country or a governorate, its polygons' outer rings."""

    name: str
    rings: tuple[Ring, ...]
    level: str = "admin1"  # "country" or "admin1"
    country: str = ""


def _figure(width: float, height: float):
    """A figure and its axes, without pyplot: no global state, no GUI backend, safe in any process."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ConfigError("sitrep report needs the report extra: pip install 'sitrep[report]'") from None
    figure = Figure(figsize=(width, height))
    return figure, figure.subplots()


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI, bbox_inches="tight")  # PNG through matplotlib's Agg canvas
    return buffer.getvalue()


def _ordered_types(types: Iterable[str]) -> list[str]:
    order = list(EVENT_TYPES)
    return sorted(set(types), key=lambda t: (order.index(t) if t in order else len(order), t))


def timeline_unit(days: int) -> str:
    """The bar a period's chart counts per: a day up to a quarter, then a week up to two years, then a month."""
    return "day" if days <= 92 else "week" if days <= 731 else "month"


def _bin_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def events_per_day_chart(per_day: dict[date, Counter[str]]) -> bytes:
    """Stacked bars: the number of events of each type per day (per week or month over long periods)."""
    unit = timeline_unit(len(per_day))
    bins: dict[date, Counter[str]] = {}
    for day in sorted(per_day):
        bins.setdefault(_bin_start(day, unit), Counter()).update(per_day[day])
    starts = sorted(bins)
    types = _ordered_types(t for counts in bins.values() for t in counts)
    figure, axes = _figure(10.0, 2.3)
    width = {"day": 0.8, "week": 5.6, "month": 24.0}[unit]
    bottoms = [0] * len(starts)
    for event_type in types:
        heights = [bins[d][event_type] for d in starts]
        colour = TYPE_COLOURS.get(event_type, _OTHER_COLOUR)
        axes.bar(
            starts,
            heights,
            bottom=bottoms,
            width=width,
            align="edge" if unit != "day" else "center",
            label=event_type,
            color=colour,
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.set_ylabel(f"events per {unit}")
    axes.set_ylim(0, max([*bottoms, 1]) * 1.15)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    _date_axis(axes, starts, unit)
    if types:
        axes.legend(fontsize=7, frameon=False, loc="upper left", ncols=min(3, len(types)))
    return _png(figure)


def _date_axis(axes, starts: list[date], unit: str) -> None:
    import matplotlib.dates as mdates

    if len(starts) <= 16:
        axes.set_xticks(starts)
    else:
        axes.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=12))
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%d %b" if unit != "month" else "%b %Y"))
    axes.tick_params(axis="x", labelsize=8)


def events_map(events: Sequence[Event], outlines: Sequence[Outline]) -> bytes:
    """The located events over country and governorate outlines; marker area by best estimate, colour by type."""
    figure, axes = _figure(7.0, 6.0)
    located = [e for e in events if e.latitude is not None and e.longitude is not None]
    focus = {e.country for e in located if e.country}
    extent = _extent(outlines, located, focus)
    for outline in sorted(outlines, key=lambda o: o.level != "country"):
        inside = outline.country in focus or outline.name in focus
        for ring in outline.rings:
            xs, ys = zip(*ring, strict=True)
            if max(xs) < extent[0] or min(xs) > extent[2] or max(ys) < extent[1] or min(ys) > extent[3]:
                continue
            if outline.level == "country":
                axes.fill(xs, ys, facecolor="#f4f1ea" if inside else "#e9e9e9", edgecolor="#6f6f6f", linewidth=0.9)
            else:
                axes.plot(xs, ys, color="#a8a8a8" if inside else "#c8c8c8", linewidth=0.5)
    for event_type in _ordered_types(e.event_type or "Other" for e in located):
        group = [e for e in located if (e.event_type or "Other") == event_type]
        axes.scatter(
            [e.longitude for e in group],
            [e.latitude for e in group],
            s=[marker_area(e.fatalities_best or e.fatalities or 0) for e in group],
            color=TYPE_COLOURS.get(event_type, _OTHER_COLOUR),
            alpha=0.8,
            edgecolors="white",
            linewidths=0.7,
            label=f"{event_type} ({len(group)})",
            zorder=3,
        )
    _label_governorates(axes, [o for o in outlines if o.level == "admin1" and o.country in focus], extent)
    _frame(axes, extent)
    if located:
        legend = axes.legend(fontsize=7, frameon=True, framealpha=0.9, loc="lower right")
        for handle in legend.legend_handles:
            handle.set_sizes([marker_area(0)])
    return _png(figure)


def marker_area(deaths: int) -> float:
    """Marker area in points²: grows with the log of the deaths, so a massacre does not cover a governorate."""
    return 24 + 45 * math.log1p(deaths)


def _extent(outlines: Sequence[Outline], located: Sequence[Event], focus: set[str]) -> tuple[float, ...]:
    """West, south, east, north: the countries the events lie in, and every event."""
    points = [pt for o in outlines if o.level == "country" and o.name in focus for ring in o.rings for pt in ring]
    points += [(e.longitude, e.latitude) for e in located if e.longitude is not None and e.latitude is not None]
    if not points:
        points = [pt for o in outlines for ring in o.rings for pt in ring] or [(0.0, 0.0)]
    xs, ys = zip(*points, strict=True)
    pad = max(0.3, 0.05 * max(max(xs) - min(xs), max(ys) - min(ys)))
    return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad


def _label_governorates(axes, outlines: Sequence[Outline], extent: tuple[float, ...]) -> None:
    west, south, east, north = extent
    for outline in outlines:
        ring = max(outline.rings, key=_area, default=None)
        if not ring:
            continue
        x, y = _centroid(ring)
        if west < x < east and south < y < north:
            axes.annotate(outline.name, (x, y), fontsize=6.5, color="#666666", ha="center", va="center", zorder=2)


def _area(ring: Ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True)) / 2)


def _centroid(ring: Ring) -> tuple[float, float]:
    pairs = list(zip(ring, [*ring[1:], ring[0]], strict=True))
    cross = [x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs]
    area = sum(cross) / 2
    if abs(area) < 1e-12:
        return sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring)
    cx = sum((x0 + x1) * c for ((x0, _), (x1, _)), c in zip(pairs, cross, strict=True)) / (6 * area)
    cy = sum((y0 + y1) * c for ((_, y0), (_, y1)), c in zip(pairs, cross, strict=True)) / (6 * area)
    return cx, cy


def _frame(axes, extent: tuple[float, ...]) -> None:
    """Show the extent, with degrees square at its latitude."""
    west, south, east, north = extent
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    axes.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    axes.tick_params(labelsize=7)
    axes.set_facecolor("#dfe9f2")

"""Rendering a situation report to HTML (images inline) or Markdown (images beside it) with Jinja2."""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import __version__
from ..errors import ConfigError
from ..model import Claim
from ..output_files import open_output
from .charts import Outline, events_map, events_per_day_chart, timeline_unit
from .pdf import html_to_pdf
from .summary import ReportScope, SituationReport, key_points, long_date

EVENT_LIST_LIMIT = 300  # rows of the "All events" table; the tables above count every event
FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".pdf": "pdf"}
_QUANTIFIER_WORDS = {
    "at_least": "at least {v}",
    "up_to": "up to {v}",
    "more_than": "more than {v}",
    "less_than": "fewer than {v}",
    "about": "about {v}",
    "several": "several ({v})",
    "dozens": "dozens ({v})",
    "hundreds": "hundreds ({v})",
    "thousands": "thousands ({v})",
    "unknown": "an unknown number",
}


@dataclass(frozen=True, slots=True)
class ReportImages:
    """The report's PNG images."""

    map: bytes | None
    events_per_day: bytes | None


def draw_images(report: SituationReport, outlines: Sequence[Outline]) -> ReportImages:
    if report.empty:
        return ReportImages(None, None)
    return ReportImages(
        events_map([line.event for line in report.events], outlines), events_per_day_chart(report.per_day)
    )


def claim_figure(claim: Claim) -> str:
    """A claim's figure as a reader says it: 'at least 20', '20-30', 'dozens (12)'."""
    if claim.quantifier == "range" or (claim.value_high and claim.value_high != claim.value):
        return f"{claim.value}–{claim.value_high}"
    return _QUANTIFIER_WORDS.get(claim.quantifier, "{v}").format(v=claim.value)


def period_label(start: date, end: date) -> str:
    if start == end:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


def _environment():
    try:
        import jinja2
    except ImportError:
        raise ConfigError("sitrep report needs the report extra: pip install 'sitrep[report]'") from None
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sitrep.report", "templates"),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(figure=claim_figure, long_date=long_date)
    env.globals.update(period_label=period_label)
    return env


def render_html(report: SituationReport, images: ReportImages) -> str:
    """One self-contained HTML page: styles inline and images as data URIs, so it can be mailed as is."""
    uris = {name: _data_uri(png) for name, png in _named(images).items()}
    return _environment().get_template("report.html.j2").render(**_context(report), images=uris)


def render_markdown(report: SituationReport, image_paths: dict[str, str]) -> str:
    """Markdown that links its images by the relative paths given."""
    return _environment().get_template("report.md.j2").render(**_context(report), images=image_paths)


def _context(report: SituationReport) -> dict[str, object]:
    scope = report.scope
    where = ", ".join(scope.admin1) if scope.admin1 else "all governorates"
    what = ", ".join(scope.event_types) if scope.event_types else "all event types"
    suffix = "".join(f" in {', '.join(v)}" for v in (scope.admin1, scope.event_types) if v)
    return {
        "r": report,
        "points": key_points(report),
        "scope_line": f"{long_date(scope.date_from)} to {long_date(scope.date_to)} · {where} · {what}",
        "scope_suffix": suffix,
        "version": __version__,
        "timeline_unit": timeline_unit(len(scope.days)),
        "event_list_limit": EVENT_LIST_LIMIT,
        "region": region_label(report),
        "events_command": _events_command(scope),
    }


def write_report(report: SituationReport, output: Path, outlines: Sequence[Outline]) -> list[Path]:
    """Render the report in the format its file name asks for; return every file written."""
    fmt = FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise ConfigError(
            f"-o {output}: the report is written as .html, .md or .pdf, not {output.suffix or 'no suffix'!r}"
        )
    images = draw_images(report, outlines)
    if fmt == "html":
        write_output(output, render_html(report, images).encode("utf-8"))
        return [output]
    if fmt == "pdf":
        write_output(output, html_to_pdf(render_html(report, images)))
        return [output]
    written = []
    folder = output.with_name(f"{output.stem}_files")
    paths: dict[str, str] = {}
    for name, png in _named(images).items():
        target = folder / f"{name}.png"
        write_output(target, png)
        written.append(target)
        paths[name] = f"{folder.name}/{target.name}"
    write_output(output, render_markdown(report, paths).encode("utf-8"))
    return [output, *written]


def write_output(path: Path, data: bytes) -> None:
    """Write a file whole or not at all, through sitrep's one output writer (no store, SQLite file or planted
    link is written over; a pipe or device is written directly)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"-o {path}: cannot create its folder: {exc.strerror}") from None
    with open_output(path, binary=True) as fp:
        fp.write(data)


def region_label(report: SituationReport) -> str:
    """What the title names: the governorates asked for, else the countries of the events (most events first)."""
    if report.scope.admin1:
        return ", ".join(report.scope.admin1)
    countries = Counter(line.event.country for line in report.events if line.event.country)
    names = [name for name, _ in countries.most_common(3)]
    if len(countries) > 3:
        names.append("elsewhere")
    return ", ".join(names) or "all areas"


def _events_command(scope: ReportScope) -> str:
    """The `sitrep events` command that lists the report's events (one governorate and type at a time)."""
    words = ["sitrep events", f"--from {scope.date_from}", f"--to {scope.date_to}"]
    words += [f'--admin1 "{a}"' for a in scope.admin1[:1]] + [f'--type "{t}"' for t in scope.event_types[:1]]
    return " ".join(words)


def _named(images: ReportImages) -> dict[str, bytes]:
    named = {"events-map": images.map, "events-per-day": images.events_per_day}
    return {name: png for name, png in named.items() if png}


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

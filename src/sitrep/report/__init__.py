"""Situation reports: a period's events summarised by governorate and type, with map, chart, claims and sources."""

from .charts import Outline
from .render import render_html, render_markdown, write_report
from .summary import ReportScope, SituationReport, build_report, key_points

__all__ = [
    "Outline",
    "ReportScope",
    "SituationReport",
    "build_report",
    "key_points",
    "render_html",
    "render_markdown",
    "write_report",
]

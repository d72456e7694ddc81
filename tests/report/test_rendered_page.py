"""The HTML report as a reader sees it: opened in a real headless Chromium, its map and chart drawn."""

from __future__ import annotations

import os
import re

import pytest

from sitrep.pipeline import report_outlines, write_situation_report
from sitrep.report import ReportScope
from sitrep.report.pdf import CHROMIUM_FLAGS, chromium_executable

from .conftest import WEEK


def chromium_path() -> str:
    path = chromium_executable()
    if path is None:
        message = "Debian's chromium is not installed (bash .ci/chromium.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_FLAGS))
        yield browser
        browser.close()


def test_the_report_opens_in_chromium_with_its_map_and_chart_drawn(browser, seeded_db, tmp_path):
    assert report_outlines(), "the map needs the packaged outlines"
    output = tmp_path / "week.html"
    write_situation_report(ReportScope(*WEEK), output, db_url=seeded_db)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(output.as_uri())
    for image in ("events-map", "events-per-day"):
        size = page.eval_on_selector(f"#{image}", "img => [img.complete, img.naturalWidth, img.naturalHeight]")
        assert size[0] and size[1] > 300 and size[2] > 150, (image, size)
        box = page.locator(f"#{image}").bounding_box()
        assert box["width"] > 300 and box["height"] > 100, (image, box)
    assert page.title() == "Situation report: Syria, 1–7 March 2021"
    assert page.locator("#conflicts .conflict").count() == 1
    screenshot = page.screenshot(full_page=True)
    assert screenshot.startswith(b"\x89PNG") and len(screenshot) > 50_000
    page.close()


def test_a_pdf_report_is_printed_by_chromium(seeded_db, tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_CHROMIUM", chromium_path())
    output = tmp_path / "week.pdf"
    assert write_situation_report(ReportScope(*WEEK), output, db_url=seeded_db) == [output]
    pdf = output.read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 50_000  # the map and the chart are in it
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 2
    assert not list(tmp_path.glob("*.partial"))

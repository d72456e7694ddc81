"""The dashboard in a real headless Chromium over `sitrep serve` and a seeded store (no network)."""

from pathlib import Path

from tests.api.seed import CURRENT_EVENTS

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LOCATED = CURRENT_EVENTS - 1  # the detention report has no place


def _list_dates(page):
    return page.eval_on_selector_all("#list li time", "items => items.map(t => t.textContent)")


def test_map_slider_list_and_event_card_work_in_a_real_browser(served, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("pageerror", lambda error: failed.append(str(error)))
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "/events?" in request.url else None)
    page.goto(served)
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)
    assert len(asked) == 1 and "format=columns" in asked[0], "the page's early request is the one the map uses"

    assert page.get_attribute("body", "data-markers") == str(LOCATED)
    drawn = page.locator("path.sitrep-marker").count() + page.locator(".sitrep-cluster").count()
    assert drawn >= 1 and page.locator("path.sitrep-marker").count() <= LOCATED
    assert page.locator("path.sitrep-conflict").count() + page.locator(".sitrep-cluster i").count() >= 1
    page.wait_for_selector("body[data-outlines]")
    assert page.locator(".leaflet-outlines-pane path").count() > 200, "the offline outlines are drawn"
    assert len(_list_dates(page)) == CURRENT_EVENTS
    assert page.locator("#list .badge.conflict").count() == 1

    slider = page.locator("#slider")
    slider.focus()
    page.keyboard.press("Home")  # back to the first day: only the events up to then remain
    page.wait_for_function("document.querySelectorAll('#list li').length === 1")
    assert _list_dates(page) == ["2021-02-19"]
    for _ in range(11):
        page.keyboard.press("ArrowRight")  # to 2021-03-02, the ambush
    page.wait_for_function("document.querySelectorAll('#list li').length === 2")
    assert page.inner_text("#slider-label") == "up to 2021-03-02"

    page.locator("#list li button", has_text="Armed clash").click()
    page.wait_for_selector("#card .claims")
    card = page.inner_text("#card")  # one event from two outlets: both reports, every claim, the range
    assert "Activists said 9 soldiers were killed" in card and "an army source said 2 soldiers" in card
    assert "2 independent outlet(s), 2 report(s)" in card and "2 – 2 – 9" in card.replace("\n", " ")
    assert "joined with score" in page.inner_text("#card .reports")
    conflict = page.inner_text("#card .conflict-box")
    assert conflict.startswith("Conflicting claims") and "an army source" in conflict and "Activists" in conflict
    marks = page.eval_on_selector_all("#card mark", "m => m.map(x => x.textContent)")
    assert marks == ["9 soldiers", "4 soldiers", "2 soldiers"]

    page.locator("#card a.document", has_text="Army patrol attacked").click()
    page.wait_for_selector("#card .document-text mark")
    passage = page.locator("#card .document-text mark")
    assert "Insurgents attacked an army patrol" in passage.inner_text()
    passage.click()  # the passage leads back to the canonical event it is a report of
    page.wait_for_selector("#card .claims")
    assert "Patrol ambushed near Tal Rifaat" in page.inner_text("#card .reports")

    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#list li button").first.click()
    page.wait_for_selector("#card .claims")
    for target in (tmp_path / "dashboard.png", ARTIFACTS / "dashboard.png"):
        page.screenshot(path=str(target))
    assert failed == []
    page.close()


def test_filters_go_to_the_api_and_narrow_map_and_list(served, browser):
    page = browser.new_page()
    page.goto(served)
    page.wait_for_selector("body[data-ready='1']")
    page.select_option("select[name=admin1]", "Idleb")
    page.fill("input[name=min_fatalities]", "7")
    page.evaluate("document.body.dataset.ready = '0'")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("body[data-ready='1']")
    assert page.get_attribute("body", "data-markers") == "1"
    assert "Air/drone strike" in page.inner_text("#list")
    assert "admin1=Idleb" in page.url and "min_fatalities=7" in page.url
    page.close()

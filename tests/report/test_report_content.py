"""A report built over a seeded store: its sections, its figures against the store's, its conflicts and sources."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from sitrep.errors import ConfigError
from sitrep.merge.settings import merge_settings
from sitrep.pipeline import report_events, report_outlines
from sitrep.profiles import load_profiles
from sitrep.report import ReportScope, build_report, render_html, render_markdown, write_report
from sitrep.report.render import draw_images
from sitrep.store import EventFilter, Store

from .conftest import WEEK

SECTIONS = (
    "summary",
    "map-and-trend",
    "by-governorate",
    "by-type",
    "actors",
    "most-lethal",
    "conflicts",
    "events",
    "sources",
)
GENERATED = datetime(2021, 3, 8, 9, 0)


def make_report(db: str, scope: ReportScope, profiles=None):
    events, before = (
        report_events(s.date_from, s.date_to, admin1=s.admin1, event_types=s.event_types, db_url=db)
        for s in (scope, scope.previous() or scope)
    )
    return build_report(
        events,
        scope,
        profiles or load_profiles(),
        conflict_ratio=merge_settings().conflict_ratio,
        previous_events=before,
        generated=GENERATED,
    )


def store_events(db: str, **filters):
    store = Store.open(db)
    try:
        return store.query_clusters(EventFilter(date_from=WEEK[0], date_to=WEEK[1], **filters))
    finally:
        store.close()


def figure(html: str, name: str, row: str | None = None) -> int:
    if row is not None:
        html = re.search(rf'<tr data-row="{re.escape(row)}".*?</tr>', html, re.S).group(0)
    return int(re.search(rf'data-figure="{name}">(\d+)<', html).group(1))


@pytest.fixture(scope="module")
def week(seeded_db):
    report = make_report(seeded_db, ReportScope(*WEEK))
    return report, render_html(report, draw_images(report, report_outlines()))


def test_the_headline_figures_are_the_stores(seeded_db, week):
    report, html = week
    stored = store_events(seeded_db)
    assert len(stored) == 5  # the event two days after the week stays out
    assert figure(html, "events") == report.totals.events == len(stored)
    assert figure(html, "fatalities") == report.totals.fatalities == sum(e.fatalities for e in stored)
    assert figure(html, "best") == report.totals.best == sum(e.fatalities_best or 0 for e in stored)
    assert figure(html, "low") == sum(e.fatalities_low or 0 for e in stored)
    assert figure(html, "high") == sum(e.fatalities_high or 0 for e in stored)
    assert figure(html, "outlets") == 7  # six publishers and one re-publisher


def test_two_outlets_reporting_one_clash_count_as_one_event_with_the_range_of_their_figures(week):
    report, html = week
    [clash] = [line for line in report.events if line.event.location == "Saraqab"]
    assert clash.documents == ["w1", "w1b"] and clash.reported_by == "SANA, Enab Baladi"
    event = clash.event
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high, event.fatalities) == (7, 9, 30, 7)
    assert {(c.claimant, c.outlet) for c in clash.claims} >= {("rebels", "Enab Baladi"), ("a military source", "SANA")}
    lethal = html.split('<section id="most-lethal">')[1].split("</section>")[0]
    assert "reported by SANA, Enab Baladi" in lethal and "documents w1, w1b" in lethal


def test_each_governorate_and_type_row_is_the_stores_count(seeded_db, week):
    report, html = week
    for admin1 in ("Idleb", "Al Hasakeh", "As-Sweida"):
        stored = store_events(seeded_db, admin1=admin1)
        assert figure(html, "events", row=admin1) == len(stored)
        assert figure(html, "best", row=admin1) == sum(e.fatalities_best or 0 for e in stored)
    assert figure(html, "events", row="Governorate unknown") == 1
    for event_type in ("Battles", "Armed clash", "Air/drone strike"):
        assert figure(html, "events", row=event_type) == len(store_events(seeded_db, event_type=event_type))
    assert report.admin1_count == figure(html, "governorates") == 3


def test_every_section_is_there_with_both_images(week):
    _, html = week
    for section in SECTIONS:
        assert f'<section id="{section}">' in html, section
    for image in ("events-map", "events-per-day"):
        assert re.search(rf'<img id="{image}" src="data:image/png;base64,[A-Za-z0-9+/]{{1000,}}', html), image


def test_most_lethal_events_come_first_with_their_claims(week):
    report, html = week
    assert [line.event.document_id for line in report.most_lethal] == ["w2", "w1", "w5"]
    section = html.split('<section id="most-lethal">')[1].split("</section>")[0]
    assert section.index("Ariha") < section.index("Saraqab")
    assert "Twelve villagers died when jets struck a bakery." in section


def test_every_claim_in_the_conflict_section_has_a_claimant_and_outlet(week):
    report, html = week
    assert len(report.conflicts) == 1
    conflict = report.conflicts[0]
    assert [c.claim.value for c in conflict.claims] == [7, 30] and conflict.ratio > 2
    assert all(c.claimant and c.outlet == "SANA" for c in conflict.claims)
    section = html.split('<section id="conflicts">')[1].split("</section>")[0]
    for claim in conflict.claims:
        assert f"<th>{claim.claimant}</th>" in section
    assert section.count("via SANA") == 2 and "state media" in section


def test_an_unattributed_claim_is_the_outlets_own_reporting(week):
    report, _ = week
    strike = next(line for line in report.events if line.event.document_id == "w2")
    assert strike.claims[0].claimant == "SOHR (own reporting)"


def test_every_source_shows_its_profile_or_says_it_has_none(week):
    report, html = week
    names = [s.name for s in report.sources]
    assert set(names) == {"SANA", "Enab Baladi", "SOHR", "Ahram Online", "Hawar News", "Valley Courier", "TASS"}
    section = html.split('<section id="sources">')[1]
    assert "Syria ranked 175 of 180" in section and "RSF World Press Freedom Index (2023)" in section
    assert "European Alliance of News Agencies" in section  # TASS's reliability note with its list
    courier = section.split("<h3>Valley Courier")[1].split('<div class="profile">')[0]
    assert "No profile on file" in courier
    ahram = next(s for s in report.sources if s.name == "Ahram Online")
    assert ahram.republishes_here == ("SOHR",)


def test_a_profile_from_the_users_file_shows_in_the_report(seeded_db, tmp_path):
    extra = tmp_path / "outlets.yaml"
    extra.write_text("- name: Valley Courier\n  kind: newspaper\n  country: Syria\n  state_affiliation: none\n")
    report = make_report(seeded_db, ReportScope(*WEEK), load_profiles(extra_files=(extra,)))
    html = render_html(report, draw_images(report, []))
    courier = html.split("<h3>Valley Courier")[1].split('<div class="profile">')[0]
    assert "No profile on file" not in courier and str(extra) in courier


def test_filters_keep_only_the_governorates_and_types_asked_for(seeded_db):
    idlib = make_report(seeded_db, ReportScope(*WEEK, admin1=("idleb",)))
    assert {line.event.document_id for line in idlib.events} == {"w1", "w2"}
    both = make_report(seeded_db, ReportScope(*WEEK, admin1=("Idleb", "Al Hasakeh"), event_types=("Battles",)))
    assert [line.event.document_id for line in both.events] == ["w1"]


def test_an_empty_period_says_so_plainly(seeded_db, tmp_path):
    report = make_report(seeded_db, ReportScope(date(2019, 1, 1), date(2019, 1, 7)))
    assert report.empty
    html = render_html(report, draw_images(report, []))
    assert "No events recorded</b> between 1 January 2019 and 7 January 2019" in html
    assert "<img" not in html
    written = write_report(report, tmp_path / "empty.md", [])
    assert written == [tmp_path / "empty.md"]
    assert "**No events recorded** between 1 January 2019 and 7 January 2019" in written[0].read_text()


def test_markdown_report_links_its_images_written_beside_it(seeded_db, tmp_path):
    report = make_report(seeded_db, ReportScope(*WEEK))
    output = tmp_path / "out" / "week.md"
    written = write_report(report, output, report_outlines())
    assert written[0] == output and len(written) == 3
    text = output.read_text()
    for path in written[1:]:
        assert path.read_bytes().startswith(b"\x89PNG") and f"(week_files/{path.name})" in text
    assert "## Conflicting claims" in text and "| a military source | government | 7 soldiers killed | SANA" in text
    assert render_markdown(report, {"events-map": "m.png", "events-per-day": "d.png"}).count("![") == 2


def test_an_output_name_without_a_known_suffix_is_one_error(seeded_db, tmp_path):
    report = make_report(seeded_db, ReportScope(*WEEK))
    with pytest.raises(ConfigError, match=r"\.html, \.md or \.pdf"):
        write_report(report, tmp_path / "week.docx", [])
    assert not list(tmp_path.iterdir())


def test_actor_rows_count_the_events_an_actor_is_in(seeded_db, week):
    report, html = week
    for actor in ("Military Forces of Syria (2000-)", "Civilians (Syria)", "Protesters (Syria)"):
        stored = [e for e in store_events(seeded_db) if actor in (e.actor1, e.actor2)]
        assert figure(html, "events", row=actor) == len(stored), actor
    assert [row.figures.events for row in report.actors] == sorted(
        (r.figures.events for r in report.actors), reverse=True
    )


def test_key_points_compare_with_the_days_before(seeded_db):
    later = make_report(seeded_db, ReportScope(date(2021, 3, 8), date(2021, 3, 14)))
    assert later.scope.previous() == ReportScope(*WEEK)
    assert later.previous.events == 5 and later.totals.events == 1
    from sitrep.report import key_points

    assert "The 7 days before (1 March 2021 to 7 March 2021): 5 events and 24 killed (−4 events, +26 killed" in (
        " ".join(key_points(later))
    )


def test_a_long_event_list_is_cut_with_the_command_for_the_rest(week, monkeypatch):
    report, _ = week
    monkeypatch.setattr("sitrep.report.render.EVENT_LIST_LIMIT", 2)
    html = render_html(report, draw_images(report, []))
    section = html.split('<section id="events">')[1].split("</section>")[0]
    assert section.count('<td class="date">') == 2
    assert "The first 2 of 5 events" in section and "sitrep events --from 2021-03-01 --to 2021-03-07" in section
    assert figure(html, "events") == 5  # the tables still count every event


def test_the_report_quotes_the_conflict_ratio_the_merge_stage_used(seeded_db, tmp_path, monkeypatch):
    from dataclasses import replace

    from sitrep.merge import settings
    from sitrep.pipeline import write_situation_report

    stricter = replace(settings.merge_settings(), conflict_ratio=3.0)
    monkeypatch.setattr(settings, "merge_settings", lambda: stricter)
    written = write_situation_report(ReportScope(*WEEK), tmp_path / "r.md", db_url=seeded_db)
    assert "differ by more than 3×" in written[0].read_text()
    assert "2×" not in written[0].read_text()

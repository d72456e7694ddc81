"""End-to-end: `sitrep report` over the demo database of the README, against `sitrep events` for the same week."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def run(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "sitrep", *args]
    return subprocess.run(command, capture_output=True, text=True, env=os.environ.copy(), timeout=300)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'sitrep.db'}"
    result = run("ingest", "--db", db, str(EXAMPLES))
    assert result.returncode == 0, result.stderr
    return db


def figure(html: str, name: str) -> int:
    return int(re.search(rf'data-figure="{name}">(\d+)<', html).group(1))


def test_the_weekly_report_figures_match_sitrep_events(demo_db, tmp_path):
    week = ("--from", "2020-07-01", "--to", "2020-07-07")
    output = tmp_path / "week.html"
    result = run("report", "--db", demo_db, *week, "--profiles", str(EXAMPLES / "publishers.yaml"), "-o", str(output))
    assert result.returncode == 0, result.stderr
    events = [
        json.loads(line) for line in run("events", "--db", demo_db, *week, "--format", "jsonl").stdout.splitlines()
    ]
    html = output.read_text(encoding="utf-8")
    assert events and figure(html, "events") == len(events)
    assert figure(html, "fatalities") == sum(e["fatalities"] for e in events)
    assert figure(html, "best") == sum(e["fatalities_best"] or 0 for e in events)
    assert figure(html, "conflicts") >= 1  # the example whose two claimants disagree
    lethal = html.split('<section id="most-lethal">')[1].split("</section>")[0]
    assert "Syrian Observatory for Human Rights <span" in lethal  # a claimant that is an outlet shows its profile
    assert "re-published copy of Syria Frontline Review" in html  # the examples' own profiles were read
    assert "No profile on file" not in html


def test_report_errors_are_one_line(demo_db, tmp_path):
    backwards = run(
        "report", "--db", demo_db, "--from", "2020-07-07", "--to", "2020-07-01", "-o", str(tmp_path / "r.html")
    )
    assert backwards.returncode == 1 and "--from 2020-07-07 is after --to 2020-07-01" in backwards.stderr
    suffix = run("report", "--db", demo_db, "--from", "2020-07-01", "--to", "2020-07-07", "-o", str(tmp_path / "r.txt"))
    assert suffix.returncode == 1 and ".html, .md or .pdf" in suffix.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("- name: X\n  owner: nobody\n")
    bad_profiles = run(
        "report",
        "--db",
        demo_db,
        "--from",
        "2020-07-01",
        "--to",
        "2020-07-07",
        "--profiles",
        str(broken),
        "-o",
        str(tmp_path / "r.html"),
    )
    assert bad_profiles.returncode == 1 and str(broken) in bad_profiles.stderr and "'owner'" in bad_profiles.stderr
    for result in (backwards, suffix, bad_profiles):
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("r.*"))


def test_report_has_help():
    result = run("report", "--help")
    assert result.returncode == 0 and "--admin1" in result.stdout and "--profiles" in result.stdout

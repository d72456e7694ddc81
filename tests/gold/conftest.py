"""sitrep runs over the whole gold set once per session; the summary line of both halves ends the run."""

from __future__ import annotations

import pytest

from .gold import load_items
from .scoring import aggregate, run_sitrep, score

_figures: dict[str, dict] = {}


@pytest.fixture(scope="session")
def gold_results(sitrep_home):
    """Scored items of both halves, by half."""
    items = load_items()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITREP_HOME", str(sitrep_home))
        events = run_sitrep(items)
    results = score(items, events)
    by_half = {half: [r for r in results if r.item.half == half] for half in ("tuning", "test")}
    _figures.update({half: aggregate(rs) for half, rs in by_half.items()})
    return by_half


def pytest_terminal_summary(terminalreporter):
    if not _figures:
        return
    shown = ("sub_event_micro_f1", "sub_event_macro_f1", "non_event_rejection", "actor1", "event_date", "fatalities")
    for half, figures in _figures.items():
        line = ", ".join(f"{name} {figures[name]}" for name in shown)
        terminalreporter.write_line(f"gold {half} half ({figures['items']} items): {line}")

"""No file of the repository shares a run of eight words with the shared dev data (../shared/data).

Tests, fixtures, examples and resources are written in our own words: a sentence copied from the dev
data pins the coder to that sentence and makes its dev figures meaningless. The check reads the
committed fingerprint of the data (a clean clone has no ../shared); where the data is present, a second
test proves the fingerprint current.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .fingerprint import FINGERPRINT, dev_texts, hashes_of, read_fingerprint, run_hash, word_runs

ROOT = Path(__file__).resolve().parents[2]
DEV_DATA = ROOT.parent / "shared" / "data"
CHECKED = ("src", "tests", "docs", "examples", "bench", "README.md")
SKIPPED_PARTS = {"__pycache__", ".pytest_cache", ".ruff_cache"}


def checked_files() -> list[Path]:
    files = []
    for top in CHECKED:
        path = ROOT / top
        candidates = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        files += [p for p in candidates if p != FINGERPRINT and not SKIPPED_PARTS & set(p.parts)]
    return files


def text_of(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None  # binary files hold no sentences


@pytest.fixture(scope="module")
def dev_hashes() -> set[int]:
    """The committed fingerprint, everywhere: where the data is present, the next test proves it current."""
    return read_fingerprint()


def test_no_file_shares_a_run_of_eight_words_with_the_dev_data(dev_hashes):
    copies = []
    for path in checked_files():
        text = text_of(path)
        if text is None:
            continue
        shared = [run for run in word_runs(text) if run_hash(run) in dev_hashes]
        if shared:
            copies.append(f"{path.relative_to(ROOT)}: {len(shared)} runs, first '{shared[0]}'")
    assert not copies, "files sharing 8-word runs with ../shared/data (write your own sentences):\n" + "\n".join(copies)


def test_the_committed_fingerprint_stands_for_the_dev_data(dev_hashes):
    assert len(dev_hashes) > 100_000, f"{FINGERPRINT} holds too few runs to stand for the dev data"
    if DEV_DATA.is_dir():  # a worktree: the fingerprint must be that of the data as it is now
        live = hashes_of(dev_texts(DEV_DATA))
        assert dev_hashes == live, "stale fingerprint: rebuild it with .venv/bin/python -m tests.copycheck.fingerprint"


def test_a_run_of_eight_words_counts_as_a_copy_and_seven_do_not():
    dev = {run_hash(r) for r in word_runs("Gunmen on two motorbikes opened fire on a bakery queue at dawn.")}
    eight = "Witnesses said gunmen on two motorbikes opened fire on a bakery."
    seven = "Witnesses said gunmen on two motorbikes opened fire on the crowd."
    assert any(run_hash(r) in dev for r in word_runs(eight))
    assert not any(run_hash(r) in dev for r in word_runs(seven))

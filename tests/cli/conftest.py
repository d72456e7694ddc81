"""Run the `sitrep` console entry point in-process (its error handling included), quickly."""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

from sitrep.cli import main


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("error:")]


@pytest.fixture
def sitrep(monkeypatch, capsys):
    def run(*args: str) -> Result:
        monkeypatch.setattr(sys, "argv", ["sitrep", *args])
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        assert "Traceback" not in err, err
        return Result(code, out, err)

    return run

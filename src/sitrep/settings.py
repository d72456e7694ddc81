"""One typed, picklable options object passed down the pipeline instead of many keyword arguments."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ConfigError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_HISTORY_DAYS = 31  # an event dated over a month before the report is background, not news


def sitrep_home() -> Path:
    """Where sitrep keeps its own data (gazetteer index, caches): $SITREP_HOME or a per-user folder."""
    env = os.environ.get("SITREP_HOME")
    if env:
        return checked_home(Path(env).expanduser(), "SITREP_HOME")
    from platformdirs import user_data_dir

    return checked_home(Path(user_data_dir("sitrep", appauthor=False)), "sitrep's data folder")


def checked_home(path: Path, name: str = "SITREP_HOME") -> Path:
    """The data folder as given; ConfigError when something other than a folder is in its way."""
    for part in (path, *path.parents):
        if part.exists():
            if not part.is_dir():
                where = "" if part == path else f" ({part} is a file)"
                raise ConfigError(
                    f"{name} {path} is not a folder{where}; point it at a folder, e.g. ~/.local/share/sitrep"
                )
            break
    return path


def models_home(home: Path | None = None) -> Path:
    """Where `sitrep train` keeps trained models, one folder per name: HOME/models."""
    return (home if home is not None else sitrep_home()) / "models"


def default_db_url() -> str:
    """$SITREP_DB, or an SQLite file in the working directory."""
    return os.environ.get("SITREP_DB") or "sqlite:///sitrep.db"


def _iso2(country: str | None) -> str | None:
    """A country given by ISO code or name ("sy", "Syria") → its ISO2 code."""
    if country is None:
        return None
    from .countries import parse_country

    return parse_country(country, "country")


class Options:
    """Settings for reading and extraction. Plain attributes with __slots__ so workers can unpickle it."""

    __slots__ = ("max_bytes", "coder", "country", "home", "drop_boilerplate", "history_days")

    def __init__(
        self,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        coder: str = "rules",
        country: str | None = None,
        home: Path | None = None,
        drop_boilerplate: bool = True,
        history_days: int = DEFAULT_HISTORY_DAYS,
    ) -> None:
        self.max_bytes = max_bytes
        self.coder = coder
        self.country = _iso2(country)  # ISO2 focus for disambiguation, None = infer from the text
        self.home = checked_home(home, "the data folder (--home or SITREP_HOME)") if home is not None else sitrep_home()
        self.drop_boilerplate = drop_boilerplate
        self.history_days = history_days  # events dated longer before the report are not coded

    def __getstate__(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            setattr(self, name, value)

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"Options({inner})"

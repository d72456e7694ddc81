"""What the API server is configured with: its database, its write key, its limits, its base map."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..settings import Options, default_db_url

DEFAULT_MAX_BODY = 2 * 1024 * 1024  # one submitted article; larger bodies get 413
DEFAULT_TILE_URL = ""  # no online base map unless configured: the offline outlines are drawn anyway


@dataclass
class ApiConfig:
    """Settings of one API app. `from_environment` reads SITREP_DB, SITREP_API_KEY (or the file named
    by SITREP_API_KEY_FILE), SITREP_MAX_BODY, SITREP_TILE_URL and SITREP_TILE_ATTRIBUTION."""

    db_url: str = field(default_factory=default_db_url)
    api_key: str | None = None  # None: writing is switched off
    max_body_bytes: int = DEFAULT_MAX_BODY
    tile_url: str = DEFAULT_TILE_URL  # e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png
    tile_attribution: str = ""
    options: Options = field(default_factory=Options)

    @classmethod
    def from_environment(cls, **overrides: Any) -> ApiConfig:
        env = os.environ
        values: dict[str, Any] = {
            "db_url": env.get("SITREP_DB") or default_db_url(),
            "api_key": _api_key(env.get("SITREP_API_KEY"), env.get("SITREP_API_KEY_FILE")),
            "max_body_bytes": _positive_int("SITREP_MAX_BODY", env.get("SITREP_MAX_BODY"), DEFAULT_MAX_BODY),
            "tile_url": env.get("SITREP_TILE_URL", DEFAULT_TILE_URL),
            "tile_attribution": env.get("SITREP_TILE_ATTRIBUTION", ""),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def read_key_file(path: str) -> str:
    """The API key kept in a file (first line); a clear error when it is missing or empty."""
    try:
        key = Path(path).read_text(encoding="utf-8").strip().splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read the API key file {path}: {exc.strerror}") from None
    if not key or not key[0].strip():
        raise ConfigError(f"the API key file {path} is empty")
    return key[0].strip()


def _api_key(value: str | None, path: str | None) -> str | None:
    if path:
        return read_key_file(path)
    return value.strip() if value and value.strip() else None


def _positive_int(name: str, raw: str | None, default: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number of bytes, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive, got {value}")
    return value

"""Publisher names normalised through resources/publishers.yaml."""

from __future__ import annotations

from functools import cache

from ..resource_files import load_yaml


@cache
def _aliases() -> dict[str, dict]:
    table: dict[str, dict] = {}
    for profile in load_yaml("publishers.yaml"):
        for alias in [profile["name"], *profile.get("aliases", [])]:
            table[alias.casefold()] = profile
    return table


def canonical_publisher(name: str | None) -> str | None:
    """The profile's canonical name for a known outlet, else the name as written (trimmed)."""
    if not name:
        return None
    name = name.strip().strip(".,:;-").strip()
    profile = _aliases().get(name.casefold())
    return profile["name"] if profile else (name or None)


def known_publisher(name: str | None) -> str | None:
    """The canonical name of a listed outlet; None for any other name (a reporter's, say)."""
    profile = _aliases().get((name or "").strip().strip(".,:;-").strip().casefold())
    return profile["name"] if profile else None


def publisher_leaning(name: str | None) -> str | None:
    profile = _aliases().get((name or "").casefold())
    return profile.get("leaning") if profile else None

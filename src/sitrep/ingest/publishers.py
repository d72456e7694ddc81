"""Publisher names normalised through the publisher profiles (resources/publishers.yaml + the user's own)."""

from __future__ import annotations

from ..profiles import publisher_profile


def canonical_publisher(name: str | None) -> str | None:
    """The profile's canonical name for a known outlet, else the name as written (trimmed)."""
    if not name:
        return None
    name = name.strip().strip(".,:;-").strip()
    profile = publisher_profile(name)
    return profile.name if profile else (name or None)


def known_publisher(name: str | None) -> str | None:
    """The canonical name of a listed outlet; None for any other name (a reporter's, say)."""
    profile = publisher_profile((name or "").strip().strip(".,:;-").strip()) if name else None
    return profile.name if profile else None


def publisher_leaning(name: str | None) -> str | None:
    profile = publisher_profile(name)
    return profile.leaning if profile else None

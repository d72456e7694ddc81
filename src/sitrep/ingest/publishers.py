"""Publisher names normalised through resources/publishers.yaml and the user's own publisher files
(SITREP_HOME/resources/publishers/*.yaml, same format, read on top: an alias the built-in file already
has keeps its built-in outlet)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..errors import ResourceError
from ..resource_files import load_user_yaml, load_yaml, user_resource_dir, user_resource_files


def _aliases() -> dict[str, dict]:
    return _alias_table(user_resource_dir("publishers"))


@cache
def _alias_table(user_folder: Path) -> dict[str, dict]:
    table: dict[str, dict] = {}
    profiles = [("publishers.yaml", load_yaml("publishers.yaml"))]
    profiles += [(str(path), load_user_yaml(path)) for path in user_resource_files(user_folder)]
    for name, listed in profiles:
        try:
            for profile in listed:
                for alias in [profile["name"], *profile.get("aliases", [])]:
                    table.setdefault(alias.casefold(), profile)
        except (KeyError, TypeError, AttributeError) as exc:
            raise ResourceError(f"{name}: every publisher needs a name ({exc})") from None
    return table


def reload_publishers() -> None:
    """Forget the loaded profiles, after a user publisher file was written in this process."""
    _alias_table.cache_clear()


def canonical_publisher(name: str | None) -> str | None:
    """The profile's canonical name for a known outlet, else the name as written (trimmed)."""
    if not name:
        return None
    name = name.strip().strip(".,:;-").strip()
    profile = _aliases().get(name.casefold())
    return profile["name"] if profile else (name or None)


def publisher_leaning(name: str | None) -> str | None:
    profile = _aliases().get((name or "").casefold())
    return profile.get("leaning") if profile else None

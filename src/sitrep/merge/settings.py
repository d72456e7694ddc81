"""The merger's knowledge, read once from resources/merge.yaml into one immutable object."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..errors import ResourceError
from ..resource_files import load_yaml


@dataclass(frozen=True, slots=True)
class MergeSettings:
    date_window_days: dict[int, int]
    date_half_life_days: dict[int, float]
    place_radius_km: dict[int, float]
    weights: dict[str, float | dict[int, float]]
    unknown: float
    join: float
    republication: float
    compatible_types: frozenset[frozenset[str]]
    type_similarity: dict[str, float]
    generic_actors: frozenset[str]
    stop_words: frozenset[str]
    leaning_camps: dict[str, str]
    claimant_camps: tuple[tuple[str, str], ...]  # (phrase, camp), longest phrase first
    opposed_camps: frozenset[frozenset[str]]
    conflict_ratio: float
    publisher_leanings: dict[str, str]

    @property
    def widest_window(self) -> int:
        return max(self.date_window_days.values())

    def window(self, *precisions: int | None) -> int:
        """Days two dates may differ by, following the coarser precision (unknown counts as a week)."""
        coarsest = max((p or 2) for p in precisions)
        return self.date_window_days.get(coarsest, self.widest_window)

    def half_life(self, *precisions: int | None) -> float:
        """Days over which the date evidence halves, following the coarser precision (unknown: a week)."""
        coarsest = max((p or 2) for p in precisions)
        return self.date_half_life_days.get(coarsest, max(self.date_half_life_days.values()))

    def weight(self, feature: str, *precisions: int | None) -> float:
        """A feature's weight; the date's and the place's follow the coarser precision of the pair."""
        value = self.weights[feature]
        if isinstance(value, dict):
            coarsest = max((p or 3) for p in precisions)
            return value.get(coarsest, min(value.values()))
        return value

    def radius(self, *precisions: int | None) -> float:
        coarsest = max((p or 3) for p in precisions)
        return self.place_radius_km.get(coarsest, max(self.place_radius_km.values()))


def _weight(value: float | dict) -> float | dict[int, float]:
    if isinstance(value, dict):
        return {int(k): float(v) for k, v in value.items()}
    return float(value)


@cache
def merge_settings() -> MergeSettings:
    """The settings of resources/merge.yaml (with the publisher leanings of publishers.yaml)."""
    raw = load_yaml("merge.yaml")
    try:
        camps = raw["camps"]
        phrases = [(phrase.lower(), camp) for camp, words in camps["claimant_phrases"].items() for phrase in words]
        return MergeSettings(
            date_window_days={int(k): int(v) for k, v in raw["date_window_days"].items()},
            date_half_life_days={int(k): float(v) for k, v in raw["date_half_life_days"].items()},
            place_radius_km={int(k): float(v) for k, v in raw["place_radius_km"].items()},
            weights={k: _weight(v) for k, v in raw["weights"].items()},
            unknown=float(raw["unknown"]),
            join=float(raw["join"]),
            republication=float(raw["republication"]),
            compatible_types=frozenset(frozenset(pair) for pair in raw["compatible_types"]),
            type_similarity={k: float(v) for k, v in raw["type_similarity"].items()},
            generic_actors=frozenset(raw["generic_actors"]),
            stop_words=frozenset(raw["stop_words"].lower().split()),
            leaning_camps=dict(camps["leanings"]),
            claimant_camps=tuple(sorted(phrases, key=lambda p: -len(p[0]))),
            opposed_camps=frozenset(frozenset(pair) for pair in camps["opposed"]),
            conflict_ratio=float(raw["conflict_ratio"]),
            publisher_leanings={p["name"]: p.get("leaning", "") for p in load_yaml("publishers.yaml")},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ResourceError(f"resource file merge.yaml is malformed: {exc!r}") from None

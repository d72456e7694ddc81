"""Where things are in one document: its sentences and its regional mentions, for look-ups in log time.

Every toponym asks which sentence it is in and which regions follow it; scanning the text or the region
list for each would make a long document's cost grow with the square of its length.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from .regions import RegionMention

SENTENCE_BREAK = re.compile(r"\. |\n")


class DocumentLayout:
    def __init__(self, text: str, regions: Sequence[RegionMention], breaks: list[int] | None = None) -> None:
        self.text = text
        self._breaks = [m.start() for m in SENTENCE_BREAK.finditer(text)] if breaks is None else breaks
        self.regions = sorted(regions, key=lambda r: r.start)
        self._region_starts = [r.start for r in self.regions]
        self._region_ends = [r.end for r in self.regions]

    def with_regions(self, regions: Sequence[RegionMention]) -> DocumentLayout:
        """The same text's layout with other regions (its sentences are not looked for again)."""
        return DocumentLayout(self.text, regions, self._breaks)

    def sentence_around(self, start: int, end: int) -> tuple[int, int]:
        """From just after the last full stop or line break before `start` to the next one after `end`."""
        before = bisect_left(self._breaks, start) - 1
        after = bisect_left(self._breaks, end)
        sentence_start = self._breaks[before] + 1 if before >= 0 else 0
        sentence_end = self._breaks[after] if after < len(self._breaks) else len(self.text)
        return sentence_start, sentence_end

    def regions_starting(self, low: int, high: int) -> list[RegionMention]:
        """The regions that start in [low, high], in document order."""
        return self.regions[bisect_left(self._region_starts, low) : bisect_right(self._region_starts, high)]

    def inside_region(self, start: int, end: int) -> bool:
        """Whether [start, end) begins or ends inside a region (the regions do not overlap)."""
        index = bisect_right(self._region_starts, start) - 1
        if index >= 0 and start < self._region_ends[index]:
            return True
        index = bisect_left(self._region_starts, end) - 1
        return index >= 0 and self._region_starts[index] < end <= self._region_ends[index]

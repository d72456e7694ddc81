"""How common a word is in English, on wordfreq's Zipf scale, without importing wordfreq in every process.

Importing wordfreq and reading its English list takes most of a second; the name matcher only asks
whether a capitalised word is also a common English word. The words it could ask about with an answer
above MIN_ZIPF are taken from wordfreq once, stored beside the gazetteer index (under a name carrying
a stamp of the installed wordfreq, found without importing it or importlib.metadata) and loaded from
there in a few hundredths of a second.
"""

from __future__ import annotations

import logging
import marshal
import math
import os
import re
import sys
import unicodedata
from importlib.util import find_spec
from pathlib import Path

log = logging.getLogger(__name__)

MIN_ZIPF = 2.5  # rarer words than this count as 0: every rule asks about higher thresholds
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def zipf(text: str, table: dict[str, int]) -> float:
    """The Zipf frequency of text in English; several words combine as wordfreq does (1/f = Σ 1/fᵢ)."""
    words = WORD.findall(unicodedata.normalize("NFC", text).casefold().replace("’", "'"))
    if not words:
        return 0.0
    inverse = 0.0
    for word in words:
        centi_zipf = table.get(word)
        if centi_zipf is None:
            return 0.0
        inverse += 1 / 10 ** (centi_zipf / 100 - 9)
    return round(math.log10(1 / inverse) + 9, 2)


def load_table(folder: Path) -> dict[str, int]:
    """word → Zipf frequency × 100, for the English words at or above MIN_ZIPF."""
    path = folder / f"english-words.wf{_wordfreq_version()}.py{sys.version_info.major}{sys.version_info.minor}.zipf"
    try:
        table = marshal.loads(path.read_bytes())
        if isinstance(table, dict):
            return table
    except (OSError, EOFError, ValueError, TypeError):
        pass
    table = _from_wordfreq()
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(marshal.dumps(table))
        os.replace(partial, path)
    except OSError as exc:
        log.info("cannot store the English word table in %s (%s)", folder, exc)
        partial.unlink(missing_ok=True)
    return table


def _wordfreq_version() -> str:
    """The size and modification time of wordfreq's installed module: an install or upgrade renews them."""
    spec = find_spec("wordfreq")
    try:
        stat = os.stat(spec.origin) if spec and spec.origin else None
    except OSError:
        stat = None
    return f"{stat.st_size}-{stat.st_mtime_ns}" if stat else "0"


def _from_wordfreq() -> dict[str, int]:
    from wordfreq import get_frequency_dict

    table = {}
    for word, frequency in get_frequency_dict("en").items():
        centi_zipf = round((math.log10(frequency) + 9) * 100)
        if centi_zipf >= MIN_ZIPF * 100:
            table[word] = centi_zipf
    return table

"""Runs of eight words shared with the shared dev data, and a compact fingerprint of that data for CI.

The dev data (../shared/data) is for measuring only; nothing in the repository may copy it. A copy is
a run of eight words (lower case, letters and digits only) that a repository file shares with a dev
document's title or text, or with a long cell of a dev table. Where ../shared/data is present the
check reads it; a clean clone in CI has no ../shared, so the check reads the fingerprint in this
folder instead: the sorted 40-bit hashes of every dev 8-gram, delta-coded and compressed (1.7 MB;
a chance collision needs one of the ~150,000 repository 8-grams to hit one of ~520,000 hashes among
2^40: about 0.07 expected over the whole tree).

Rebuild the fingerprint after the dev data changes (a test fails while it is stale):

    .venv/bin/python -m tests.copycheck.fingerprint ../shared/data
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import struct
import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate
from pathlib import Path

RUN = 8
FINGERPRINT = Path(__file__).with_name("dev-data-8grams.bin")
MAGIC = b"sitrep-8grams-v1"
LONG_CELL = 40  # table cells at most this long are names, codes and numbers, not prose
# Place fields of the gazetteer-like tables: the licence lets the default gazetteer ship them.
PLACE_FILES = ("pcodes", "populated-places")
PLACE_COLUMNS = {"where_coordinates", "where_description", "adm_1", "adm_2", "geom_wkt", "country", "region"}
_WORD = re.compile(r"[a-z0-9]+")


def word_runs(text: str, n: int = RUN) -> Iterator[str]:
    """Every run of n consecutive words of text, lower-cased, punctuation dropped."""
    words = _WORD.findall(text.lower())
    for i in range(len(words) - n + 1):
        yield " ".join(words[i : i + n])


def run_hash(run: str) -> int:
    return int.from_bytes(hashlib.blake2b(run.encode(), digest_size=5).digest(), "big")


def dev_texts(data_dir: Path) -> Iterator[str]:
    """The prose of the dev data: each document's title and text, each table row's long cells."""
    for path in sorted(data_dir.iterdir()):
        if path.suffix == ".jsonl":
            with path.open(encoding="utf-8", errors="replace") as fp:
                for line in fp:
                    try:
                        doc = json.loads(line)
                    except ValueError:
                        continue
                    yield f"{doc.get('title', '')} . {doc.get('text', '')}"
        elif path.suffix in (".csv", ".tsv") and not any(p in path.name for p in PLACE_FILES):
            with path.open(encoding="utf-8", errors="replace", newline="") as fp:
                rows = csv.reader(fp, delimiter="\t" if path.suffix == ".tsv" else ",")
                header = next(rows, [])
                prose = [i for i, name in enumerate(header) if name not in PLACE_COLUMNS]
                for row in rows:
                    yield " . ".join(row[i] for i in prose if i < len(row) and len(row[i]) > LONG_CELL)


def hashes_of(texts: Iterable[str]) -> set[int]:
    return {run_hash(run) for text in texts for run in word_runs(text)}


def write_fingerprint(hashes: set[int], path: Path = FINGERPRINT) -> None:
    ordered = sorted(hashes)
    deltas = array("I", (b - a for a, b in zip([0, *ordered], ordered, strict=False)))
    if sys.byteorder != "little":
        deltas.byteswap()
    path.write_bytes(MAGIC + struct.pack("<I", len(ordered)) + zlib.compress(deltas.tobytes(), 9))


def read_fingerprint(path: Path = FINGERPRINT) -> set[int]:
    blob = path.read_bytes()
    if not blob.startswith(MAGIC):
        raise ValueError(f"{path}: not a dev-data fingerprint (rebuild it, see {__name__})")
    (count,) = struct.unpack_from("<I", blob, len(MAGIC))
    deltas = array("I")
    deltas.frombytes(zlib.decompress(blob[len(MAGIC) + 4 :]))
    if sys.byteorder != "little":
        deltas.byteswap()
    if len(deltas) != count:
        raise ValueError(f"{path}: truncated fingerprint (rebuild it, see {__name__})")
    return set(accumulate(deltas))


def main(argv: list[str]) -> int:
    data_dir = Path(argv[0] if argv else "../shared/data")
    if not data_dir.is_dir():
        print(f"no dev data folder at {data_dir}", file=sys.stderr)
        return 1
    hashes = hashes_of(dev_texts(data_dir))
    write_fingerprint(hashes)
    print(f"{FINGERPRINT}: {len(hashes)} runs of {RUN} words, {FINGERPRINT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

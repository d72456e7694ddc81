"""Reading gazetteer files safely: plain, gzipped or zipped text, strict UTF-8 line by line, checked values.

Every problem is a GazetteerError naming the file and line, raised before anything is written, so a load
either keeps all of its rows or none.
"""

from __future__ import annotations

import csv
import gzip
import math
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, cast

from ..errors import GazetteerError

MAX_POPULATION = 10**10  # more people than live on Earth: a typo or a column mix-up (SQLite holds 2**63)
BOM = "\ufeff"


@contextmanager
def open_lines(path: Path, member_suffix: str = ".txt") -> Iterator[Iterator[str]]:
    """The decoded lines of a plain, .gz or .zip file (SY.zip → its SY.txt member), line endings kept."""
    try:
        binary, archive = _open_binary(path, member_suffix)
    except (OSError, zipfile.BadZipFile) as exc:
        raise GazetteerError(f"cannot read {path}: {exc}") from None
    try:
        yield _decoded(binary, path)
    except (OSError, EOFError, zipfile.BadZipFile) as exc:  # a truncated or corrupt archive
        raise GazetteerError(f"cannot read {path}: {exc}") from None
    finally:
        binary.close()
        if archive is not None:
            archive.close()


def _open_binary(path: Path, member_suffix: str) -> tuple[IO[bytes], zipfile.ZipFile | None]:
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb")), None
    if suffix != ".zip":
        return path.open("rb"), None
    archive = zipfile.ZipFile(path)
    members = [n for n in archive.namelist() if n.endswith(member_suffix) and "readme" not in n.lower()]
    if not members:
        archive.close()
        raise GazetteerError(f"{path}: no {member_suffix} file inside the zip")
    member = next((n for n in members if Path(n).stem == path.stem), members[0])
    return archive.open(member), archive


def _decoded(binary: IO[bytes], path: Path) -> Iterator[str]:
    """Strict UTF-8, one line at a time so an undecodable byte is reported on its own line; a leading
    byte-order mark is dropped (spreadsheets write one)."""
    for number, raw in enumerate(binary, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise GazetteerError(
                f"{path}:{number}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); "
                "save the file as UTF-8"
            ) from None
        yield line[1:] if number == 1 and line.startswith(BOM) else line


def checked_rows(reader, path: Path) -> Iterator:
    """The rows of a csv reader; a malformed row (an overlong field, a NUL byte) names its line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise GazetteerError(f"{path}:{reader.line_num}: {exc}") from None
        yield row


def coordinates(latitude: str | float, longitude: str | float, where: str) -> tuple[float, float]:
    """Finite numbers on the globe, or a GazetteerError naming `where` (FILE:LINE)."""
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        raise GazetteerError(f"{where}: latitude/longitude are not numbers ({latitude!r}, {longitude!r})") from None
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        raise GazetteerError(f"{where}: latitude {latitude} is not a number between -90 and 90")
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        raise GazetteerError(f"{where}: longitude {longitude} is not a number between -180 and 180")
    return lat, lon


def population(value: str | int | float | None, where: str) -> int:
    """A whole number of inhabitants: '' → 0; '12,500' and '12500.0' → 12500; anything else is an error."""
    text = "" if value is None else str(value).strip().replace(",", "")
    if not text:
        return 0
    try:
        number = int(text) if text.isdigit() else float(text)
    except ValueError:
        raise GazetteerError(f"{where}: population {value!r} is not a number") from None
    if not (math.isfinite(number) and 0 <= number <= MAX_POPULATION and number == int(number)):
        raise GazetteerError(f"{where}: population {value} is not a whole number between 0 and {MAX_POPULATION}")
    return int(number)

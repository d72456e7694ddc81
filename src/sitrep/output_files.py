"""The one way sitrep writes a user-named output file (events, exports, reports, model files).

    from sitrep.output_files import open_output

    with open_output(path, protect=[store_file]) as fp:   # text, UTF-8; binary=True for bytes
        fp.write(...)

What it guarantees, so that no output option can destroy data:

- `-` is standard output; a closed or full stdout is an OutputError, a closed pipe (`| head`) is not.
- A regular file is never written in place: the output goes to a new temporary file, created exclusively
  (O_EXCL, no links followed) beside the target, and is renamed over the target only once the block has
  finished without an exception. A failed or interrupted write leaves the old file as it was, so the
  target is never truncated before the input has been read.
- A FIFO or a character device (a pipe, a terminal, /dev/null) is written directly, never renamed over.
- It refuses, with an OutputError naming the path, to write onto: any path in `protect` (the open store,
  the inputs being read) or its SQLite side files; any SQLite database or write-ahead log; a folder, a
  block device or a socket; and a symbolic link that leads to a file (it never writes through a link).
  A missing or unwritable folder is an OutputError too.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, cast

from .errors import OutputError

__all__ = ["open_output", "check_output_path"]

SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_MAGICS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


@contextmanager
def open_output(
    target: str | os.PathLike[str],
    *,
    binary: bool = False,
    encoding: str = "utf-8",
    protect: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[IO[Any]]:
    """A file object to write `target` through, with the guarantees in this module's docstring.

    Text mode writes `encoding` with no newline translation. Errors while writing (disk full, I/O
    error) become an OutputError naming the target; other exceptions from the block pass through
    after the temporary file is removed.
    """
    if str(target) == "-":
        with _standard_output(binary) as fp:
            yield fp
        return
    path = Path(target)
    if check_output_path(path, protect) == "stream":
        with _direct(path, binary, encoding) as fp:
            yield fp
    else:
        with _replacing(path, binary, encoding) as fp:
            yield fp


def check_output_path(path: Path, protect: Iterable[str | os.PathLike[str]] = ()) -> str:
    """'file' (to be replaced or created) or 'stream' (FIFO or character device, written directly);
    OutputError when sitrep must not write there. Commands call it before reading any input."""
    protect = tuple(protect)
    _check_not_side_file(path, protect)
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        _check_folder(path)
        return "file"
    except OSError as exc:
        raise OutputError(f"cannot use {path} as output: {exc.strerror}") from None
    if stat.S_ISLNK(link.st_mode):
        return _check_link(path)
    if stat.S_ISDIR(link.st_mode):
        raise OutputError(f"{path} is a folder; give the name of a file to write")
    if stat.S_ISFIFO(link.st_mode) or stat.S_ISCHR(link.st_mode):
        return "stream"
    if not stat.S_ISREG(link.st_mode):
        raise OutputError(f"{path} is not a regular file (a block device or socket); sitrep will not write onto it")
    _check_not_protected(path, protect)
    _check_not_sqlite(path)
    _check_folder(path)
    return "file"


def _check_link(path: Path) -> str:
    try:
        target = os.stat(path)
    except OSError:
        target = None
    if target is not None and (stat.S_ISFIFO(target.st_mode) or stat.S_ISCHR(target.st_mode)):
        return "stream"  # /dev/stdout, /dev/fd/N: a link to a pipe or a terminal is written directly
    raise OutputError(
        f"{path} is a symbolic link; sitrep does not write through links: name the file it points to "
        f"({os.path.realpath(path)}) or remove the link"
    )


def _check_not_protected(path: Path, protect: Iterable[str | os.PathLike[str]]) -> None:
    for guarded in protect:
        if _same(path, guarded):
            raise OutputError(f"{path} is {guarded}, which this command reads or has open; write the output elsewhere")


def _check_not_side_file(path: Path, protect: Iterable[str | os.PathLike[str]]) -> None:
    """Not the journal, WAL or shared-memory file of a protected file or of any SQLite database."""
    for side in SQLITE_SIDE_FILES:
        if not path.name.endswith(side) or len(path.name) == len(side):
            continue
        base = path.with_name(path.name[: -len(side)])
        if any(_same(base, guarded) for guarded in protect) or _is_sqlite(base):
            raise OutputError(f"{path} is a side file of the SQLite database {base}; write the output elsewhere")


def _same(path: Path, other: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:
        return os.path.abspath(path) == os.path.abspath(other)


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fp:
            return fp.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _check_not_sqlite(path: Path) -> None:
    try:
        with open(path, "rb") as fp:
            head = fp.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise OutputError(f"cannot use {path} as output: {exc.strerror}") from None
    if head.startswith(SQLITE_MAGIC) or head[:4] in WAL_MAGICS:
        raise OutputError(
            f"{path} is an SQLite database (a sitrep store?); sitrep never overwrites one: "
            "choose another file name, or delete it yourself first"
        )


def _check_folder(path: Path) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: the folder {folder} does not exist (create it first)")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: no permission to create files in {folder}")


@contextmanager
def _replacing(path: Path, binary: bool, encoding: str) -> Iterator[IO[Any]]:
    fd, temporary = _create_exclusive(path)
    try:
        try:
            os.fchmod(fd, stat.S_IMODE(os.stat(path).st_mode))  # keep the mode of the file replaced
        except FileNotFoundError:
            pass  # a new file: the mode O_CREAT gave it (0666 less the umask), like any other program
        raw = os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        _remove(temporary)
        raise
    try:
        fp = raw if binary else _text(raw, encoding)
        yield _guarded(fp, str(path))
        _finish(fp, str(path))
        raw.close()
        os.replace(temporary, path)
    except BaseException:
        _close_quietly(raw)
        _remove(temporary)
        raise


def _create_exclusive(path: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    import secrets  # only a file replaced needs it (it brings `random` along), not output to stdout

    for _ in range(100):
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.partial")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror}") from None
    raise OutputError(f"cannot write {path}: could not create a temporary file beside it")


@contextmanager
def _direct(path: Path, binary: bool, encoding: str) -> Iterator[IO[Any]]:
    try:
        raw = os.fdopen(os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)), "wb")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}") from None
    try:
        fp = raw if binary else _text(raw, encoding)
        yield _guarded(fp, str(path))
        _finish(fp, str(path), sync=False)
    finally:
        _close_quietly(raw)


@contextmanager
def _standard_output(binary: bool) -> Iterator[IO[Any]]:
    if sys.stdout is None:
        raise OutputError("standard output is closed; redirect it to a file (or name one with -o FILE)")
    fp: IO[Any] = sys.stdout.buffer if binary else sys.stdout
    yield _guarded(fp, "standard output")
    _finish(fp, "standard output", sync=False)


def _text(raw: IO[bytes], encoding: str) -> IO[str]:
    import io

    return io.TextIOWrapper(raw, encoding=encoding, newline="", write_through=False)  # type: ignore[arg-type]


def _finish(fp: IO[Any], name: str, *, sync: bool = True) -> None:
    try:
        fp.flush()
        if sync:
            os.fsync(fp.fileno())
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write {name}: {exc.strerror or exc}") from None


def _close_quietly(raw: IO[bytes]) -> None:
    try:
        raw.close()
    except OSError:
        pass  # the write already failed and says why; the data left in the buffer is discarded


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _guarded(fp: IO[Any], name: str) -> IO[Any]:
    # _Guarded hands every attribute it does not wrap to the file itself, so it is one to its users
    return cast(IO[Any], _Guarded(fp, name))


class _Guarded:
    """A file object whose write errors (disk full, I/O error) are OutputErrors naming the output;
    a broken pipe stays a BrokenPipeError, which the CLI ends quietly on."""

    def __init__(self, fp: IO[Any], name: str) -> None:
        self._fp = fp
        self._name = name

    def write(self, data: Any) -> int:
        try:
            return self._fp.write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot write {self._name}: {exc.strerror or exc}") from None

    def writelines(self, lines: Iterable[Any]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        _finish(self._fp, self._name, sync=False)

    def isatty(self) -> bool:
        return self._fp.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fp, name)

"""The `sitrep` command: thin click commands over the library functions."""

from __future__ import annotations

import atexit
import functools
import gc
import importlib
import logging
import os
import sys
from collections.abc import Iterator, MutableMapping

import click

from ..errors import SitrepError

# name → module:attribute of each command. A command's module is imported only when the command runs
# (or help lists it): `sitrep extract` never imports the store's SQLAlchemy, the API's FastAPI or Dask.
COMMANDS = {
    "extract": "documents:extract_command",
    "ingest": "documents:ingest_command",
    "events": "query:events_command",
    "export": "query:export_command",
    "review": "review:review",
    "report": "report:report_command",
    "gazetteer": "gazetteer:gazetteer",
    "geocode": "geocode:geocode",
    "eval": "eval:eval_command",
    "train": "train:train_command",
    "serve": "serve:serve_command",
    "watch": "watch:watch_command",
}


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands by name, each imported from COMMANDS on first access (click reads a group's
    commands through this mapping); a command added with `add_command` is kept as given."""

    def __init__(self, where: dict[str, str]) -> None:
        self._where = dict(where)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, _, attribute = self._where[name].partition(":")
            self._loaded[name] = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if self._where.pop(name, None) is None and name not in self._loaded:
            raise KeyError(name)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._where, *self._loaded]))

    def __len__(self) -> int:
        return len(set(self._where) | set(self._loaded))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sitrep")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """sitrep turns war reporting into a checkable conflict-event dataset.

    Read articles (text, Markdown, HTML, JSON lines, feeds), code the events they report
    (ACLED types, actors, dates, places, casualty claims with who claims them), store them
    and export them.
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s")


cli.commands = LazyCommands(COMMANDS)


def main() -> None:
    """Console entry point: user errors print one line and exit non-zero, without a traceback."""
    _exit_without_collecting()
    try:
        cli.main(standalone_mode=False)
        if sys.stdout is not None:
            sys.stdout.flush()
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.exceptions.NoArgsIsHelpError as exc:
        exc.show()  # `sitrep` alone prints its help
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        click.echo(f"error: {exc.format_message()}{hint}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SitrepError as exc:
        click.echo(f"error: {exc}", err=True)
        _drop_stdout()
        sys.exit(1)
    except BrokenPipeError:
        _drop_stdout()  # the reader went away (`sitrep events | head`): nothing to report
        sys.exit(0)
    except OSError as exc:  # stdout on a full or failing device, or a file system refusing sitrep's own files
        where = f"{exc.filename}: " if exc.filename else "cannot write the output: "
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
        _drop_stdout()
        sys.exit(1)


@functools.cache
def _exit_without_collecting() -> None:
    """At exit, the collector's last pass would walk and free every table and cache the command loaded (about
    a quarter of a second after `sitrep extract` over a few hundred articles) for memory the system takes back
    anyway: gc.freeze, run by atexit, puts what is alive then out of its reach. Standard streams are still
    flushed, and what sitrep writes to files it has closed before. Once however often main runs in one
    process (the tests run it in theirs)."""
    atexit.register(gc.freeze)


def _drop_stdout() -> None:
    """Point stdout at /dev/null so that Python's own flush at exit cannot fail a second time."""
    if sys.stdout is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass

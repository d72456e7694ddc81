"""The `sitrep` command: thin click commands over the library functions."""

from __future__ import annotations

import logging
import os
import sys

import click

from ..errors import SitrepError
from .documents import extract_command, ingest_command
from .eval import eval_command
from .gazetteer import gazetteer
from .geocode import geocode
from .query import events_command, export_command
from .report import report_command
from .review import review
from .serve import serve_command
from .train import train_command
from .watch import watch_command


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


for command in (
    extract_command,
    ingest_command,
    events_command,
    export_command,
    review,
    report_command,
    gazetteer,
    geocode,
    eval_command,
    train_command,
):
    cli.add_command(command)
cli.add_command(serve_command)
cli.add_command(watch_command)


def main() -> None:
    """Console entry point: user errors print one line and exit non-zero, without a traceback."""
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

"""User-facing failures. The CLI prints their message without a traceback and exits non-zero."""

import logging


class SitrepError(Exception):
    """Base of every failure a user can act on."""


class InputError(SitrepError):
    """A document could not be read: binary, too large, undecodable, malformed."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.source = source
        self.line = line
        where = source or ""
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}" if where else message)


def unreadable(exc: Exception, *, source: str, line: int | None = None) -> InputError:
    """The report of an unexpected failure on one document, which is skipped while the others go on."""
    logging.getLogger("sitrep").debug("failed on %s", source, exc_info=exc)
    return InputError(f"could not read this document ({describe(exc)}); skipped", source=source, line=line)


def describe(exc: BaseException) -> str:
    """An unexpected exception in one short line: its type and the start of its message."""
    lines = str(exc).strip().splitlines()
    message = lines[0][:200] if lines else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


class ResourceError(SitrepError):
    """A resource file (actors, cues, gazetteer) is missing or malformed."""


class GazetteerError(SitrepError):
    """The gazetteer index is missing, unreadable or a file to load is malformed."""


class StoreError(SitrepError):
    """The database cannot be opened, migrated or written."""


class ConfigError(SitrepError):
    """An option or environment variable has an unusable value."""


class OutputError(SitrepError):
    """An output file cannot or must not be written (missing folder, a store, a link, disk full)."""


class ModelError(SitrepError):
    """A trained model (SITREP_HOME/models/NAME) is missing, corrupted or not sitrep's."""

"""User-facing failures. The CLI prints their message without a traceback and exits non-zero."""


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


class ResourceError(SitrepError):
    """A resource file (actors, cues, gazetteer) is missing or malformed."""


class GazetteerError(SitrepError):
    """The gazetteer index is missing, unreadable or a file to load is malformed."""


class StoreError(SitrepError):
    """The database cannot be opened, migrated or written."""


class ConfigError(SitrepError):
    """An option or environment variable has an unusable value."""


class ModelError(SitrepError):
    """A trained model (SITREP_HOME/models/NAME) is missing, corrupted or not sitrep's."""

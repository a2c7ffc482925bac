"""Every error the library raises on purpose.

::

    TimelineError                 base; the CLI turns any of these into a one-line message
    ├── InputError                the user gave something unusable (names it and the fix)
    │   ├── DateParseError        a date text that cannot be read
    │   ├── UnknownKindError      an event kind outside models.Kind
    │   └── SourceError           a file, folder or URL that cannot be read as an article
    ├── StoreError                the database cannot be opened or written
    │   └── SchemaVersionError    the database was written by a newer timeline
    └── OutputError               an output file cannot be written

Junk *inside* an article (cookie banners, foreign boilerplate, malformed
dates) is never an exception: extraction skips it and counts it.
"""

from __future__ import annotations

__all__ = [
    "DateParseError",
    "InputError",
    "OutputError",
    "SchemaVersionError",
    "SourceError",
    "StoreError",
    "TimelineError",
    "UnknownKindError",
]


class TimelineError(Exception):
    """Base of all errors raised by timeline on purpose."""


class InputError(TimelineError, ValueError):
    """Unusable input from the user; the message names it and the fix."""


class DateParseError(InputError):
    """A date text that cannot be read as a calendar date or period."""


class UnknownKindError(InputError):
    """An event kind that timeline does not know."""


class SourceError(InputError):
    """A file, folder or URL that cannot be read as an article."""


class StoreError(TimelineError):
    """The database cannot be opened, migrated or written."""


class SchemaVersionError(StoreError):
    """The database's schema is newer than this version of timeline."""


class OutputError(TimelineError):
    """An output file cannot be written."""

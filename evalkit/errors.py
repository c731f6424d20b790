"""evalkit's own exceptions.

Every message names what was wrong (the file, sheet, row and column for data;
the key for params; the argument for code), what was expected and what was
received, and the fix when it is clear.  The command line maps each class to
its own exit status.
"""

from __future__ import annotations


class EvalkitError(Exception):
    """Base class of every error evalkit raises on purpose."""

    exit_status = 1


class UsageError(EvalkitError):
    """The command line asked for something that does not exist (a stage, a cohort)."""

    exit_status = 2


class ParamsError(EvalkitError):
    """The params file is missing, unreadable, or names something that is not so."""

    exit_status = 3


class DataError(EvalkitError):
    """A program's input data cannot be read or does not have the expected shape."""

    exit_status = 4


class DataValidationError(DataError):
    """The data were read but break the rules of their table; see the report."""

    def __init__(self, message: str, report=None):
        super().__init__(message)
        self.report = report


class StageError(EvalkitError):
    """A stage notebook failed while executing or exporting."""

    exit_status = 5


class StatsInputError(EvalkitError, ValueError):
    """A statistics function received an argument it cannot use.

    It is also a ``ValueError``, so callers that catch ``ValueError`` keep
    working.
    """


class SampleSettingsError(EvalkitError, ValueError):
    """A setting of the sample program cannot build a valid program."""

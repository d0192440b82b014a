"""The errors the engine reports to people.

Every error a user can cause (a bad path, a corrupt file, a missing world, an
unreachable model) is a `SynthcompError` whose message is one plain sentence
that says what was wrong and, where there is one, what to do. The CLI prints
that sentence and exits non-zero; the TUI shows it; only engine bugs surface as
other exceptions.
"""

from __future__ import annotations


class SynthcompError(Exception):
    """Base of every error that is the user's input or environment, not a bug."""


class ConfigError(SynthcompError):
    """A setting is missing or invalid."""


class StoreError(SynthcompError):
    """The workspace database cannot be used."""


class CorruptDatabase(StoreError):
    """The workspace database failed its integrity check or is not SQLite at all."""


class NotFound(SynthcompError):
    """A world, run or file that was asked for does not exist."""


class PathOutsideComputer(SynthcompError):
    """A path would resolve outside the synthetic computer's root, or is not a legal path."""


class PathConflict(SynthcompError):
    """The path exists but is the wrong thing for the operation (a folder where a file is
    needed, a file in the way of a folder, a destination that already exists)."""


class FormatError(SynthcompError):
    """A file could not be written or read as its kind."""


class ModelError(SynthcompError):
    """A model call failed for good (after the retries it was allowed)."""

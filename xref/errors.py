"""One error family for the whole library.

Only the CLI turns these into exit codes: ``UsageError`` (bad input the user can fix) maps to 2,
every other ``XrefError`` to 1. Messages are one line and name the input they are about.
"""

from __future__ import annotations


class XrefError(Exception):
    """Base class of every error xref raises on purpose."""

    exit_code = 1


class UsageError(XrefError):
    """The user gave input xref cannot use: a missing file, an empty source, a malformed line."""

    exit_code = 2


class SourceError(UsageError):
    """One source cannot be read or used. Carries the source name so callers can skip it."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class FetchError(XrefError):
    """A URL could not be fetched (no network, unreachable host, HTTP error)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelError(XrefError):
    """The embedding model cannot be found, loaded or verified."""


class StoreError(XrefError):
    """The review database cannot be opened, read or written: missing, read-only, corrupt, or from a newer xref."""

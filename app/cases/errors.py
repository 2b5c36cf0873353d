"""Errors of the case service; each message is one clear Chinese line for the user."""

from __future__ import annotations


class CaseError(Exception):
    """A case action or query that cannot be done as asked."""


class CaseNotFound(CaseError):
    """No case with that number."""


class ActionNotAllowed(CaseError):
    """The action is not allowed in the case's current state (the message names the state)."""


class MissingInput(CaseError):
    """The action needs something the caller did not give (a note, a department, a limit)."""


class ConflictError(CaseError):
    """Someone else changed the case first; nothing was written, the caller should reload."""

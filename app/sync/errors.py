"""What a sync that could not run says: one line for the user each."""

from __future__ import annotations


class SyncError(Exception):
    """A sync that could not run; the message is one line for the user."""


class ServerUnreachable(SyncError):
    """The server did not answer: the desk keeps working on its replica."""


class SyncBusy(SyncError):
    """Another sync of this replica is running (app.sync.lock)."""

"""Database errors a user can understand: each carries one clear Chinese line."""

from __future__ import annotations


class DatabaseError(Exception):
    """A database problem worth one line to the user (bad URL, server down, too new)."""


class BadDatabaseUrl(DatabaseError):
    """The database address cannot be understood."""


class DatabaseUnavailable(DatabaseError):
    """The database cannot be opened or the server refuses the connection."""


class DatabaseTooNew(DatabaseError):
    """The database was upgraded by a newer version of the program."""

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


class NotOurDatabase(DatabaseError):
    """The file or database holds something else: not SQLite at all, or another program's tables.
    It is refused and left exactly as it is."""


class NoDatabaseHere(DatabaseError):
    """A named SQLite file, or its folder, does not exist (and this command does not create it)."""


class DatabaseBusy(DatabaseError):
    """Another workstation kept the SQLite file's write lock longer than a writer waits."""

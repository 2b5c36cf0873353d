"""The error for a file that cannot be imported at all (every importer raises and catches it)."""


class ImportFileError(Exception):
    """A file that cannot be imported at all: unreadable, of a wrong type, or lacking columns.

    The message is Chinese and names the file, ready to show to the user.
    """

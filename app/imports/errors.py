"""The error for a file that cannot be imported at all (every importer raises and catches it), and
the words for a report that could not be written (every importer says it the same way)."""


class ImportFileError(Exception):
    """A file that cannot be imported at all: unreadable, of a wrong type, or lacking columns.

    The message is Chinese and names the file, ready to show to the user.
    """


def why_not_written(exc: OSError) -> str:
    """Why a report file could not be written, in words a clerk can act on."""
    if isinstance(exc, PermissionError):
        return "没有写入权限（文件可能正在 Excel 中打开，或文件夹只读）"
    if isinstance(exc, IsADirectoryError):
        return "同名的文件夹已存在"
    if isinstance(exc, FileNotFoundError):
        return "文件夹不存在"
    return exc.strerror or type(exc).__name__

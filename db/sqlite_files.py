"""What lies at a SQLite path before the driver opens it: our database, nothing, or something else.

sqlite3 opens any path: a missing file is created empty, and a text file or a spreadsheet
fails only at the first statement with "file is not a database". The program checks first, so
the user is told in one line what is there, and nothing is created or changed unasked.
"""

from __future__ import annotations

from pathlib import Path

from db.errors import NoDatabaseHere, NotOurDatabase

SQLITE_HEADER = b"SQLite format 3\x00"


def check_sqlite_file(path: Path) -> None:
    """Refuse a path that holds something other than a SQLite database (an empty file is an
    empty database; a missing file is for the caller to decide)."""
    if path.is_dir():
        raise NotOurDatabase(f"“{path}”是文件夹，不是数据库文件")
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise NoDatabaseHere(f"无法读取数据库文件“{path}”：{exc.strerror or exc}") from None
    if header and header != SQLITE_HEADER:
        raise NotOurDatabase(f"文件“{path}”不是 SQLite 数据库，未做任何更改")


def check_folder_exists(path: Path) -> None:
    """Refuse a database file whose folder does not exist: a typo in a path must not become a
    new, empty database in a new folder."""
    folder = path.parent
    if not folder.is_dir():
        what = "不是文件夹" if folder.exists() else "不存在"
        raise NoDatabaseHere(f"数据库文件夹“{folder}”{what}（本地文件 {path}）：请检查路径，程序不会自动创建它")


def make_folder(folder: Path) -> None:
    """Create a folder the program owns (the user data folder); NoDatabaseHere if impossible."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NoDatabaseHere(f"无法创建数据库文件夹“{folder}”：{exc.strerror or exc}") from None

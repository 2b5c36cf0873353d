"""Moving a SQLite file's encryption key to another computer (`gridcc db key export/import`).

The key that seals a file's ID numbers and phones lives in this computer's credential store
(db.at_rest_key); a file copied elsewhere opens only once its key is imported there. The key
file is written for its owner alone (mode 0600 where the system has modes; on Windows keep it
on removable media and delete it after the import) and is as sensitive as every ID number in
the database. A server has no such key: PostgreSQL's own accounts protect it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from db.at_rest_key import KEY_ID_SETTING, export_key, import_key
from db.engine import Database
from db.errors import DatabaseError
from db.schema import Setting


def database_key_id(database: Database) -> str:
    """The id of the file's key; DatabaseError for a server or a file not sealed."""
    if database.kind != "sqlite":
        raise DatabaseError(f"数据库（{database.describe()}）在服务器上：没有本机加密密钥，由服务器的账户保护")
    with database.read() as session:
        key_id = session.scalar(select(Setting.value).where(Setting.key == KEY_ID_SETTING))
    if key_id is None:
        raise DatabaseError(f"数据库（{database.describe()}）没有加密密钥：请先运行 gridcc db upgrade")
    return key_id


def export_database_key(database: Database, path: Path) -> str:
    """Write the file's key to a new file at `path` (never over an existing one); returns the key id."""
    key_id = database_key_id(database)
    export_key(key_id, path)
    return key_id


def import_database_key(path: Path) -> str:
    """Put the key of an exported key file into this computer's credential store; returns its id."""
    return import_key(path)

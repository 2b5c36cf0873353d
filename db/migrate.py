"""Bringing a database to the current schema, and refusing one made by a newer program."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import OperationalError

from db.engine import Database, _first_line
from db.errors import DatabaseTooNew, DatabaseUnavailable

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The schema revision this program was built for."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(database: Database) -> str | None:
    """The revision the database is at (None for an empty database)."""
    try:
        with database.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise DatabaseUnavailable(f"无法打开数据库（{database.describe()}）：{_first_line(exc)}") from None


def check_not_newer(database: Database) -> str | None:
    """Raise DatabaseTooNew when the database's revision is unknown to this program."""
    current = current_revision(database)
    if current is None:
        return None
    known = {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}
    if current not in known:
        raise DatabaseTooNew(
            f"数据库（{database.describe()}）的结构版本 {current} 比本程序新，请升级网格化管理指挥中心后再打开"
        )
    return current


def upgrade(database: Database) -> bool:
    """Upgrade the database to the head revision; return True if anything was applied."""
    current = check_not_newer(database)
    if current == head_revision():
        return False
    config = _config()
    try:
        with database.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise DatabaseUnavailable(f"升级数据库失败（{database.describe()}）：{_first_line(exc)}") from None
    return True

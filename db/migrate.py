"""Bringing a database to the current schema, and refusing one made by a newer program.

Revisions are numbered in order and each file in migrations/versions/ starts with its number
(0003_people_ledger.py is revision '0003', following '0002'), so the everyday question "is this
database current?" is answered from the file names and the alembic_version table. Alembic itself
(a third of a second to import) is loaded only when a database actually has to be upgraded.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from db.engine import Database, first_line
from db.errors import DatabaseTooNew, DatabaseUnavailable, NotOurDatabase

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSIONS_DIR = MIGRATIONS_DIR / "versions"


def _config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def known_revisions() -> list[str]:
    """Every revision this program knows, oldest first (the numbers the migration files start with)."""
    return sorted(path.name.split("_", 1)[0] for path in VERSIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))


def head_revision() -> str:
    """The schema revision this program was built for."""
    return known_revisions()[-1]


def current_revision(database: Database) -> str | None:
    """The revision the database is at (None for an empty database).

    A database with tables but no alembic_version belongs to another program (or to a person's
    own experiments): it is refused, so no command ever adds our tables beside its own.
    """
    try:
        with database.engine.connect() as conn:
            inspector = inspect(conn)
            if not inspector.has_table("alembic_version"):
                _refuse_foreign_tables(database, inspector.get_table_names())
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError as exc:
        raise DatabaseUnavailable(f"无法打开数据库（{database.describe()}）：{first_line(exc)}") from None


def _refuse_foreign_tables(database: Database, tables: list[str]) -> None:
    """Raise NotOurDatabase when an unversioned database already holds tables."""
    foreign = sorted(t for t in tables if not t.startswith("sqlite_"))
    if foreign:
        listed = "、".join(foreign[:5]) + ("等" if len(foreign) > 5 else "")
        raise NotOurDatabase(
            f"数据库（{database.describe()}）已有其他程序的表（{listed}），不是本程序的数据库：未做任何更改"
        )


def check_not_newer(database: Database) -> str | None:
    """Raise DatabaseTooNew when the database's revision is unknown to this program."""
    current = current_revision(database)
    if current is None:
        return None
    if current not in known_revisions():
        raise DatabaseTooNew(
            f"数据库（{database.describe()}）的结构版本 {current} 比本程序新，请升级网格化管理指挥中心后再打开"
        )
    return current


def upgrade(database: Database, to: str | None = None) -> bool:
    """Upgrade the database to revision `to` (default: the head revision, the only one the
    program itself asks for; tests stop earlier to check a migration); True if anything was applied."""
    target = to or head_revision()
    current = check_not_newer(database)
    if current == target:
        return False
    from alembic import command

    config = _config()
    try:
        with database.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, target)
    except DBAPIError as exc:
        raise DatabaseUnavailable(f"升级数据库失败（{database.describe()}）：{first_line(exc)}") from None
    return True

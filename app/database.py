"""Choosing and preparing the database the program works on (DESIGN §11).

Local SQLite files are upgraded and seeded on start; a PostgreSQL server is upgraded only by
an administrator's `gridcc db upgrade`, so one workstation never changes the schema under the
others by surprise.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

from app.config.aliases import aliases_seeded, seed_aliases
from app.config.seed import is_seeded, seed_defaults
from app.people.categories import categories_seeded, seed_population_categories
from db.engine import Database
from db.errors import DatabaseError
from db.migrate import check_not_newer, head_revision, upgrade

APP_NAME = "gridcc"


def data_dir() -> Path:
    """The user data folder (e.g. %LOCALAPPDATA%\\gridcc on Windows)."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_url() -> str:
    """The embedded default: a SQLite file in the user data folder."""
    return "sqlite:///" + str(data_dir() / "gridcc.db")


def demo_url() -> str:
    """The separate demo database, so trying the program never touches real data."""
    return "sqlite:///" + str(data_dir() / "gridcc-demo.db")


def chosen_url(cli_value: str | None, saved: str | None = None) -> str:
    """--db wins (an empty --db is an error, not the default), then GRIDCC_DB, then the address
    saved in the desktop's settings, then the default file."""
    if cli_value is not None:
        return cli_value
    return os.environ.get("GRIDCC_DB") or saved or default_url()


def prepare(database: Database) -> None:
    """Ready a database for work: reachable, not too new, upgraded (SQLite) and seeded."""
    database.check_connection()
    current = check_not_newer(database)
    if current != head_revision():
        if database.kind != "sqlite":
            raise DatabaseError(
                f"数据库（{database.describe()}）尚未初始化或版本较旧，请管理员先运行：gridcc --db URL db upgrade"
            )
        upgrade(database)
    ensure_seeded(database)


def upgrade_and_seed(database: Database) -> bool:
    """What `gridcc db upgrade` does on any database; True if the schema changed."""
    database.check_connection()
    changed = upgrade(database)
    ensure_seeded(database)
    return changed


def ensure_seeded(database: Database) -> None:
    """Load the default taxonomy, population categories and label aliases into a database that lacks them.

    Each part is seeded only while its table is empty, so an administrator's edits are never
    overwritten and a database seeded before the people ledger existed gets its categories.
    """
    with database.read() as session:
        if is_seeded(session) and categories_seeded(session) and aliases_seeded(session):
            return
    with database.write() as session:
        seed_defaults(session)
        seed_population_categories(session)
        seed_aliases(session)

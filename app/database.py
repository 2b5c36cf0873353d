"""Choosing and preparing the database the program works on.

Local SQLite files are upgraded and seeded on start; a PostgreSQL server is upgraded only by
an administrator's `gridcc db upgrade`, so one workstation never changes the schema under the
others by surprise.

Paths are taken literally. The default files live in the user data folder, which is created on
first use. A path the user named (--db, GRIDCC_DB, the desktop's settings) must be in a folder
that exists — a typo never becomes a new folder with an empty database that answers "0 cases" —
and a named file that does not exist yet is created only where a new database is the point:
`gridcc db upgrade`, `gridcc demo` and the desktop's first start (`prepare(create_missing=True)`,
the default); every other command says there is no database there and how to make one.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy.exc import SQLAlchemyError

from app.accounts.seed import roles_seeded, seed_roles
from app.assessment.settings import assessment_seeded, seed_assessment
from app.backup_settings import BackupSettings, get_backup_settings
from app.backups import BEFORE_UPGRADE, make_backup, record_backup
from app.cli.context import default_user
from app.config.aliases import aliases_seeded, seed_aliases
from app.config.seed import is_seeded, seed_defaults
from app.mediation.seed import mediation_seeded, seed_mediation
from app.people.categories import categories_seeded, seed_population_categories
from db.engine import Database
from db.errors import DatabaseError, NoDatabaseHere
from db.migrate import check_not_newer, head_revision, upgrade
from db.sqlite_files import check_folder_exists, make_folder

APP_NAME = "gridcc"


def data_dir() -> Path:
    """The user data folder (e.g. %LOCALAPPDATA%\\gridcc on Windows)."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_path() -> Path:
    """The default database file in the user data folder."""
    return data_dir() / "gridcc.db"


def default_url() -> str:
    """The embedded default: a SQLite file in the user data folder."""
    return "sqlite:///" + str(default_path())


def demo_url() -> str:
    """The separate demo database, so trying the program never touches real data."""
    return "sqlite:///" + str(data_dir() / "gridcc-demo.db")


def chosen_url(cli_value: str | None, saved: str | None = None) -> str:
    """--db wins (an empty --db is an error, not the default), then GRIDCC_DB, then the address
    saved in the desktop's settings, then the default file."""
    if cli_value is not None:
        return cli_value
    return os.environ.get("GRIDCC_DB") or saved or default_url()


def needs_first_run(cli_value: str | None, saved: str | None, *, demo: bool) -> bool:
    """True when nothing names a database yet, so the desktop asks how to set one up: no --db,
    no --demo, no GRIDCC_DB, no address saved in the settings, and no default file (an
    installation used before is never asked again)."""
    if demo or cli_value is not None or os.environ.get("GRIDCC_DB") or saved:
        return False
    return not default_path().exists()


def check_location(database: Database, *, create_missing: bool) -> None:
    """Where a SQLite database may be opened (see the module docstring); servers pass."""
    path = database.path
    if path is None:
        return
    if path.parent == data_dir():
        make_folder(path.parent)
        return
    check_folder_exists(path)
    if not create_missing and not path.exists():
        raise NoDatabaseHere(
            f"本地文件 {path} 不存在，那里没有数据库：新建请运行 gridcc --db {path} db upgrade"
        )


def prepare(database: Database, *, create_missing: bool = True, syncing: bool = False) -> None:
    """Ready a database for work: reachable, not too new, upgraded (SQLite) and seeded.

    `create_missing=False` refuses a named SQLite file that does not exist instead of creating it.
    An offline replica whose first copy from the server was cut off holds part of the district
    and none of its accounts yet: it is refused for everything but syncing (`syncing=True`).
    """
    check_location(database, create_missing=create_missing)
    database.check_connection()
    current = check_not_newer(database)
    if current != head_revision():
        if database.kind != "sqlite":
            raise DatabaseError(
                f"数据库（{database.describe()}）尚未初始化或版本较旧，请管理员先运行：gridcc --db URL db upgrade"
            )
        upgrade_with_backup(database)
    ensure_seeded(database)
    if not syncing:
        _refuse_unfinished_replica(database)


def _refuse_unfinished_replica(database: Database) -> None:
    from app.sync.state import first_copy_unfinished

    if first_copy_unfinished(database):
        raise DatabaseError(f"{database.describe()} 是尚未完成首次同步的离线副本：请先运行 "
                            f"gridcc --db {database.path} sync --once 完成同步，再使用")


def upgrade_and_seed(database: Database, *, backup: bool = True) -> bool:
    """What `gridcc db upgrade` does on any database; True if the schema changed.

    `backup=False` only for files that are a cache of generated data (the benchmarks'), where a
    copy would cost gigabytes and save nothing.
    """
    check_location(database, create_missing=True)
    database.check_connection()
    changed = upgrade_with_backup(database) if backup else upgrade(database)
    ensure_seeded(database)
    return changed


def upgrade_with_backup(database: Database) -> bool:
    """Upgrade to the head revision; a SQLite file that holds an older schema is first copied
    into its backup folder (reason before-upgrade), so a failed or regretted upgrade can be
    undone with `gridcc db restore`. True if the schema changed.

    A new, empty file has nothing to save; a server is backed up by its administrator.
    """
    current = check_not_newer(database)
    if current == head_revision():
        return False
    backup = None
    if database.kind == "sqlite" and current is not None:
        backup = make_backup(database, BEFORE_UPGRADE, actor=default_user(), record=False,
                             settings=_settings_of_old(database))
    changed = upgrade(database)
    _recapture_if_replica(database)
    if backup is not None:
        record_backup(database, backup, actor=default_user(), workstation=socket.gethostname(),
                      extra={"upgraded_to": head_revision()})
    return changed


def _recapture_if_replica(database: Database) -> None:
    """An upgraded replica captures its changes with triggers of the new schema (app.sync.capture)."""
    from app.sync.capture import install_capture
    from app.sync.state import is_replica

    if is_replica(database):
        with database.write() as session:
            install_capture(session)


def _settings_of_old(database: Database) -> BackupSettings:
    """The backup settings of a database at an older schema, the defaults where it cannot say
    (a schema from before the settings existed)."""
    try:
        return get_backup_settings(database)
    except SQLAlchemyError:
        return BackupSettings()


def ensure_seeded(database: Database) -> None:
    """Load the default taxonomy, population categories and label aliases into a database that lacks them.

    Each part is seeded only while its table is empty, so an administrator's edits are never
    overwritten and a database seeded before the people ledger existed gets its categories.
    """
    with database.read() as session:
        if (is_seeded(session) and categories_seeded(session) and aliases_seeded(session)
                and mediation_seeded(session) and assessment_seeded(session) and roles_seeded(session)):
            return
    with database.write() as session:
        seed_defaults(session)
        seed_population_categories(session)
        seed_aliases(session)
        seed_mediation(session)
        seed_assessment(session)
        seed_roles(session)

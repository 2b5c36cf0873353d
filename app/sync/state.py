"""A replica's settings and progress (`sync_state`), and the status shown to users.

Keys: the server's address (without its password), the server password sealed with the file's
own at-rest key (db.sealed: never in clear in the file, the settings or a log), the replica's id
and desk code as the server registered them, the pull cursor (a PostgreSQL transaction id), the
schema revision the replica was made at, and the last sync's time, outcome and error.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from app.sync.desk import DESK_KEY
from db.engine import Database
from db.schema import SyncConflict, SyncOutbox, SyncState
from db.sealed import sealer_for
from db.urls import parse_database_url

SERVER = "server_url"
PASSWORD = "server_password"
LOGIN = "server_login"
REPLICA_ID = "replica_id"
DESK = DESK_KEY
CURSOR = "cursor"
LAST_SYNC = "last_sync_at"
LAST_ATTEMPT = "last_attempt_at"
LAST_ERROR = "last_error"
ONLINE = "online"
INTERVAL = "interval_s"
DEFAULT_INTERVAL_S = 60
_PASSWORD_PURPOSE = b"sync-password"


def read(session: Session, key: str) -> str | None:
    return session.scalar(select(SyncState.value).where(SyncState.key == key))


def write(session: Session, key: str, value: str | None) -> None:
    session.execute(text("INSERT INTO sync_state (key, value) VALUES (:key, :value) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value"), {"key": key, "value": value})


def is_replica(database: Database) -> bool:
    """True for a SQLite file made into a replica by `gridcc sync init`."""
    if database.kind != "sqlite":
        return False
    with database.read() as session:
        if not inspect(session.connection()).has_table("sync_state"):
            return False
        return read(session, REPLICA_ID) is not None


def first_copy_unfinished(database: Database) -> bool:
    """True for a replica whose first pull from the server has not finished (cursor still zero)."""
    if not is_replica(database):
        return False
    with database.read() as session:
        return (read(session, CURSOR) or "0") == "0"


def save_server(session: Session, url: URL, login: str | None = None, password: str | None = None) -> None:
    """Keep the server's address and how the desk logs in: the address's own user and password, or
    (an address without a user) the account `login` and its password — sealed with the file's key."""
    write(session, SERVER, url._replace(password=None).render_as_string(hide_password=False))  # set() keeps a None
    write(session, LOGIN, login)
    password = password if login else url.password
    if password:
        sealer = sealer_for(session.get_bind().dialect)
        if sealer is None:
            raise ValueError("a replica file must be sealed before it keeps a server password")
        write(session, PASSWORD, sealer.seal(_PASSWORD_PURPOSE, str(password)).hex())
    else:
        write(session, PASSWORD, None)


def server_login(session: Session) -> tuple[URL, str | None, str | None]:
    """(address, account login, password) as saved: with a login, the password is the account's
    and the address has no user; without, the password is put back into the address."""
    url = parse_database_url(read(session, SERVER))
    login = read(session, LOGIN)
    sealed = read(session, PASSWORD)
    password = None
    if sealed:
        sealer = sealer_for(session.get_bind().dialect)
        password = sealer.open(_PASSWORD_PURPOSE, bytes.fromhex(sealed))
    if login is None and password:
        return url.set(password=password), None, None
    return url, login, password


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar, the banner and `gridcc sync status` show."""

    replica: bool
    server: str | None = None
    desk: str | None = None
    online: bool = False
    last_sync_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_error: str | None = None
    pending: int = 0
    conflicts: int = 0
    cursor: str | None = None
    interval_s: int = DEFAULT_INTERVAL_S

    def to_json(self) -> dict:
        values = asdict(self)
        for key in ("last_sync_at", "last_attempt_at"):
            values[key] = values[key].isoformat() if values[key] else None
        return values


def sync_status(database: Database) -> SyncStatus:
    """The replica's status (SyncStatus(replica=False) for any other database)."""
    if not is_replica(database):
        return SyncStatus(replica=False)
    with database.read() as session:
        values = dict(session.execute(select(SyncState.key, SyncState.value)).all())
        pending = session.scalar(select(func.count()).select_from(SyncOutbox))
        conflicts = session.scalar(select(func.count()).select_from(SyncConflict).where(
            SyncConflict.resolved_at.is_(None), SyncConflict.deleted_at.is_(None),
            SyncConflict.desk == values.get(DESK)))
    return SyncStatus(
        replica=True, server=_describe(values.get(SERVER)), desk=values.get(DESK),
        online=values.get(ONLINE) == "1", last_sync_at=_time(values.get(LAST_SYNC)),
        last_attempt_at=_time(values.get(LAST_ATTEMPT)), last_error=values.get(LAST_ERROR),
        pending=pending, conflicts=conflicts, cursor=values.get(CURSOR),
        interval_s=int(values.get(INTERVAL) or DEFAULT_INTERVAL_S),
    )


def _describe(url: str | None) -> str | None:
    if not url:
        return None
    parsed = parse_database_url(url)
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database}"


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None

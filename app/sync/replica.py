"""Making a replica (`gridcc sync init`) and opening its server.

A replica starts from a new local file: the program's own seeded configuration in it is replaced
by the server's (categories, time limits, calendar, roles… are the center's), the desk is
registered on the server and gets its desk code (R1, R2 …, part of the numbers it hands out
offline), the capture triggers are installed, and the first pull copies everything the desk may
see in one consistent snapshot. A file that already holds cases, people or disputes is refused:
they would never reach the server (nothing captured them) and would mix two districts' records.
"""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import exists, select

from app.sync import state
from app.sync.capture import install_capture
from app.sync.place import register_desk, remember_place
from app.sync.engine import SyncReport, check_server_revision, record_outcome
from app.sync.errors import ServerUnreachable, SyncError
from app.sync.lock import sync_lock
from app.sync.pull import pull
from app.sync.tables import synced_tables
from db.at_rest_key import KEY_CHECK_SETTING, KEY_ID_SETTING
from db.engine import Database, first_line
from db.errors import DatabaseError
from db.schema import AccountSecret, Case, Dispute, Person, Setting, Staff
from db.sealed import sealer_for
from db.urls import parse_database_url
from sqlalchemy.exc import DBAPIError


@dataclass(frozen=True)
class ReplicaMade:
    desk: str
    rows: int
    renewed: bool = False  # an existing replica whose login was saved again


def open_server(replica: Database) -> Database:
    """The replica's server as a Database, logged in as `sync init` saved: as the address's own
    user, or as the desk's account (its server role, so the server's row-level security decides
    what the replica holds)."""
    with replica.read() as session:
        url, login, password = state.server_login(session)
    return _connect(url, login, password)


def _connect(url, login: str | None, password: str | None) -> Database:
    if login is None:
        return Database(url)
    from app.accounts.pg_login import connect_as

    from app.accounts.errors import AccountError

    try:
        return connect_as(url, login, password or "", socket.gethostname()).database
    except AccountError as exc:
        raise SyncError(f"服务器拒绝了同步所用的账户“{login}”（{exc}）：密码改过时，请运行 gridcc --db 本文件 "
                        f"--user {login} sync init --server 原地址 重新保存") from None
    except DatabaseError as exc:
        raise ServerUnreachable(str(exc)) from None


def init_replica(replica: Database, server_url: str, *, name: str | None = None, login: str | None = None,
                 password: str | None = None, progress: Callable[[str, int], None] | None = None) -> ReplicaMade:
    """Turn the new local file `replica` into a replica of `server_url` (see the module docstring).

    An address without a user name is logged in as the account `login`: the replica then holds
    what that account may see, and that account (only) logs in on the replica offline with the
    same password. An address with a user (the district's sync role or the owner) holds
    everything, with every account's password hash when the role may read them."""
    url = parse_database_url(server_url)
    if url.get_backend_name() != "postgresql":
        raise SyncError("同步的服务器必须是 PostgreSQL 地址，如 postgresql://用户@主机:5432/库名")
    if not url.username and not login:
        raise SyncError("服务器地址没有用户名：请用 --user 指定本工作站同步所用的账户")
    if state.is_replica(replica):
        return _log_in_again(replica, url, login, password)
    check_local(replica)
    login = None if url.username else login
    server = _connect(url, login, password)
    try:
        check_server_revision(server)
        desk_no = _register(server, uuid.uuid4(), name or socket.gethostname())
    except DBAPIError as exc:
        raise ServerUnreachable(f"无法连接服务器（{server.describe()}）：{first_line(exc)}") from None
    replica_id, desk = desk_no
    with replica.write() as session:
        _clear_configuration(session)
        state.save_server(session, url, login, password)
        state.write(session, state.REPLICA_ID, str(replica_id))
        state.write(session, state.DESK, desk)
        state.write(session, state.CURSOR, "0")
        remember_place(session, replica)
        install_capture(session)
    started = time.perf_counter()
    try:
        with sync_lock(replica.path):
            result = pull(replica, server, progress=progress)
        if login:
            _offline_login(replica, login, password)
        record_outcome(replica, "ok", SyncReport(pulled=result.rows), time.perf_counter() - started, None,
                       datetime.now(timezone.utc))
    except DBAPIError as exc:
        raise ServerUnreachable(f"首次同步中断（{server.describe()}）：{first_line(exc)}；再运行 gridcc sync 即可继续") from None
    finally:
        server.dispose()
    return ReplicaMade(desk=desk, rows=result.rows)


def _log_in_again(replica: Database, url, login: str | None, password: str | None) -> ReplicaMade:
    """`sync init` again on a replica of the same server: keep the new login or password (after
    the server accepted it) — the desk goes on with its data, cursor and pending changes."""
    with replica.read() as session:
        saved, _login, _password = state.server_login(session)
        desk = state.read(session, state.DESK)
    if (saved.host, saved.port or 5432, saved.database) != (url.host, url.port or 5432, url.database):
        raise SyncError(f"{replica.describe()} 已经是另一服务器（{saved.host}/{saved.database}）的副本，不能改为其他服务器")
    login = None if url.username else login
    server = _connect(url, login, password)
    try:
        check_server_revision(server)
    except DBAPIError as exc:
        raise ServerUnreachable(f"无法连接服务器（{server.describe()}）：{first_line(exc)}") from None
    finally:
        server.dispose()
    with replica.write() as session:
        state.save_server(session, url, login, password)
    if login:
        _offline_login(replica, login, password)
    return ReplicaMade(desk=desk, rows=0, renewed=True)


def _offline_login(replica: Database, login: str, password: str | None) -> None:
    """The desk's account logs in on the replica with the password the server just accepted (the
    first time, and again after the password was changed)."""
    from app.accounts.passwords import hash_password

    with replica.write() as session:
        staff_id = session.scalar(select(Staff.id).where(Staff.login == login.strip().lower()))
        if staff_id is None:
            return
        secret = session.get(AccountSecret, staff_id)
        if secret is None:
            secret = AccountSecret(staff_id=staff_id, failed_attempts=0, must_change=False)
            session.add(secret)
        secret.password_hash = hash_password(password or "")
        secret.changed_at = datetime.now(timezone.utc)


def check_local(replica: Database) -> None:
    """Refuse (SyncError, one line) a file that cannot become a replica."""
    if replica.kind != "sqlite":
        raise SyncError("副本必须是本机的 SQLite 文件（--db 指向本地文件）")
    if state.is_replica(replica):
        raise SyncError(f"{replica.describe()} 已经是副本，不能再次初始化")
    with replica.read() as session:
        if sealer_for(session.get_bind().dialect) is None:
            raise SyncError("本地文件尚未加密，请先运行 gridcc db upgrade")
        for table in (Case, Person, Dispute):
            if session.scalar(select(exists().select_from(table))):
                raise SyncError(f"{replica.describe()} 已有业务数据：副本必须从新的空文件开始，请用 --db 指定一个新文件")


def _register(server: Database, replica_id: uuid.UUID, name: str) -> tuple[uuid.UUID, str]:
    return replica_id, register_desk(server, replica_id, name)


def _clear_configuration(session) -> None:
    """Remove the locally seeded rows the server's replace (the file's own key settings stay)."""
    for synced in reversed(synced_tables()):
        if not synced.pull:
            continue
        query = synced.table.delete()
        if synced.name == "settings":
            query = query.where(Setting.key.notin_([KEY_ID_SETTING, KEY_CHECK_SETTING]))
        session.execute(query)

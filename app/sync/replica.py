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

from sqlalchemy import exists, select, text

from app.sync import state
from app.sync.capture import install_capture
from app.sync.desk import DESK_MARK
from app.sync.engine import ServerUnreachable, SyncError, SyncReport, record_outcome
from app.sync.pull import pull
from app.sync.tables import synced_tables
from db.at_rest_key import KEY_CHECK_SETTING, KEY_ID_SETTING
from db.engine import Database, first_line
from db.errors import DatabaseError
from db.migrate import current_revision, head_revision
from db.schema import Case, Dispute, Person, Setting
from db.sealed import sealer_for
from db.urls import parse_database_url
from sqlalchemy.exc import DBAPIError


@dataclass(frozen=True)
class ReplicaMade:
    desk: str
    rows: int


def open_server(replica: Database) -> Database:
    """The replica's server as a Database (address and password as `sync init` saved them)."""
    with replica.read() as session:
        return Database(state.server_url(session))


def init_replica(replica: Database, server_url: str, *, name: str | None = None,
                 progress: Callable[[str, int], None] | None = None) -> ReplicaMade:
    """Turn the new local file `replica` into a replica of `server_url` (see the module docstring)."""
    url = parse_database_url(server_url)
    if url.get_backend_name() != "postgresql":
        raise SyncError("同步的服务器必须是 PostgreSQL 地址，如 postgresql://用户@主机:5432/库名")
    _check_local(replica)
    server = Database(url)
    try:
        _check_server(server)
        desk_no = _register(server, uuid.uuid4(), name or socket.gethostname())
    except DBAPIError as exc:
        raise ServerUnreachable(f"无法连接服务器（{server.describe()}）：{first_line(exc)}") from None
    replica_id, desk = desk_no
    with replica.write() as session:
        _clear_configuration(session)
        state.save_server(session, url)
        state.write(session, state.REPLICA_ID, str(replica_id))
        state.write(session, state.DESK, desk)
        state.write(session, state.CURSOR, "0")
        install_capture(session)
    started = time.perf_counter()
    try:
        result = pull(replica, server, progress=progress)
        record_outcome(replica, "ok", SyncReport(pulled=result.rows), time.perf_counter() - started, None,
                       datetime.now(timezone.utc))
    except DBAPIError as exc:
        raise ServerUnreachable(f"首次同步中断（{server.describe()}）：{first_line(exc)}；再运行 gridcc sync 即可继续") from None
    finally:
        server.dispose()
    return ReplicaMade(desk=desk, rows=result.rows)


def _check_local(replica: Database) -> None:
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


def _check_server(server: Database) -> None:
    try:
        revision = current_revision(server)
    except DatabaseError as exc:
        raise ServerUnreachable(str(exc)) from None
    if revision != head_revision():
        raise SyncError(f"服务器的数据库结构版本为 {revision}，本机程序为 {head_revision()}：请先把两边升级到同一版本")


def _register(server: Database, replica_id: uuid.UUID, name: str) -> tuple[uuid.UUID, str]:
    with server.write() as session:
        desk_no = session.scalar(text("INSERT INTO sync_replicas (id, name) VALUES (:id, :name) RETURNING desk_no"),
                                 {"id": replica_id, "name": name[:64]})
    return replica_id, f"{DESK_MARK}{desk_no}"


def _clear_configuration(session) -> None:
    """Remove the locally seeded rows the server's replace (the file's own key settings stay)."""
    for synced in reversed(synced_tables()):
        if not synced.pull:
            continue
        query = synced.table.delete()
        if synced.name == "settings":
            query = query.where(Setting.key.notin_([KEY_ID_SETTING, KEY_CHECK_SETTING]))
        session.execute(query)

"""Where a replica lives: one file, one desk.

A replica copied to another folder or computer (a backup put back beside the original, a folder
copied to a new machine) would sync as the same desk: both copies would hand out the same case
numbers and push each other's changes as their own. So a replica remembers the computer and the
path it was made at; a sync from anywhere else is refused with one line, and `gridcc sync adopt`
registers the file found there as a new desk (a new desk code and number series; its data, cursor
and unpushed changes go on with it).
"""

from __future__ import annotations

import os
import socket
import uuid

from sqlalchemy import text

from app.sync import state
from app.sync.desk import DESK_MARK
from app.sync.errors import SyncError
from db.engine import Database

PLACE = "place"


def here(replica: Database) -> str:
    """This computer and the replica's full path, as remembered."""
    return f"{socket.gethostname()}|{os.path.realpath(replica.path)}"


def remember_place(session, replica: Database) -> None:
    state.write(session, PLACE, here(replica))


def check_place(replica: Database) -> None:
    """Refuse (SyncError) a replica that is not where it was made or last adopted."""
    with replica.read() as session:
        remembered = state.read(session, PLACE)
    if remembered is not None and remembered != here(replica):
        computer, path = remembered.split("|", 1)
        raise SyncError(f"本副本文件是在别处（{computer}：{path}）建立的，已被复制或移动：为免两份文件以同一工作站的身份同步，"
                        f"请先运行 gridcc --db {replica.path} sync adopt，登记为新的工作站后再同步")


def register_desk(server: Database, replica_id: uuid.UUID, name: str) -> str:
    """Register a desk on the server; its desk code (R1, R2 …)."""
    with server.write() as session:
        desk_no = session.scalar(text("INSERT INTO sync_replicas (id, name) VALUES (:id, :name) RETURNING desk_no"),
                                 {"id": replica_id, "name": name[:64]})
    return f"{DESK_MARK}{desk_no}"


def adopt(replica: Database, server: Database) -> str:
    """Register the replica found here as a new desk of its server; the new desk code."""
    replica_id = uuid.uuid4()
    desk = register_desk(server, replica_id, socket.gethostname())
    with replica.write() as session:
        state.write(session, state.REPLICA_ID, str(replica_id))
        state.write(session, state.DESK, desk)
        remember_place(session, replica)
    return desk

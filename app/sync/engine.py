"""One sync of a replica with its server: push the outbox, then pull, then record how it went.

Order matters: pushing first means a pull never has to overwrite a desk's unpushed change
(app.sync.pull applies pages only while the outbox is empty), and the server's answer to the
push (merged rows, new event numbers, conflicts) comes back in the same sync's pull.

A push goes in batches of `BATCH` outbox rows, each one server transaction; the outbox rows are
deleted only after that transaction committed. A replica killed between the two sends the batch
again and the server, which remembers every mutation id, skips what it already applied. A batch
the server cannot write as a whole (a constraint no merge foresaw) is written one mutation at a
time, each in a savepoint; a mutation that still fails becomes a conflict with the desk's row, so
one bad row never blocks the desk's other changes and nothing typed is lost.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import delete, select, text
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, InterfaceError, OperationalError

from app.sync import state
from app.sync.crash import crash_point
from app.sync.errors import ServerUnreachable, SyncBusy, SyncError
from app.sync.lock import sync_lock
from app.sync.place import check_place
from app.sync.pull import PullDeferred, pull
from app.sync.push import BatchApplier, Mutation, PushResult, bury, claim, touch
from app.sync.values import OutboxReader, row_json
from db.engine import Database, first_line
from db.errors import DatabaseError, DatabaseUnavailable
from db.migrate import current_revision, head_revision
from db.schema import SyncConflict, SyncLogEntry, SyncOutbox

log = logging.getLogger(__name__)
BATCH = 1000
PULL_ROUNDS = 3
#: what the server may refuse of a desk's change: its constraints, and values it cannot hold
REFUSALS = (IntegrityError, DataError)
UNIQUE_VIOLATION = "23505"
#: the log's note when the desk kept changing things during every pull round of a sync
DEFERRED = "本机修改已推送；同步期间本机一直有新的修改，服务器的修改将在下次同步时接收"


@dataclass
class SyncReport:
    """What one sync did."""

    pushed: int = 0
    replayed: int = 0
    pulled: int = 0
    deleted: int = 0
    conflicts: int = 0
    seconds: float = 0.0


class SyncEngine:
    """Syncs one replica with its server (open the server with `app.sync.server.open_server`)."""

    def __init__(self, replica: Database, server: Database, *, now=lambda: datetime.now(timezone.utc)):
        self.replica, self.server, self.now = replica, server, now
        with replica.read() as session:
            self.replica_id = uuid.UUID(state.read(session, state.REPLICA_ID))
            self.desk = state.read(session, state.DESK)
        self.reader = OutboxReader(replica.engine.dialect)

    def sync_once(self) -> SyncReport:
        """Push everything, pull everything; record the outcome in the state and the log.

        SyncBusy at once (nothing recorded) while another sync of this replica runs."""
        with sync_lock(self.replica.path):
            return self._sync()

    def _sync(self) -> SyncReport:
        started = time.perf_counter()
        report = SyncReport()
        note = None
        try:
            check_place(self.replica)
            self.check_revisions()
            for _ in range(PULL_ROUNDS):
                self._push_all(report)
                try:
                    pulled = pull(self.replica, self.server)
                except PullDeferred:
                    continue
                report.pulled, report.deleted = report.pulled + pulled.rows, report.deleted + pulled.deleted
                break
            else:
                note = DEFERRED
        except SyncBusy:
            raise
        except SyncError as exc:
            self._record("offline" if isinstance(exc, ServerUnreachable) else "failed", report, started, str(exc))
            raise
        except (OperationalError, InterfaceError) as exc:
            message = f"无法连接服务器（{self.server.describe()}）：{first_line(exc)}"
            self._record("offline", report, started, message)
            raise ServerUnreachable(message) from None
        except DBAPIError as exc:  # the server refused a statement: its first line names no value
            message = f"同步未完成，服务器拒绝了操作（{self.server.describe()}）：{first_line(exc)}"
            self._record("failed", report, started, message)
            raise SyncError(message) from None
        except Exception:  # a fault of the program: the log has the details, the status says so
            self._record("failed", report, started, "同步时程序出错，详情已写入日志文件")
            raise
        report.seconds = time.perf_counter() - started
        self._record("ok", report, started, note)
        return report

    def check_revisions(self) -> None:
        """Refuse to sync a replica and a server of different schema versions, or a server that no
        longer knows this desk (dropped and made again, or restored from a backup)."""
        check_server_revision(self.server)
        if current_revision(self.replica) != head_revision():
            raise SyncError("本机副本的数据库结构版本与程序不同：请先运行 gridcc db upgrade 再同步")
        with self.server.read() as session:
            registered = session.scalar(text("SELECT EXISTS (SELECT 1 FROM sync_replicas WHERE id = :id)"),
                                        {"id": self.replica_id})
        if not registered:
            raise SyncError(f"服务器上没有本工作站（{self.desk}）的登记：服务器数据库可能已重建或从备份恢复。"
                            "本副本不能再与它同步，请用新文件重新 sync init（本机尚未推送的修改见 gridcc sync status）")

    # ------------------------------------------------------------------ push
    def _push_all(self, report: SyncReport) -> None:
        while True:
            mutations = self._next_batch()
            if not mutations:
                return
            result = self._push_batch(mutations)
            crash_point("push-after-commit")
            with self.replica.write() as session:
                session.execute(delete(SyncOutbox).where(SyncOutbox.seq <= mutations[-1].seq))
            report.pushed += result.applied
            report.replayed += result.replayed
            report.conflicts += len(result.conflicts)

    def _next_batch(self) -> list[Mutation]:
        with self.replica.read() as session:
            rows = session.scalars(select(SyncOutbox).order_by(SyncOutbox.seq).limit(BATCH)).all()
        return [Mutation(seq=r.seq, mutation_id=r.mutation_id, table=r.table_name, row_id=uuid.UUID(r.row_id),
                         op=r.op, old=self.reader.row(r.table_name, r.old), new=self.reader.row(r.table_name, r.new))
                for r in rows]

    def _push_batch(self, mutations: list[Mutation]):
        try:
            with self.server.write() as session:
                result = BatchApplier(session, replica_id=self.replica_id, desk=self.desk, now=self.now()).apply(mutations)
                self._seen(session)
                session.flush()
                crash_point("push-before-commit")
            return result
        except REFUSALS:
            log.info("sync: a batch of %d changes is written one at a time", len(mutations))
        with self.server.write() as session:
            total = None
            for mutation in mutations:
                total = self._push_one(session, mutation, total)
            self._seen(session)
            return total

    def _push_one(self, session, mutation: Mutation, total):
        try:
            with session.begin_nested():
                result = BatchApplier(session, replica_id=self.replica_id, desk=self.desk, now=self.now()).apply([mutation])
        except REFUSALS as exc:
            result = self._refused(session, mutation, exc)
        if total is None:
            return result
        total.applied += result.applied
        total.replayed += result.replayed
        total.conflicts += result.conflicts
        return total

    def _refused(self, session, mutation: Mutation, exc: DBAPIError):
        """A change the server refuses (a value another record already has, a value too long for
        the server's column, a reference the server does not hold): remembered as applied, kept
        whole as a conflict, and undone at the desk by the next pull."""
        unique = getattr(exc.orig, "sqlstate", None) == UNIQUE_VIOLATION
        values = dict(kind="duplicate" if unique else "refused", table_name=mutation.table, row_id=mutation.row_id,
                      desk=self.desk, mutation_id=mutation.mutation_id, detected_at=self.now(),
                      local_row=row_json(mutation.new or mutation.old),
                      detail=("与服务器上已有的记录重复（如编号或身份证号相同），未保存到服务器；本机的内容保存在此处" if unique
                              else "服务器拒绝了本机的这项修改（如某个值超出服务器允许的长度，或引用的记录不存在），"
                                   "未保存到服务器；本机的内容保存在此处"))
        with session.begin_nested():
            claim(session, [mutation.mutation_id], self.replica_id)
            session.add(SyncConflict(**values))
            if mutation.op == "insert":
                bury(session, mutation.table, mutation.row_id)
            else:
                touch(session, mutation.table, mutation.row_id)
        return PushResult(applied=1, conflicts=[values])

    def _seen(self, session) -> None:
        session.execute(text("UPDATE sync_replicas SET last_seen_at = now() WHERE id = :id"), {"id": self.replica_id})

    def _record(self, outcome: str, report: SyncReport, started: float, message: str | None) -> None:
        record_outcome(self.replica, outcome, report, time.perf_counter() - started, message, self.now())


def check_server_revision(server: Database) -> None:
    """Refuse a server this program cannot sync with: away (ServerUnreachable), another program's
    or an empty database, or another schema revision (SyncError, saying which side to upgrade)."""
    try:
        revision = current_revision(server)
    except DatabaseUnavailable as exc:
        raise ServerUnreachable(str(exc)) from None
    except DatabaseError as exc:
        raise SyncError(str(exc)) from None
    ours = head_revision()
    if revision is None:
        raise SyncError(f"服务器上的数据库（{server.describe()}）还不是本程序的数据库：请管理员先运行 gridcc --db 地址 db upgrade")
    if revision != ours:
        raise SyncError(f"服务器的数据库结构版本为 {revision}，本机程序为 {ours}：请先把两边升级到同一版本再同步")


def record_outcome(replica: Database, outcome: str, report: SyncReport, seconds: float, message: str | None,
                   now: datetime) -> None:
    """Write how a sync went into the replica's state (status bar, `sync status`) and its log."""
    try:
        with replica.write() as session:
            state.write(session, state.LAST_ATTEMPT, now.isoformat())
            state.write(session, state.ONLINE, "1" if outcome == "ok" else "0")
            state.write(session, state.LAST_ERROR, None if outcome == "ok" else message)
            if outcome == "ok":
                state.write(session, state.LAST_SYNC, now.isoformat())
            session.add(SyncLogEntry(at=now, outcome=outcome, pushed=report.pushed, pulled=report.pulled,
                                     conflicts=report.conflicts, seconds=round(seconds, 3), message=message))
    except DBAPIError:
        log.warning("sync: the outcome could not be recorded in the replica", exc_info=True)

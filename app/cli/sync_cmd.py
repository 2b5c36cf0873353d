"""`gridcc sync …`: an offline replica of the center's server (app/sync).

    gridcc --db desk.db sync init --server postgresql://user:pw@host/db   make the new file a replica
    gridcc --db desk.db --user LOGIN sync init --server postgresql://host/db   … as a desk account
    gridcc --db desk.db sync --once        one sync: push the desk's changes, pull the server's
    gridcc --db desk.db sync               keep syncing every interval (Ctrl+C ends)
    gridcc --db desk.db sync status [--json]
    gridcc --db desk.db sync conflicts [--json] [--all]
    gridcc --db desk.db sync resolve ID --keep server|local
    gridcc --db copy.db sync adopt         a replica copied or moved here becomes a new desk

Exit codes as everywhere (0 done; 2 nothing done: a bad address, an unreachable server, a file
that is not a replica). A server that does not answer is not a fault of the desk: `sync --once`
says so in one line and exits 2, the loop waits and tries again.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import uuid
from datetime import datetime, timezone

from app.cli.context import BadArgument, bounded_int, default_user
from app.cli.login import NO_LOGIN, AccountRule, read_password, requested_login
from app.cli.output import print_json, print_table
from app.sync.conflicts import ConflictService
from app.sync.engine import SyncEngine, SyncReport, record_outcome
from app.sync.errors import ServerUnreachable, SyncBusy, SyncError
from app.sync.live import follow
from app.sync.lock import BUSY
from app.sync.place import adopt
from app.sync.replica import init_replica, open_server
from app.sync.settings import MAX_INTERVAL_S, MIN_INTERVAL_S
from app.sync.state import DEFAULT_INTERVAL_S, is_replica, sync_status
from db.errors import DatabaseError
from db.urls import parse_database_url

INTERVAL_RANGE = (MIN_INTERVAL_S, MAX_INTERVAL_S)
#: `sync init` logs in on the server, not on the file: a new file has no accounts, and on a replica
#: whose password changed the file's copy of the old one must not stand in the way
INIT = AccountRule(login=False)


def register(commands) -> None:
    sync = commands.add_parser("sync", help="离线副本：与中心服务器同步（推送本机修改、拉取服务器修改）")
    sync.add_argument("--once", action="store_true", help="只同步一次后退出")
    sync.add_argument("--interval", type=bounded_int(*INTERVAL_RANGE), metavar="SECONDS",
                      help=f"持续同步时的间隔秒数（{INTERVAL_RANGE[0]}–{INTERVAL_RANGE[1]}，默认按副本设置，{DEFAULT_INTERVAL_S} 秒）")
    sync.set_defaults(handler=_sync)
    sub = sync.add_subparsers(dest="sync_command", metavar="ACTION")
    init = sub.add_parser("init", help="把 --db 指定的新文件设为服务器的离线副本，并首次同步")
    init.add_argument("--server", required=True, metavar="URL", type=_server_address, help="中心服务器地址 postgresql://用户:密码@主机:5432/库名")
    init.add_argument("--name", metavar="NAME", help="本工作站的名称（默认计算机名）")
    init.set_defaults(handler=_init, account_rule=INIT, creates_database=True)
    status = sub.add_parser("status", help="同步状态：上次同步、待推送的修改、冲突、游标")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=_status, account_rule=NO_LOGIN)
    conflicts = sub.add_parser("conflicts", help="列出同步冲突（原值 / 本机 / 服务器）")
    conflicts.add_argument("--all", action="store_true", help="也列出已处理的冲突")
    conflicts.add_argument("--json", action="store_true")
    conflicts.set_defaults(handler=_conflicts)
    adopt_cmd = sub.add_parser("adopt", help="把复制或移动到此处的副本文件登记为新的工作站（新的工作站代码）后继续同步")
    adopt_cmd.set_defaults(handler=_adopt, account_rule=INIT)
    resolve = sub.add_parser("resolve", help="处理一项冲突：保留服务器的值，或采用本机的值（作为新的修改推送）")
    resolve.add_argument("id", help="冲突编号（gridcc sync conflicts 列出）")
    resolve.add_argument("--keep", choices=("server", "local"), required=True,
                         help="server = 采用服务器（流程冲突即确认），local = 把本机的内容写入记录（记录须仍存在），下次同步时推送")
    resolve.set_defaults(handler=_resolve)


def _server_address(text: str) -> str:
    """A PostgreSQL address, checked before any file is made for the replica."""
    try:
        url = parse_database_url(text)
    except DatabaseError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if url.get_backend_name() != "postgresql":
        raise argparse.ArgumentTypeError("同步的服务器必须是 PostgreSQL 地址，如 postgresql://用户@主机:5432/库名")
    return text


def _replica(ctx):
    if not is_replica(ctx.database):
        raise BadArgument(f"{ctx.database.describe()} 不是离线副本：先运行 gridcc --db 文件 sync init --server URL")
    return ctx.database


def _init(args, ctx) -> int:
    def progress(table: str, rows: int) -> None:
        print(f"\r首次同步：已接收 {rows} 行（{table}）", end="", file=sys.stderr, flush=True)

    login = password = None
    if not _has_user(args.server):
        login = requested_login(args) or default_user()
        password = read_password(login)
    made = init_replica(ctx.database, args.server, name=args.name, login=login, password=password, progress=progress)
    if made.renewed:
        print(f"已重新保存本副本（工作站 {made.desk}）同步所用的账户与密码")
        return 0
    print(file=sys.stderr)
    print(f"已设为离线副本：工作站代码 {made.desk}，首次同步接收 {made.rows} 行")
    return 0


def _has_user(server: str) -> bool:
    """False only for a PostgreSQL address without a user (the desk's account then logs in)."""
    try:
        url = parse_database_url(server)
    except DatabaseError:
        return True  # init_replica says what is wrong with the address
    return url.get_backend_name() != "postgresql" or bool(url.username)


def _sync(args, ctx) -> int:
    replica = _replica(ctx)
    if args.once:
        report = _sync_once(replica)
        print(f"同步完成：推送 {report.pushed} 项，接收 {report.pulled} 行，删除 {report.deleted} 行，"
              f"新冲突 {report.conflicts} 项，用时 {report.seconds:.1f} 秒")
        return 0
    interval = args.interval or sync_status(replica).interval_s
    print(f"持续同步：每 {interval} 秒一次，服务器上有其他工作站的修改时立即同步（Ctrl+C 结束）", file=sys.stderr)
    server = _server_when_it_answers(replica, interval)
    stop = threading.Event()
    live = threading.Thread(target=follow, args=(replica, server, _print_report, stop),
                            kwargs={"on_error": _print_problem}, daemon=True, name="gridcc-sync-follow")
    live.start()
    try:
        while not stop.wait(interval):
            try:
                _print_report(_sync_once(replica))
            except SyncBusy:
                continue  # the live follower is syncing right now
            except SyncError as exc:  # the server away, a login it refuses …: say so, try again later
                _print_problem(str(exc))
    finally:
        stop.set()
        live.join(timeout=10)
        server.dispose()
    return 0


def _server_when_it_answers(replica, interval: int):
    """The replica's server; while it cannot be opened, say so and try again every interval."""
    while True:
        try:
            return open_server(replica)
        except SyncError as exc:
            _print_problem(str(exc))
        time.sleep(interval)


def _print_report(report) -> None:
    print(f"{time.strftime('%H:%M:%S')} 推送 {report.pushed}，接收 {report.pulled}，新冲突 {report.conflicts}", flush=True)


def _print_problem(message: str) -> None:
    if message != BUSY:
        print(f"{time.strftime('%H:%M:%S')} {message}；本机继续在副本上工作", file=sys.stderr, flush=True)


def _sync_once(replica):
    """One sync; a server that cannot even be opened (its login refused) is recorded like any failure."""
    try:
        server = open_server(replica)
    except SyncError as exc:
        outcome = "offline" if isinstance(exc, ServerUnreachable) else "failed"
        record_outcome(replica, outcome, SyncReport(), 0.0, str(exc), datetime.now(timezone.utc))
        raise
    try:
        return SyncEngine(replica, server).sync_once()
    finally:
        server.dispose()


def _adopt(args, ctx) -> int:
    replica = _replica(ctx)
    server = open_server(replica)
    try:
        desk = adopt(replica, server)
    finally:
        server.dispose()
    print(f"已登记为新的工作站 {desk}：本文件的数据和尚未推送的修改继续同步")
    return 0


def _status(args, ctx) -> int:
    status = sync_status(_replica(ctx))
    if args.json:
        print_json(status.to_json())
        return 0
    rows = [
        ["服务器", status.server or ""], ["工作站代码", status.desk or ""],
        ["连接", "在线" if status.online else "离线"],
        ["上次同步", status.last_sync_at.astimezone().strftime("%Y-%m-%d %H:%M:%S") if status.last_sync_at else "从未"],
        ["待推送的修改", str(status.pending)], ["未处理的冲突", str(status.conflicts)],
        ["游标", status.cursor or ""], ["同步间隔", f"{status.interval_s} 秒"],
    ]
    if status.last_error:
        rows.append(["上次错误", status.last_error])
    print_table(["项目", "值"], rows)
    return 0


def _conflicts(args, ctx) -> int:
    conflicts = ConflictService(ctx.database, ctx.principal).list(open_only=not args.all)
    if args.json:
        print_json([_conflict_json(c) for c in conflicts])
        return 0
    if not conflicts:
        print("没有未处理的同步冲突" if not args.all else "没有同步冲突")
        return 0
    for c in conflicts:
        state_text = f"已处理（{c.resolution_label}）" if c.resolved_at else "未处理"
        print(f"{c.id}  {c.kind_label}  {c.table_label} {c.record}  工作站 {c.desk}  {state_text}")
        if c.detail:
            print(f"    {c.detail}")
        if c.fields:
            print_table(["    字段", "原值", "本机", "服务器"],
                        [[f"    {f.label}", f.base, f.local, f.server] for f in c.fields])
    return 0


def _conflict_json(c) -> dict:
    return {"id": str(c.id), "kind": c.kind, "kind_label": c.kind_label, "table": c.table,
            "table_label": c.table_label, "record": c.record, "desk": c.desk,
            "detected_at": c.detected_at.isoformat(), "detail": c.detail,
            "fields": [{"column": f.column, "label": f.label, "base": f.base, "local": f.local, "server": f.server}
                       for f in c.fields],
            "resolved_at": c.resolved_at.isoformat() if c.resolved_at else None, "resolution": c.resolution}


def _resolve(args, ctx) -> int:
    try:
        conflict_id = uuid.UUID(args.id)
    except ValueError:
        raise BadArgument(f"冲突编号“{args.id[:40]}”不对：请用 gridcc sync conflicts 列出的编号") from None
    done = ConflictService(ctx.database, ctx.principal).resolve(conflict_id, args.keep, ctx.principal.login)
    print(done.message)
    return 0

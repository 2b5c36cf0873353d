"""`gridcc db …`: upgrade the schema (and create the first administrator), back up, list
backups, restore, note a server's backup, move a file's encryption key (app.cli.db_key_cmd).

`db upgrade` needs no account: on SQLite every start upgrades anyway, and on a server the
address's own credentials are the authority; `--admin LOGIN` creates the first administrator of
a database without accounts. Backing up, restoring and noting a backup copy or replace every
record, so on a database with accounts they need backup.manage (app/cli/login.py).

Backup commands never prepare (migrate) the database first: a backup of a file about to be
upgraded must hold the old schema, and a restore replaces whatever is there.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from app.backup_settings import KEEP_RANGE, get_backup_settings
from app.backups import (
    MANUAL, BackupFile, LastBackup, backup_folder, last_backup, list_backups, local_path, make_backup,
    note_server_backup, restore_backup,
)
from app.accounts.errors import AccountError
from app.accounts.logins import check_login
from app.accounts.service import AccountService
from app.cli.context import bounded_int, workstation
from app.cli.login import NO_ACCOUNTS_WARNING, NO_LOGIN, AccountRule, read_first_password
from app.cli import retention_cmd
from app.cli.db_key_cmd import register as register_key_commands
from app.cli.output import print_table
from app.database import prepare, upgrade_and_seed
from db.migrate import current_revision, head_revision
from db.sqlite_files import check_sqlite_file

BACKUP_MANAGE = "backup.manage"
BACKUP = AccountRule(permission=BACKUP_MANAGE)
#: How each reason is shown.
REASON_NAMES = {"manual": "手动", "scheduled": "定时", "before-upgrade": "升级前", "before-restore": "恢复前",
                "pg_dump": "pg_dump"}


def register(commands) -> None:
    db = commands.add_parser("db", help="数据库维护")
    sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = sub.add_parser("upgrade", help="把数据库升级到当前结构（并载入默认分类）")
    upgrade.add_argument("--admin", metavar="LOGIN",
                         help="同时创建第一个管理员账户（数据库还没有账户时；密码取自环境变量 GRIDCC_PASSWORD，否则在终端询问）")
    upgrade.add_argument("--name", help="第一个管理员的姓名（缺省为登录名）")
    upgrade.set_defaults(handler=_upgrade, prepare_database=False, account_rule=NO_LOGIN)
    backup = sub.add_parser("backup", help="立即备份本地数据库（服务器请用 pg_dump）")
    backup.add_argument("--keep", type=bounded_int(*KEEP_RANGE), metavar="N",
                        help="保留最近 N 份手动和定时备份（默认按备份设置，初始 14）")
    backup.set_defaults(handler=_backup, prepare_database=False, account_rule=BACKUP)
    backups = sub.add_parser("backups", help="列出备份（时间、原因、大小、结构版本）")
    backups.set_defaults(handler=_backups, prepare_database=False)
    restore = sub.add_parser("restore", help="用备份文件恢复本地数据库（先检查文件，并先备份当前数据）")
    restore.add_argument("file", metavar="FILE", help="备份文件")
    restore.set_defaults(handler=_restore, prepare_database=False,
                         account_rule=AccountRule(permission=BACKUP_MANAGE, unreadable_ok=True))
    note = sub.add_parser("note-backup", help="登记管理员用 pg_dump 做的服务器备份（各工作站可见最近备份时间）")
    note.add_argument("file", metavar="FILE", help="pg_dump 生成的备份文件")
    note.set_defaults(handler=_note_backup, account_rule=BACKUP)
    retention_cmd.register(sub)
    register_key_commands(sub)


def _upgrade(args, ctx) -> int:
    if args.admin is not None:
        check_login(args.admin)  # refused before the schema is touched or a password asked
    changed = upgrade_and_seed(ctx.database)
    state = "已升级到" if changed else "已是"
    print(f"数据库（{ctx.database.describe()}）{state}最新结构版本 {head_revision()}")
    accounts = AccountService(ctx.database)
    if args.admin is not None:
        if accounts.has_accounts():
            raise AccountError("数据库已有账户：请用管理员账户登录后用 gridcc users add 新建账户")
        name = (args.name or args.admin).strip()
        admin = accounts.create_first_admin(args.admin, name, read_first_password(args.admin), workstation())
        print(f"已创建第一个管理员账户 {admin.login}（{admin.name}）")
    elif not accounts.has_accounts():
        print(NO_ACCOUNTS_WARNING, file=sys.stderr)
    return 0


def _check_local_file(database) -> bool:
    """Refuse a server (pg_dump), a file that is not SQLite or holds another program's tables;
    True when the file exists."""
    path = local_path(database)
    check_sqlite_file(path)
    if not path.is_file():
        return False
    current_revision(database)
    return True


def _backup(args, ctx) -> int:
    database = ctx.database
    settings = get_backup_settings(database) if _check_local_file(database) else None
    if settings is not None and args.keep is not None:
        settings = type(settings)(folder=settings.folder, keep=args.keep, interval_hours=settings.interval_hours)
    backup = make_backup(database, MANUAL, actor=ctx.actor, workstation=workstation(),
                         settings=settings, principal=ctx.principal)
    print(f"已备份到 {backup.path}（{_size(backup.size)}，结构版本 {backup.revision}）")
    return 0


def _backups(args, ctx) -> int:
    database = ctx.database
    if database.path is None:
        prepare(database, create_missing=False)  # a server is never migrated by a workstation
        print(f"数据库（{database.describe()}）在服务器上：由管理员用 pg_dump 备份、pg_restore 恢复")
        print(_last_line(last_backup(database), local=False))
        return 0
    if not _check_local_file(database):
        print(f"本地文件 {database.path} 不存在，没有备份可列出")
        return 0
    folder = backup_folder(database, get_backup_settings(database))
    found = list_backups(database, folder)
    print(f"备份文件夹：{folder}")
    if not found:
        print("还没有备份：运行 gridcc db backup 立即备份")
        return 0
    print_table(["时间", "原因", "大小", "结构版本", "文件"], [_row(backup) for backup in found])
    print(_last_line(last_backup(database), local=True))
    return 0


def _row(backup: BackupFile) -> list[str]:
    return [_when(backup.made_at), REASON_NAMES.get(backup.reason, backup.reason), _size(backup.size),
            backup.revision or "无法读取", backup.path.name]


def _restore(args, ctx) -> int:
    database = ctx.database
    safety = restore_backup(database, Path(args.file), actor=ctx.actor, workstation=workstation(),
                            principal=ctx.principal)
    print(f"已用 {args.file} 恢复数据库（{database.describe()}）")
    if safety is not None:
        print(f"恢复前的数据已另存为 {safety.path}")
    print("各工作站请重新启动程序；备份的结构版本较旧时，下次打开会先备份再自动升级")
    return 0


def _note_backup(args, ctx) -> int:
    note_server_backup(ctx.database, Path(args.file), actor=ctx.actor, workstation=workstation(),
                       principal=ctx.principal)
    print(f"已登记服务器备份 {Path(args.file).name}")
    return 0


def _last_line(last: LastBackup | None, *, local: bool) -> str:
    if last is None:
        if local:
            return "审计日志中没有备份记录"
        return "审计日志中没有备份记录（pg_dump 备份后可用 gridcc db note-backup 文件 登记）"
    return f"最近一次备份：{_when(last.at)}（{REASON_NAMES.get(last.reason, last.reason)}，{last.file or ''}）"


def _when(at: datetime) -> str:
    """Local time of this computer, to the second."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"

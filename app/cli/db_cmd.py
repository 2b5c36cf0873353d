"""`gridcc db upgrade`: bring any database (SQLite or PostgreSQL) to the current schema."""

from __future__ import annotations

from app.database import upgrade_and_seed
from db.migrate import head_revision


def register(commands) -> None:
    db = commands.add_parser("db", help="数据库维护")
    sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = sub.add_parser("upgrade", help="把数据库升级到当前结构（并载入默认分类）")
    upgrade.set_defaults(handler=_upgrade, prepare_database=False)


def _upgrade(args, ctx) -> int:
    changed = upgrade_and_seed(ctx.database)
    state = "已升级到" if changed else "已是"
    print(f"数据库（{ctx.database.describe()}）{state}最新结构版本 {head_revision()}")
    return 0

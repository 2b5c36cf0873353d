"""`gridcc db key export FILE` / `gridcc db key import FILE`: move a SQLite file's encryption key
to another computer (app.at_rest). The import does not open the database: on the new computer
there is nothing it could read before the key is there (it needs no account: it can only add a
key, and a key is useless without its file). The export hands out what unlocks every ID number
of the file, so it needs backup.manage on a database with accounts, as a backup does."""

from __future__ import annotations

from pathlib import Path

from app.at_rest import export_database_key, import_database_key
from app.cli.login import NO_LOGIN, AccountRule


def register(db_commands) -> None:
    key = db_commands.add_parser("key", help="导出或导入本地数据库的加密密钥（把数据库文件搬到另一台电脑时）")
    sub = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="把此数据库的加密密钥写入新文件（仅本人可读，用后请妥善保管或删除）")
    export.add_argument("file", metavar="FILE", help="要写入的密钥文件（不能已存在）")
    export.set_defaults(handler=_export, prepare_database=False,
                        account_rule=AccountRule(permission="backup.manage"))
    imported = sub.add_parser("import", help="把导出的密钥文件存入本机凭据库")
    imported.add_argument("file", metavar="FILE", help="gridcc db key export 写出的密钥文件")
    imported.set_defaults(handler=_import, prepare_database=False, account_rule=NO_LOGIN)


def _export(args, ctx) -> int:
    key_id = export_database_key(ctx.database, Path(args.file))
    print(f"已把数据库（{ctx.database.describe()}）的加密密钥 {key_id} 写入 {args.file}")
    print("此文件与数据库中所有身份证号同样敏感：导入新电脑后请删除")
    return 0


def _import(args, ctx) -> int:
    key_id = import_database_key(Path(args.file))
    print(f"已把加密密钥 {key_id} 存入本机凭据库")
    return 0

"""`gridcc users …`: the administrator's account commands, and changing one's own password.

Every subcommand but `passwd` needs accounts.manage, checked (and a refusal audited) right after
the login, before a new password is asked for; the account service checks again as it acts.
A new password is asked twice on the terminal, or read as one line from standard input
(`--password-stdin`, for scripts); it is never an argument, which other users of the computer
could read in the process list.
"""

from __future__ import annotations

from app.accounts.service import MANAGE, AccountService
from app.accounts.views import AccountView, NewAccount
from app.cli.context import DISTRICT_TZ, default_user, workstation
from app.cli.login import AccountRule, read_new_password, read_password, requested_login
from app.cli.output import print_json, print_table

ADMINISTER = AccountRule(permission=MANAGE, only_with_accounts=True)
OWN_PASSWORD = AccountRule(only_with_accounts=True, self_login=True)
_STDIN_HELP = "从标准输入读一行作为密码（缺省：在终端中输入两次）"


def register(commands) -> None:
    users = commands.add_parser("users", help="账户管理：新建、列出、停用、启用、重置密码、解锁；修改自己的密码")
    sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="新建账户（需“管理账户与角色权限”）")
    add.add_argument("login", metavar="LOGIN", help="登录名：小写英文字母、数字和 . _ -，至多 40 个字符")
    add.add_argument("--name", required=True, help="姓名")
    add.add_argument("--role", required=True, help="角色代码，如 dispatcher、handler、admin（写错时列出全部可用角色）")
    where = add.add_mutually_exclusive_group()
    where.add_argument("--scope", metavar="REGION_CODE", help="所属区域（街道、社区或网格）的编码；缺省为全区")
    where.add_argument("--department", metavar="NAME", help="所属部门名称（部门处置人员只看派给本部门的案件）")
    add.add_argument("--password-stdin", action="store_true", help=_STDIN_HELP)
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add, account_rule=ADMINISTER)
    lst = sub.add_parser("list", help="列出全部账户")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=_list, account_rule=ADMINISTER)
    for name, handler, text in (("disable", _disable, "停用账户（不能再登录，记录保留）"), ("enable", _enable, "重新启用账户"),
                                ("unlock", _unlock, "解除因多次密码错误造成的锁定")):
        one = sub.add_parser(name, help=text)
        one.add_argument("login", metavar="LOGIN")
        one.set_defaults(handler=handler, account_rule=ADMINISTER)
    reset = sub.add_parser("reset-password", help="重置账户密码（该账户下次登录须先修改密码）")
    reset.add_argument("login", metavar="LOGIN")
    reset.add_argument("--password-stdin", action="store_true", help=_STDIN_HELP)
    reset.set_defaults(handler=_reset, account_rule=ADMINISTER)
    passwd = sub.add_parser("passwd", help="修改自己的密码（--user 指定的账户；原密码取自 GRIDCC_PASSWORD 或在终端询问）")
    passwd.add_argument("--password-stdin", action="store_true", help="从标准输入读一行作为新密码")
    passwd.set_defaults(handler=_passwd, account_rule=OWN_PASSWORD)


def _add(args, ctx) -> int:
    account = NewAccount(login=args.login, name=args.name, role=args.role.strip(), scope_region=args.scope,
                         department=args.department)
    password = read_new_password(from_stdin=args.password_stdin, what=f"账户 {args.login.strip()[:40]} 的密码")
    view = AccountService(ctx.database).create(account, password, ctx.principal)
    if args.json:
        print_json(view.as_dict())
    else:
        print(f"已新建账户 {view.login}（{view.name}，{view.role_name}，{view.scope}）；首次登录须修改密码")
    return 0


def _list(args, ctx) -> int:
    views = AccountService(ctx.database).list_accounts()
    if args.json:
        print_json([view.as_dict() for view in views])
        return 0
    print_table(["登录名", "姓名", "角色", "范围", "状态", "须改密码"],
                [[v.login, v.name, v.role_name, v.scope, _state(v), "是" if v.must_change else ""] for v in views])
    print(f"共 {len(views)} 个账户")
    return 0


def _state(view: AccountView) -> str:
    if view.disabled:
        return "已停用"
    if view.locked_until is not None:
        return f"锁定至 {view.locked_until.astimezone(DISTRICT_TZ):%Y-%m-%d %H:%M}"
    return "正常"


def _disable(args, ctx) -> int:
    AccountService(ctx.database).set_disabled(args.login, True, ctx.principal)
    print(f"已停用账户 {args.login.strip()}")
    return 0


def _enable(args, ctx) -> int:
    AccountService(ctx.database).set_disabled(args.login, False, ctx.principal)
    print(f"已启用账户 {args.login.strip()}")
    return 0


def _unlock(args, ctx) -> int:
    AccountService(ctx.database).unlock(args.login, ctx.principal)
    print(f"已解锁账户 {args.login.strip()}")
    return 0


def _reset(args, ctx) -> int:
    password = read_new_password(from_stdin=args.password_stdin, what=f"账户 {args.login.strip()[:40]} 的新密码")
    AccountService(ctx.database).reset_password(args.login, password, ctx.principal)
    print(f"已重置账户 {args.login.strip()} 的密码；该账户下次登录须先修改密码")
    return 0


def _passwd(args, ctx) -> int:
    login = requested_login(args) or default_user()
    old = read_password(login)
    new = read_new_password(from_stdin=args.password_stdin)
    AccountService(ctx.database).change_password(login, old, new, workstation())
    print(f"账户 {login} 的密码已修改")
    return 0

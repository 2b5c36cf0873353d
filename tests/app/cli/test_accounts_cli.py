"""Accounts on the command line: logging in with --user, the users commands, the first
administrator, the no-accounts warning and hostile input — on SQLite and PostgreSQL."""

import io
import sys
import uuid

import pytest
from sqlalchemy import select

from app.accounts import audit_actions as acts
from app.accounts.principal import SYSTEM
from app.accounts.service import AccountService
from app.accounts.views import NewAccount
from app.cli import login as login_module
from app.cli.login import NEEDS_PASSWORD, NO_ACCOUNTS, NO_ACCOUNTS_WARNING
from db.engine import Database
from db.schema import AccountSecret, AuditEntry, Staff
from tests.cli_runs import gridcc_raw

ADMIN_PASSWORD = "Admin2026pw"
USER_PASSWORD = "Worker2026pw"


@pytest.fixture(autouse=True)
def clean_environment(no_gridcc_environment):
    """The shared clean command-line environment (tests/app/conftest.py), for every test here."""


@pytest.fixture
def url(database):
    """The --db text of the test database (SQLite file or PostgreSQL server)."""
    return database.url.render_as_string(hide_password=False)


@pytest.fixture
def names():
    """Logins of this test's own (PostgreSQL login roles are shared by the server's databases)."""
    tag = uuid.uuid4().hex[:6]
    return {"admin": f"adm{tag}", "user": f"usr{tag}", "other": f"oth{tag}"}


@pytest.fixture
def admin(database, names):
    """The first administrator, made the way `db upgrade --admin` makes it."""
    AccountService(database).create_first_admin(names["admin"], "管理员", ADMIN_PASSWORD)
    return names["admin"]


@pytest.fixture
def worker(database, admin, names):
    """A dispatcher who has already changed the password the administrator gave."""
    accounts = AccountService(database)
    principal = accounts.authenticate(admin, ADMIN_PASSWORD)
    accounts.create(NewAccount(login=names["user"], name="张三", role="dispatcher"), "Temp2026pw", principal)
    accounts.change_password(names["user"], "Temp2026pw", USER_PASSWORD)
    return names["user"]


def run(capsys, monkeypatch, *argv, password=None, stdin=None):
    """One command-line run with GRIDCC_PASSWORD (and standard input) as given."""
    if password is None:
        monkeypatch.delenv("GRIDCC_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("GRIDCC_PASSWORD", password)
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return gridcc_raw(capsys, *argv)


def audit_actions(database: Database, actor: str) -> list[str]:
    with database.read() as session:
        return list(session.scalars(select(AuditEntry.action).where(AuditEntry.actor == actor).order_by(AuditEntry.at)))


def one_error(err: str) -> str:
    """The single line of stderr, which must be an error and no traceback."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), err
    return lines[0]


# logging in -------------------------------------------------------------------------------------

def test_login_with_gridcc_password_runs_the_command_and_is_audited(database, url, worker, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "--db", url, "--user", worker, "cases", "list", password=USER_PASSWORD)
    assert (code, err) == (0, "") and "共 0 件" in out
    assert audit_actions(database, worker)[-1] == acts.LOGIN


def test_gridcc_user_is_the_environment_form_of_user(url, worker, capsys, monkeypatch):
    monkeypatch.setenv("GRIDCC_USER", worker)
    code, _out, err = run(capsys, monkeypatch, "--db", url, "cases", "list", password=USER_PASSWORD)
    assert (code, err) == (0, "")


def test_user_after_the_command_is_the_same_option(database, url, worker, capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, "--db", url, "people", "search", "张", "--user", worker,
                          password=USER_PASSWORD)
    assert (code, err) == (0, "")
    assert audit_actions(database, worker)[-1] == acts.LOGIN


def test_wrong_password_is_one_line_exit_2_and_audited(database, url, worker, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "--db", url, "--user", worker, "cases", "list", password="Wrong2026pw")
    assert (code, out) == (2, "")
    assert one_error(err) == "错误：登录名或密码不正确"
    assert audit_actions(database, worker)[-1] == acts.LOGIN_FAILED


def test_unknown_login_gets_the_same_answer_and_is_audited(database, url, admin, capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", "nobody", "cases", "list", password="x")
    assert code == 2 and one_error(err) == "错误：登录名或密码不正确"
    assert audit_actions(database, "nobody") == [acts.LOGIN_FAILED]


def test_no_terminal_and_no_password_is_one_clear_line(url, worker, capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", worker, "cases", "list")
    assert code == 2 and one_error(err) == "错误：" + NEEDS_PASSWORD.format(login=worker)


def test_password_asked_on_a_terminal(url, worker, capsys, monkeypatch):
    asked = []
    monkeypatch.setattr(login_module, "on_terminal", lambda: True)
    monkeypatch.setattr(login_module.getpass, "getpass", lambda prompt: asked.append(prompt) or USER_PASSWORD)
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", worker, "cases", "list")
    assert (code, err) == (0, "") and asked == [f"用户 {worker} 的密码："]


def test_lockout_after_failures_then_unlock(database, url, admin, worker, capsys, monkeypatch):
    """Five wrong passwords lock the account; the right one is then refused too, until an
    administrator unlocks it."""
    lines = [one_error(run(capsys, monkeypatch, "--db", url, "--user", worker, "cases", "list",
                           password="Wrong2026pw")[2]) for _ in range(5)]
    assert lines[:4] == ["错误：登录名或密码不正确"] * 4
    assert lines[4].startswith("错误：账户已因多次密码错误被锁定")
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", worker, "cases", "list", password=USER_PASSWORD)
    assert code == 2 and one_error(err).startswith("错误：账户已因多次密码错误被锁定")
    assert audit_actions(database, worker)[-2:] == [acts.LOCKED, acts.LOGIN_WHILE_LOCKED]
    code, out, _err = run(capsys, monkeypatch, "--db", url, "--user", admin, "users", "unlock", worker,
                          password=ADMIN_PASSWORD)
    assert (code, out) == (0, f"已解锁账户 {worker}\n")
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", worker, "cases", "list", password=USER_PASSWORD)
    assert (code, err) == (0, "")


# users …  ---------------------------------------------------------------------------------------

def test_users_add_list_disable_enable_reset(database, url, admin, names, capsys, monkeypatch):
    new = names["other"]
    code, out, err = run(capsys, monkeypatch, "--db", url, "--user", admin, "users", "add", new, "--name", "李四",
                         "--role", "handler", "--department", "区城市管理局", "--password-stdin",
                         password=ADMIN_PASSWORD, stdin="First2026pw\n")
    assert (code, err) == (0, "")
    assert out == f"已新建账户 {new}（李四，部门处置人员，区城市管理局）；首次登录须修改密码\n"
    code, out, _err = run(capsys, monkeypatch, "--db", url, "--user", admin, "users", "list", "--json",
                          password=ADMIN_PASSWORD)
    listed = {row["login"]: row for row in __import__("json").loads(out)}
    assert code == 0 and set(listed) == {admin, new}
    assert listed[new] | {"locked_until": None} == {
        "login": new, "name": "李四", "role": "handler", "role_name": "部门处置人员", "scope": "区城市管理局",
        "disabled": False, "locked_until": None, "failed_attempts": 0, "must_change": True}
    # the new account must change the administrator's password before it can work
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", new, "cases", "list", password="First2026pw")
    assert code == 2 and one_error(err) == f"错误：用户“{new}”须先修改管理员设置的密码：gridcc --user {new} users passwd"
    code, out, _err = run(capsys, monkeypatch, "--db", url, "--user", new, "users", "passwd", "--password-stdin",
                          password="First2026pw", stdin="Own2026pw\n")
    assert (code, out) == (0, f"账户 {new} 的密码已修改\n")
    assert run(capsys, monkeypatch, "--db", url, "--user", new, "cases", "list", password="Own2026pw")[0] == 0

    assert run(capsys, monkeypatch, "--db", url, "--user", admin, "users", "disable", new, password=ADMIN_PASSWORD)[:2] \
        == (0, f"已停用账户 {new}\n")
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", new, "cases", "list", password="Own2026pw")
    assert code == 2 and one_error(err) == "错误：登录名或密码不正确"
    assert run(capsys, monkeypatch, "--db", url, "--user", admin, "users", "enable", new, password=ADMIN_PASSWORD)[:2] \
        == (0, f"已启用账户 {new}\n")
    code, out, _err = run(capsys, monkeypatch, "--db", url, "--user", admin, "users", "reset-password", new,
                          "--password-stdin", password=ADMIN_PASSWORD, stdin="Reset2026pw\n")
    assert code == 0 and out.startswith(f"已重置账户 {new} 的密码")
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", new, "cases", "list", password="Reset2026pw")
    assert code == 2 and "须先修改" in one_error(err)
    assert [a for a in audit_actions(database, admin) if a != acts.LOGIN] == [
        acts.ACCOUNT_CREATED, acts.ACCOUNT_CREATED, acts.DISABLED, acts.ENABLED, acts.PASSWORD_RESET]


def test_users_list_table_in_chinese(url, admin, worker, capsys, monkeypatch):
    code, out, _err = run(capsys, monkeypatch, "--db", url, "--user", admin, "users", "list", password=ADMIN_PASSWORD)
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["登录名", "姓名", "角色", "范围", "状态", "须改密码"]
    assert lines[-1] == "共 2 个账户" and any(line.split()[:5] == [worker, "张三", "派遣员", "全区", "正常"] for line in lines)


def test_users_add_by_a_non_administrator_names_the_permission(database, url, worker, names, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "--db", url, "--user", worker, "users", "add", names["other"],
                         "--name", "王五", "--role", "viewer", "--password-stdin",
                         password=USER_PASSWORD, stdin="Some2026pw\n")
    assert (code, out) == (2, "")
    assert one_error(err) == f"错误：用户“{worker}”没有“管理账户与角色权限”权限（accounts.manage），未执行（已记入审计日志）"
    assert audit_actions(database, worker)[-1] == "denied"
    with database.read() as session:
        assert session.scalar(select(Staff.id).where(Staff.login == names["other"])) is None


def test_passwd_with_the_wrong_old_password_changes_nothing(database, url, worker, capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", worker, "users", "passwd", "--password-stdin",
                          password="Wrong2026pw", stdin="Other2026pw\n")
    assert code == 2 and one_error(err) == "错误：登录名或密码不正确"
    assert run(capsys, monkeypatch, "--db", url, "--user", worker, "cases", "list", password=USER_PASSWORD)[0] == 0


# hostile input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("login", ["zhang san", "张三", "x" * 1000, " "])
def test_absurd_user_is_one_line_exit_2(url, worker, capsys, monkeypatch, login):
    code, out, err = run(capsys, monkeypatch, "--db", url, "--user", login, "cases", "list", password=USER_PASSWORD)
    assert (code, out) == (2, "")
    line = one_error(err.splitlines()[-1] + "\n")  # argparse puts its usage line first
    assert len(line) < 200


@pytest.mark.parametrize("login, message", [
    ("zhang san", "登录名“zhang san”无效"), ("张三", "登录名“张三”无效"), ("x" * 1000, "登录名太长：最多40个字符"),
    ("-lead", "登录名“-lead”无效"),
])
def test_users_add_absurd_login_is_one_line_and_creates_nothing(database, url, admin, capsys, monkeypatch,
                                                                 login, message):
    code, out, err = run(capsys, monkeypatch, "--db", url, "--user", admin, "users", "add", "--name=某人",
                         "--role=viewer", "--password-stdin", "--", login, password=ADMIN_PASSWORD, stdin="Some2026pw\n")
    assert (code, out) == (2, "") and message in one_error(err) and len(err) < 300
    assert _accounts(database) == 1


@pytest.mark.parametrize("stdin, message", [
    ("", "密码太短"), ("\n", "密码太短"), ("Some2026pw\nmore2026\n", "密码不能包含控制字符"),
    ("x" * 5000, "密码太长"), ("onlyletters", "密码须同时包含字母和数字"),
])
def test_users_add_bad_password_is_one_line_and_creates_nothing(database, url, admin, names, capsys, monkeypatch,
                                                                stdin, message):
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", admin, "users", "add", names["other"],
                          "--name", "某人", "--role", "viewer", "--password-stdin", password=ADMIN_PASSWORD, stdin=stdin)
    assert code == 2 and message in one_error(err)
    assert "more2026" not in err and "Some2026pw" not in err  # a password never appears in a message
    assert _accounts(database) == 1


@pytest.mark.parametrize("option, message", [
    (["--role", "emperor"], "角色“emperor”不存在，可用："), (["--role", "viewer", "--scope", "999999999999"],
                                                            "没有编码为“999999999999”的区域"),
    (["--role", "handler", "--department", "不存在的局"], "没有名为“不存在的局”的部门"),
])
def test_users_add_unknown_role_region_department_is_one_line(database, url, admin, names, capsys, monkeypatch,
                                                              option, message):
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", admin, "users", "add", names["other"],
                          "--name", "某人", *option, "--password-stdin", password=ADMIN_PASSWORD, stdin="Some2026pw\n")
    assert code == 2 and message in one_error(err)
    assert _accounts(database) == 1


def test_users_add_without_terminal_or_stdin_asks_for_password_stdin(database, url, admin, names, capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", admin, "users", "add", names["other"],
                          "--name", "某人", "--role", "viewer", password=ADMIN_PASSWORD)
    assert code == 2 and "--password-stdin" in one_error(err)
    assert _accounts(database) == 1


def test_users_disable_unknown_login_is_one_line(url, admin, capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", admin, "users", "disable", "张" * 500,
                          password=ADMIN_PASSWORD)
    assert code == 2 and one_error(err).startswith("错误：没有登录名为") and len(err) < 200


def _accounts(database: Database) -> int:
    with database.read() as session:
        return len(session.scalars(select(AccountSecret.staff_id)).all())


# a database without accounts ------------------------------------------------------------------

def test_no_accounts_runs_with_one_warning_line(database, url, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "--db", url, "cases", "list")
    assert code == 0 and "共 0 件" in out
    assert err == NO_ACCOUNTS_WARNING + "\n"
    assert "gridcc db upgrade --admin" in NO_ACCOUNTS_WARNING


def test_users_commands_need_accounts(url, capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, "--db", url, "users", "list")
    assert code == 2 and one_error(err) == "错误：" + NO_ACCOUNTS


def test_a_disabled_only_database_is_not_without_accounts(database, url, admin, worker, capsys, monkeypatch):
    """Disabling accounts never brings back the no-accounts mode (nor a second "first" administrator)."""
    with database.write() as session:
        for staff in session.scalars(select(Staff).where(Staff.login.in_([admin, worker]))):
            staff.disabled = True
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", worker, "cases", "list", password=USER_PASSWORD)
    assert code == 2 and one_error(err) == "错误：登录名或密码不正确"


# db upgrade --admin ---------------------------------------------------------------------------

def test_db_upgrade_admin_on_a_new_file_then_login(tmp_path, capsys, monkeypatch):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    code, out, err = run(capsys, monkeypatch, "--db", url, "db", "upgrade", "--admin", "chief", "--name", "主任",
                         password=ADMIN_PASSWORD)
    assert (code, err) == (0, "") and out.endswith("已创建第一个管理员账户 chief（主任）\n")
    code, out, err = run(capsys, monkeypatch, "--db", url, "--user", "chief", "users", "list", "--json",
                         password=ADMIN_PASSWORD)
    assert (code, err) == (0, "") and '"role": "admin"' in out and '"must_change": false' in out


def test_db_upgrade_admin_twice_is_refused(database, url, admin, capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, "--db", url, "db", "upgrade", "--admin", "second",
                          password=ADMIN_PASSWORD)
    assert code == 2 and "数据库已有账户" in one_error(err)
    assert _accounts(database) == 1


@pytest.mark.parametrize("login", ["张三", "a b", "x" * 1000])
def test_db_upgrade_absurd_admin_login_touches_nothing(tmp_path, capsys, monkeypatch, login):
    path = tmp_path / "new.db"
    code, _out, err = run(capsys, monkeypatch, "--db", f"sqlite:///{path}", "db", "upgrade", "--admin", login,
                          password=ADMIN_PASSWORD)
    assert code == 2 and "登录名" in one_error(err) and not path.exists()


def test_db_upgrade_admin_without_password_is_one_line(tmp_path, capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, "--db", f"sqlite:///{tmp_path / 'new.db'}", "db", "upgrade",
                          "--admin", "chief")
    assert code == 2 and "GRIDCC_PASSWORD" in one_error(err)


# backups with accounts ------------------------------------------------------------------------

def test_backup_needs_backup_manage_when_there_are_accounts(tmp_path, sqlite_template, capsys, monkeypatch):
    path = tmp_path / "desk.db"
    path.write_bytes(sqlite_template.read_bytes())
    database = Database(f"sqlite:///{path}")
    accounts = AccountService(database)
    accounts.create_first_admin("chief", "主任", ADMIN_PASSWORD)
    accounts.create(NewAccount(login="clerk", name="录入员", role="ledger_clerk"), USER_PASSWORD, SYSTEM)
    with database.write() as session:
        session.execute(AccountSecret.__table__.update().values(must_change=False))
    database.dispose()
    url = f"sqlite:///{path}"
    code, _out, err = run(capsys, monkeypatch, "--db", url, "--user", "clerk", "db", "backup", password=USER_PASSWORD)
    assert code == 2 and "（backup.manage）" in one_error(err)
    code, out, err = run(capsys, monkeypatch, "--db", url, "--user", "chief", "db", "backup", password=ADMIN_PASSWORD)
    assert code == 0 and out.startswith("已备份到")

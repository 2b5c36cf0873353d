"""`gridcc sync init | --once | status` against the real PostgreSQL and a real replica file."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, select, text

from app.cases.drafts import CaseDraft
from app.cases.service import CaseService
from app.sync import state
from db.engine import Database
from db.schema import Case
from tests.cli_runs import gridcc
from tests.conftest import local, own_pg_database

pytestmark = [pytest.mark.pg, pytest.mark.usefixtures("no_gridcc_environment")]


@pytest.fixture(scope="module")
def server_url():
    """A server database of this module's own (its cases and desks are these tests')."""
    with own_pg_database("gridcc_sync_cli") as url:
        yield url.render_as_string(hide_password=False)


def report(service: CaseService, description: str) -> str:
    draft = CaseDraft(source="网格员上报", category="暴露垃圾", description=description,
                      reported_at=local(2026, 12, 7, 9, 0))
    return service.create(draft, actor="grid1").case_no


def test_init_makes_a_replica_that_syncs_its_cases_under_its_desk_number(capsys, tmp_path, server_url):
    path = tmp_path / "desk.db"
    code, out, err = gridcc(capsys, "--db", path, "sync", "init", "--server", server_url, "--name", "街道一号台")
    assert code == 0, err
    desk = out.split("工作站代码 ")[1].split("，")[0]
    assert desk.startswith("R")
    replica = Database(f"sqlite:///{path}")
    case_no = report(CaseService(replica), "桥下垃圾")
    assert desk in case_no  # the desk's own series: no other desk or the server makes this number
    code, out, err = gridcc(capsys, "--db", path, "sync", "status", "--json")
    status = json.loads(out)
    assert (status["replica"], status["desk"], status["pending"]) == (True, desk, 2)  # the case and its event

    code, out, err = gridcc(capsys, "--db", path, "sync", "--once")
    assert code == 0, err
    assert "推送 2 项" in out
    server = Database(server_url)
    with server.read() as session:
        assert session.scalar(select(Case.description).where(Case.case_no == case_no)) == "桥下垃圾"
    server.dispose()
    status = json.loads(gridcc(capsys, "--db", path, "sync", "status", "--json")[1])
    assert status["pending"] == 0 and status["online"] is True and status["last_sync_at"]
    replica.dispose()


def test_a_server_case_reaches_the_replica_with_the_servers_number(capsys, tmp_path, server_url):
    path = tmp_path / "desk.db"
    assert gridcc(capsys, "--db", path, "sync", "init", "--server", server_url)[0] == 0
    server = Database(server_url)
    case_no = report(CaseService(server), "中心登记")
    server.dispose()
    assert not any(c.isalpha() for c in case_no[2:])  # the server's own series has no desk code
    assert gridcc(capsys, "--db", path, "sync", "--once")[0] == 0
    replica = Database(f"sqlite:///{path}")
    assert CaseService(replica).get(case_no).description == "中心登记"
    replica.dispose()


def test_init_refuses_a_file_that_already_holds_cases(capsys, tmp_path, server_url, sqlite_template):
    path = tmp_path / "used.db"
    path.write_bytes(sqlite_template.read_bytes())
    local_db = Database(f"sqlite:///{path}")
    report(CaseService(local_db), "本地已有")
    local_db.dispose()
    code, out, err = gridcc(capsys, "--db", path, "sync", "init", "--server", server_url)
    assert code == 2
    assert "已有业务数据" in err and len(err.strip().splitlines()) == 1
    assert not state.is_replica(Database(f"sqlite:///{path}"))


@pytest.mark.parametrize(("server", "words"), [
    ("sqlite:////tmp/other.db", "必须是 PostgreSQL"),
    ("postgresql://postgres@127.0.0.1:1/nothing", "127.0.0.1:1"),
    ("mysql://x@y/z", "不支持的数据库类型"),
])
def test_init_with_a_bad_server_says_so_in_one_line_and_leaves_a_plain_file(capsys, tmp_path, server, words):
    path = tmp_path / "desk.db"
    code, out, err = gridcc(capsys, "--db", path, "sync", "init", "--server", server)
    assert code == 2
    assert words in err.strip().splitlines()[-1] and "Traceback" not in err, err
    assert not path.exists() or not state.is_replica(Database(f"sqlite:///{path}"))
    if server != "postgresql://postgres@127.0.0.1:1/nothing":
        assert not path.exists()  # a bad address is refused before any file is made


def test_sync_while_the_server_is_away_keeps_the_changes_and_says_offline(capsys, tmp_path, server_url):
    path = tmp_path / "desk.db"
    assert gridcc(capsys, "--db", path, "sync", "init", "--server", server_url)[0] == 0
    replica = Database(f"sqlite:///{path}")
    with replica.write() as session:
        state.write(session, state.SERVER, "postgresql://postgres@127.0.0.1:1/gone")
    report(CaseService(replica), "断网时登记")
    code, out, err = gridcc(capsys, "--db", path, "sync", "--once")
    assert code == 2 and "127.0.0.1:1" in err and len(err.strip().splitlines()) == 1
    status = json.loads(gridcc(capsys, "--db", path, "sync", "status", "--json")[1])
    assert status["online"] is False and status["pending"] == 2 and "127.0.0.1:1" in status["last_error"]
    replica.dispose()


def test_a_server_of_another_schema_version_is_refused(capsys, tmp_path, server_url):
    path = tmp_path / "desk.db"
    assert gridcc(capsys, "--db", path, "sync", "init", "--server", server_url)[0] == 0
    server = create_engine(server_url)
    with server.begin() as conn:
        real = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        conn.execute(text("UPDATE alembic_version SET version_num = '0012'"))
    try:
        code, out, err = gridcc(capsys, "--db", path, "sync", "--once")
    finally:
        with server.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": real})
        server.dispose()
    assert code == 2 and "升级" in err and "0012" in err


def test_status_of_a_plain_file_says_it_is_not_a_replica(capsys, tmp_path, sqlite_template):
    path = tmp_path / "plain.db"
    path.write_bytes(sqlite_template.read_bytes())
    code, out, err = gridcc(capsys, "--db", path, "sync", "status")
    assert code == 2 and "不是离线副本" in err


def test_the_servers_password_is_kept_sealed_not_in_clear(capsys, tmp_path, server_url):
    """The address's password is kept sealed with the file's key: not in the file's bytes, yet used."""
    with_password = server_url.replace("postgres@", "postgres:Sync-secret-4711@")
    path = tmp_path / "desk.db"
    assert gridcc(capsys, "--db", path, "sync", "init", "--server", with_password)[0] == 0
    replica = Database(f"sqlite:///{path}")
    with replica.read() as session:
        assert "Sync-secret-4711" not in state.read(session, state.SERVER)
        url, login, password = state.server_login(session)
    assert (url.password, login) == ("Sync-secret-4711", None)
    replica.dispose()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("desk.db*"))
    assert b"Sync-secret-4711" not in raw


def test_a_second_sync_of_the_same_replica_waits_its_turn(capsys, tmp_path, server_url):
    """While one sync holds the replica (the desktop's), another says so in one line and does nothing."""
    from app.sync.lock import sync_lock

    path = tmp_path / "desk.db"
    assert gridcc(capsys, "--db", path, "sync", "init", "--server", server_url)[0] == 0
    replica = Database(f"sqlite:///{path}")
    report(CaseService(replica), "排队")
    with sync_lock(path):
        code, out, err = gridcc(capsys, "--db", path, "sync", "--once")
    assert code == 2 and "另一个同步正在进行" in err
    assert json.loads(gridcc(capsys, "--db", path, "sync", "status", "--json")[1])["pending"] == 2
    assert gridcc(capsys, "--db", path, "sync", "--once")[0] == 0  # the lock went with its holder
    replica.dispose()


def test_an_upgraded_replica_still_captures_every_change(capsys, tmp_path, server_url):
    """After a schema upgrade (which may rebuild tables and so drop their triggers) the replica's
    changes are captured again: the triggers are made anew for the new schema."""
    from app.database import upgrade_with_backup

    path = tmp_path / "desk.db"
    assert gridcc(capsys, "--db", path, "sync", "init", "--server", server_url)[0] == 0
    replica = Database(f"sqlite:///{path}")
    with replica.engine.begin() as conn:  # what a table rebuild does to the triggers
        for (name,) in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).all():
            conn.execute(text(f'DROP TRIGGER "{name}"'))
        conn.execute(text("UPDATE alembic_version SET version_num = '0012'"))
    with pytest.MonkeyPatch.context() as patch:  # the migration itself stands in as a stamp of the head
        patch.setattr("app.database.make_backup", lambda *a, **k: None)
        patch.setattr("app.database.upgrade", lambda database: _stamp_head(database))
        assert upgrade_with_backup(replica) is True
    report(CaseService(replica), "升级后登记")
    status = json.loads(gridcc(capsys, "--db", path, "sync", "status", "--json")[1])
    assert status["pending"] == 2
    replica.dispose()


def _stamp_head(database) -> bool:
    from db.migrate import head_revision

    with database.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head_revision()})
    return True


def test_conflicts_are_listed_with_three_values_and_settled_from_the_command_line(capsys, tmp_path, server_url):
    """A title changed at the desk and at the center: listed with base / local / server; --keep local wins."""
    from sqlalchemy import update

    path = tmp_path / "desk.db"
    server = Database(server_url)
    case_no = report(CaseService(server), "两边都改")
    assert gridcc(capsys, "--db", path, "sync", "init", "--server", server_url)[0] == 0
    replica = Database(f"sqlite:///{path}")
    for database, title in ((replica, "本机标题"), (server, "中心标题")):
        with database.write() as session:
            session.execute(update(Case).where(Case.case_no == case_no).values(title=title, version=Case.version + 1))
    assert gridcc(capsys, "--db", path, "sync", "--once")[0] == 0
    code, out, err = gridcc(capsys, "--db", path, "sync", "conflicts", "--json")
    [conflict] = [c for c in json.loads(out) if c["record"] == case_no]
    assert conflict["kind"] == "update_update"
    [field] = conflict["fields"]
    assert (field["column"], field["local"], field["server"]) == ("title", "本机标题", "中心标题")
    assert field["base"] not in ("本机标题", "中心标题")
    code, out, err = gridcc(capsys, "--db", path, "sync", "conflicts")
    assert case_no in out and "本机标题" in out and "中心标题" in out
    code, out, err = gridcc(capsys, "--db", path, "sync", "resolve", conflict["id"], "--keep", "local")
    assert code == 0, err
    assert gridcc(capsys, "--db", path, "sync", "--once")[0] == 0
    assert CaseService(server).view(case_no).title == "本机标题"
    assert "没有未处理的同步冲突" in gridcc(capsys, "--db", path, "sync", "conflicts")[1]
    code, out, err = gridcc(capsys, "--db", path, "sync", "resolve", "not-an-id", "--keep", "server")
    assert code == 2 and "冲突编号" in err
    server.dispose()
    replica.dispose()


def test_the_sync_loop_pulls_a_center_change_at_once_and_stops_on_ctrl_c(tmp_path, server_url):
    """`gridcc sync` keeps running: a change at the center reaches the desk within seconds (the
    server's notification), long before the interval; Ctrl+C (SIGINT) ends it with exit 130."""
    import os
    import signal
    import subprocess
    import sys
    import time

    path = tmp_path / "desk.db"
    assert subprocess.run([sys.executable, "-m", "app.cli.main", "--db", str(path), "sync", "init", "--server",
                           server_url], capture_output=True, env=os.environ).returncode == 0
    loop = subprocess.Popen([sys.executable, "-m", "app.cli.main", "--db", str(path), "sync", "--interval", "3600"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ)
    try:
        time.sleep(3)  # listening
        server = Database(server_url)
        case_no = report(CaseService(server), "中心刚登记")
        server.dispose()
        replica = Database(f"sqlite:///{path}")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with replica.read() as session:
                if session.scalar(select(Case.id).where(Case.case_no == case_no)) is not None:
                    break
            time.sleep(0.2)
        else:
            pytest.fail("the center's case did not reach the desk")
        replica.dispose()
    finally:
        loop.send_signal(signal.SIGINT)
        out, err = loop.communicate(timeout=30)
    assert loop.returncode == 130, err
    assert "Traceback" not in err


def test_a_server_that_no_longer_knows_the_desk_is_refused(capsys, tmp_path, server_url):
    """A server database dropped and made again (or restored) does not know the desk, or is behind
    the desk's cursor: the desk refuses to sync with it, in one line, instead of drifting apart."""
    path = tmp_path / "desk.db"
    assert gridcc(capsys, "--db", path, "sync", "init", "--server", server_url)[0] == 0
    replica = Database(f"sqlite:///{path}")
    with replica.write() as session:
        state.write(session, state.CURSOR, str(2**62))  # the server's transactions are all below it
    code, out, err = gridcc(capsys, "--db", path, "sync", "--once")
    assert code == 2 and "从备份恢复" in err
    with replica.read() as session:
        replica_id = state.read(session, state.REPLICA_ID)
    server = create_engine(server_url)
    with server.begin() as conn:
        conn.execute(text("DELETE FROM sync_replicas WHERE id = :id"), {"id": replica_id})
    server.dispose()
    code, out, err = gridcc(capsys, "--db", path, "sync", "--once")
    assert code == 2 and "没有本工作站" in err and len(err.strip().splitlines()) == 1
    replica.dispose()


def test_a_replica_whose_first_copy_was_cut_off_is_refused_until_it_syncs(capsys, tmp_path, server_url):
    """Killed during its first copy, a replica holds part of the district and none of its accounts:
    every command but `sync` refuses it; `sync --once` finishes the copy."""
    import os
    import subprocess
    import sys

    path = tmp_path / "desk.db"
    killed = subprocess.run([sys.executable, "-m", "app.cli.main", "--db", str(path), "sync", "init", "--server",
                             server_url], capture_output=True, env={**os.environ, "GRIDCC_SYNC_CRASH": "pull-before-cursor"})
    assert killed.returncode == 77
    code, out, err = gridcc(capsys, "--db", path, "cases", "list")
    assert code == 2 and "尚未完成首次同步" in err
    assert gridcc(capsys, "--db", path, "sync", "--once")[0] == 0
    assert gridcc(capsys, "--db", path, "cases", "list")[0] == 0


def test_a_copied_replica_is_refused_until_it_is_adopted_as_a_new_desk(capsys, tmp_path, server_url):
    """A copy of a replica would sync as the same desk (the same case numbers): it is refused until
    `sync adopt` registers it as a new desk; then its cases carry the new desk's code."""
    import shutil

    original = tmp_path / "desk.db"
    assert gridcc(capsys, "--db", original, "sync", "init", "--server", server_url)[0] == 0
    old_desk = json.loads(gridcc(capsys, "--db", original, "sync", "status", "--json")[1])["desk"]
    (tmp_path / "copy").mkdir()
    copy = tmp_path / "copy" / "desk.db"
    shutil.copy(original, copy)
    code, out, err = gridcc(capsys, "--db", copy, "sync", "--once")
    assert code == 2 and "已被复制或移动" in err and "sync adopt" in err
    code, out, err = gridcc(capsys, "--db", copy, "sync", "adopt")
    assert code == 0, err
    new_desk = json.loads(gridcc(capsys, "--db", copy, "sync", "status", "--json")[1])["desk"]
    assert new_desk != old_desk
    replica = Database(f"sqlite:///{copy}")
    assert new_desk in report(CaseService(replica), "复制后登记")
    replica.dispose()
    assert gridcc(capsys, "--db", copy, "sync", "--once")[0] == 0
    assert gridcc(capsys, "--db", original, "sync", "--once")[0] == 0  # the original goes on as before

"""A writer on a shared SQLite file waits, visibly, while another connection or process holds the
write lock, and then writes — instead of failing with "database is locked"."""

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.engine import Database
from db.errors import DatabaseBusy
from db.schema import Setting

ROOT = Path(__file__).resolve().parents[2]
ORDERS_CSV = "工单编号,类别,标题,内容,上报时间\nRX001,0101,垃圾一,幸福路垃圾,2025-09-29 09:00\n"


@pytest.fixture
def shared_file(tmp_path, sqlite_template):
    """A migrated SQLite file, as on a shared folder."""
    path = tmp_path / "shared.db"
    path.write_bytes(sqlite_template.read_bytes())
    return path


def hold_write_lock(path) -> sqlite3.Connection:
    """Another workstation's connection in the middle of a write transaction."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_writer_waits_for_the_lock_and_then_writes(shared_file):
    """The listener hears "waiting", the lock is released, the write lands, the listener hears "done"."""
    other = hold_write_lock(shared_file)
    database = Database(f"sqlite:///{shared_file}")
    heard, waiting = [], threading.Event()

    def listener(is_waiting: bool) -> None:
        heard.append(is_waiting)
        waiting.set()

    database.write_wait_listener = listener
    failures = []

    def write():
        try:
            with database.write() as session:
                session.add(Setting(key="mine", value="2"))
        except Exception as exc:  # reported to the test thread below
            failures.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    assert waiting.wait(60)
    other.execute("COMMIT")
    writer.join(60)
    other.close()
    assert failures == [] and heard == [True, False]
    with database.read() as session:
        assert session.scalar(select(func.count()).where(Setting.key == "mine")) == 1
    database.dispose()


def test_writer_gives_up_after_its_patience_with_one_line(shared_file):
    """A lock held longer than the writer's patience ends in DatabaseBusy, nothing written."""
    other = hold_write_lock(shared_file)
    database = Database(f"sqlite:///{shared_file}")
    database.write_patience_s = 0.2
    try:
        with pytest.raises(DatabaseBusy) as caught, database.write() as session:
            session.add(Setting(key="mine", value="2"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert str(caught.value) == (f"数据库（本地文件 {shared_file}）正被另一工作站写入，已等待约 1 分钟仍未结束："
                                 "未做任何更改，请稍后重试")
    with database.read() as session:
        assert session.scalar(select(func.count()).where(Setting.key == "mine")) == 0
    database.dispose()


def test_command_line_import_waits_with_a_line_while_another_process_writes(shared_file, tmp_path):
    """`gridcc cases import` in another process prints the waiting line, then imports when the lock is free."""
    orders = tmp_path / "orders.csv"
    orders.write_text(ORDERS_CSV, encoding="utf-8")
    other = hold_write_lock(shared_file)
    env = dict(os.environ, GRIDCC_LOG_DIR=str(tmp_path / "log"), PYTHONIOENCODING="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli.main", "--db", f"sqlite:///{shared_file}", "--now", "2025-09-29T09:30+08:00",
         "cases", "import", str(orders)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    try:
        first = process.stderr.readline()
        if first.startswith("警告：数据库中还没有账户"):  # this file has no accounts: said first
            first = process.stderr.readline()
    finally:
        other.execute("COMMIT")
        other.close()
    out, rest = process.communicate(timeout=120)
    assert first == "数据库正被另一工作站写入，等待中…\n"
    assert (process.returncode, out, rest) == (0, "导入 1 条，未变 0 条，内容不同未更新 0 条，拒绝 0 条\n", "")

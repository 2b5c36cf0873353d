"""The desktop's exception hook: an uncaught exception (UI thread or another thread) is logged,
masked, and shown as one line with the log's place — the dialog always on the UI thread."""

import logging
import sys
import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QMessageBox

from app.logs import setup_logging
from ui import crash
from ui.crash import CrashReporter, install_exception_hook

ID_NUMBER = "110105199001011234"
PHONE = "13912345678"


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    """The log in a folder of the test's own; handlers and hooks put back afterwards."""
    monkeypatch.setenv("GRIDCC_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(crash, "_reporter", None)
    before = list(logging.getLogger().handlers)
    yield tmp_path / "log" / "gridcc.log"
    for handler in logging.getLogger().handlers:
        if handler not in before:
            logging.getLogger().removeHandler(handler)
            handler.close()


@pytest.fixture
def dialogs(monkeypatch, qapp):
    """QMessageBox.exec recorded instead of blocking: (text, informative text, on the UI thread?)."""
    shown = []

    def fake_exec(box):
        shown.append((box.text(), box.informativeText(), QThread.currentThread() is qapp.thread()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    yield shown
    QApplication.processEvents()


def raised(exc: BaseException):
    """(type, value, traceback) of `exc` after raising it."""
    try:
        raise exc
    except BaseException:
        return sys.exc_info()


def test_uncaught_exception_shows_one_line_and_logs_masked(log_file, dialogs, qtbot):
    """A bug in a slot: the dialog has the one line and the log path; the log has the masked traceback."""
    reporter = install_exception_hook()
    sys.excepthook(*raised(RuntimeError(f"row {ID_NUMBER} tel {PHONE}")))
    qtbot.waitUntil(lambda: len(dialogs) == 1)
    path = log_file.absolute()
    assert dialogs == [(f"程序内部错误（详情已写入日志 {path}）", f"详情已写入日志：{path}", True)]
    written = log_file.read_text(encoding="utf-8")
    assert "Traceback" in written and "RuntimeError: row [证件号] tel [电话]" in written
    assert ID_NUMBER not in written and PHONE not in written
    assert sys.excepthook == reporter.handle


def test_exception_in_a_thread_is_shown_on_the_ui_thread(log_file, dialogs, qtbot):
    """threading.excepthook hands the line to the UI thread, which opens the dialog."""
    install_exception_hook()

    def work():
        raise PermissionError(13, "Permission denied", "/srv/报表.xlsx")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(dialogs) == 1)
    assert dialogs[0][0] == "没有权限访问“/srv/报表.xlsx”（文件可能正被其他程序打开，或文件夹只读）"
    assert dialogs[0][2] is True


def test_english_dialog(log_file, dialogs, qtbot):
    """With English chosen, the line and the log sentence are English."""
    setup_logging()
    reporter = CrashReporter("en")
    reporter.handle(*raised(KeyError("x")))
    qtbot.waitUntil(lambda: len(dialogs) == 1)
    assert dialogs[0][0].startswith("Internal error in the program (details written to the log ")
    assert dialogs[0][1].startswith("Details were written to the log: ")


def test_keyboard_interrupt_is_left_to_python(log_file, dialogs, monkeypatch):
    """Ctrl+C is not an error to report: Python's own hook handles it and no dialog opens."""
    seen = []
    monkeypatch.setattr(sys, "__excepthook__", lambda *info: seen.append(info[0]))
    CrashReporter().handle(*raised(KeyboardInterrupt()))
    QApplication.processEvents()
    assert seen == [KeyboardInterrupt] and dialogs == []

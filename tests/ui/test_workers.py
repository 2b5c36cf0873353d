"""Background work: results reach the UI thread, and long work never holds up a page read."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThreadPool

from ui.workers import run_in_background, wait_for_background_work


def test_page_read_completes_while_long_jobs_are_blocked(qtbot):
    """With more blocked long jobs than the shared pool has threads, a short read still completes."""
    owner = QObject()
    release = threading.Event()
    finished: list[str] = []
    blocked = QThreadPool.globalInstance().maxThreadCount() + 1
    try:
        for _ in range(blocked):
            run_in_background(owner, lambda: release.wait(30), lambda _r: finished.append("long"), long=True)
        run_in_background(owner, lambda: "page", finished.append)
        qtbot.waitUntil(lambda: "page" in finished, timeout=10_000)
        assert "long" not in finished
    finally:
        release.set()
        wait_for_background_work()
    qtbot.waitUntil(lambda: finished.count("long") == blocked, timeout=10_000)


def test_long_job_error_reaches_ui_thread(qtbot):
    """An exception in long work is handed to `on_error` on the UI thread."""
    owner = QObject()
    errors: list[Exception] = []

    def work():
        raise ValueError("坏文件")

    run_in_background(owner, work, lambda _r: None, errors.append, long=True)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert str(errors[0]) == "坏文件"


def test_database_error_reaches_on_error_as_one_line_without_its_values(qtbot):
    """A database error from background work is handed on as its one-line explanation: the
    driver's text, which quotes the statement's values (a phone here), never reaches the view."""
    from sqlalchemy.exc import IntegrityError

    owner = QObject()
    errors: list[Exception] = []

    def work():
        raise IntegrityError("INSERT INTO persons (phone) VALUES ('13800138000')", {}, Exception("UNIQUE"))

    run_in_background(owner, work, lambda _r: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert "13800138000" not in str(errors[0]) and "\n" not in str(errors[0])
    assert isinstance(errors[0].__cause__, IntegrityError)

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

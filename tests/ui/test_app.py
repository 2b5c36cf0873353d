"""Starting the desktop like a product: preparation behind a splash that says what it does, the
first window maximized on the primary screen, later windows as the user left them."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QGuiApplication

from app.cases.service import CaseService
from ui import app as desktop
from app.accounts.principal import SYSTEM
from ui.assembly import build_main_window
from ui.splash import StartupSplash
from ui.workers import wait_for_background_work


@pytest.fixture
def settings(tmp_path):
    """QSettings in a file of the test's own (a first start: nothing saved)."""
    return QSettings(str(tmp_path / "gridcc.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def windows(qtbot):
    """Windows made by a test, registered and closed at the end."""
    made = []

    def keep(window):
        qtbot.addWidget(window)
        made.append(window)
        return window

    yield keep
    for window in made:
        window.close()
    wait_for_background_work()


def test_first_window_opens_maximized_on_primary_screen(qtbot, ui_ctx, settings, windows):
    """With nothing saved, the window opens maximized on the primary screen."""
    window = windows(build_main_window(ui_ctx, settings))
    window.restore_layout()
    window.show()
    qtbot.waitUntil(window.isMaximized, timeout=5000)
    assert window.screen() is QGuiApplication.primaryScreen()


def test_window_reopens_as_the_user_left_it(qtbot, ui_ctx, settings, windows):
    """A window the user made smaller opens next time at that size, not maximized."""
    first = windows(build_main_window(ui_ctx, settings))
    first.restore_layout()
    first.show()
    qtbot.waitUntil(first.isMaximized, timeout=5000)
    first.showNormal()
    first.resize(1100, 700)
    qtbot.waitUntil(lambda: not first.isMaximized() and first.width() == 1100, timeout=5000)
    first.close()
    second = windows(build_main_window(ui_ctx, settings))
    second.restore_layout()
    second.show()
    assert not second.isMaximized()
    assert (second.width(), second.height()) == (1100, 700)


def test_splash_shows_progress_while_preparing_and_closes_when_window_appears(
        qtbot, monkeypatch, service, settings, windows):
    """While a slow preparation runs the splash is up with its progress line; once the main
    window is shown the splash is gone."""
    release = threading.Event()
    seen: list[tuple[bool, str, int]] = []

    def slow_prepare(args, saved_url, progress) -> CaseService:
        progress("生成演示辖区… 1/3", 1, 3)
        release.wait(10)
        return service

    splash = StartupSplash()
    qtbot.addWidget(splash)

    def look() -> None:
        if splash.message.text() == "生成演示辖区… 1/3":
            seen.append((splash.isVisible(), splash.message.text(), splash.bar.value()))
            release.set()

    watch = QTimer(interval=20, timeout=look)
    watch.start()
    monkeypatch.setattr(desktop, "prepare_services", slow_prepare)
    splash.show()
    args = SimpleNamespace(db=None, demo=False, now=None, screenshot=None)
    cases, start = desktop.prepare_window(args, settings, splash)
    watch.stop()
    assert cases is service and start.principal is None and start.first_admin  # no accounts yet: the login asks
    window = windows(desktop.main_window(args, settings, cases, SYSTEM))
    assert seen and seen[0] == (True, "生成演示辖区… 1/3", 1)
    assert splash.isVisible()
    desktop.open_window(window, splash)
    assert window.isVisible()
    assert not splash.isVisible()


def test_failed_preparation_closes_splash_and_says_why(qtbot, monkeypatch, settings, capsys):
    """A preparation that fails closes the splash and gives one line, no window."""
    def failing_prepare(args, saved_url, progress):
        raise ValueError("数据库文件夹不存在")

    splash = StartupSplash()
    qtbot.addWidget(splash)
    splash.show()
    monkeypatch.setattr(desktop, "prepare_services", failing_prepare)
    args = SimpleNamespace(db=None, demo=False, now=None, screenshot="/tmp/unused")
    assert desktop.prepare_window(args, settings, splash) is None
    assert not splash.isVisible()
    assert capsys.readouterr().err.strip() == "错误：数据库文件夹不存在"


@pytest.fixture
def dialogs(monkeypatch, qapp, tmp_path):
    """QMessageBox.exec recorded instead of blocking: (title, text, informative text); the log
    in a folder of the test's own."""
    import logging

    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setenv("GRIDCC_LOG_DIR", str(tmp_path / "log"))
    before = list(logging.getLogger().handlers)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(
        (box.windowTitle(), box.text(), box.informativeText())) or QMessageBox.StandardButton.Ok)
    yield shown
    for handler in logging.getLogger().handlers:
        if handler not in before:
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_failed_preparation_in_the_window_shows_the_line_and_the_log(qtbot, monkeypatch, settings, dialogs, tmp_path):
    """Without --screenshot (a windowed build has no console) the line and the log's place come in a dialog."""
    def failing_prepare(args, saved_url, progress):
        raise ValueError("数据库文件夹不存在")

    from app.logs import setup_logging
    log = setup_logging()
    splash = StartupSplash()
    qtbot.addWidget(splash)
    monkeypatch.setattr(desktop, "prepare_services", failing_prepare)
    args = SimpleNamespace(db=None, demo=False, now=None, screenshot=None)
    assert desktop.prepare_window(args, settings, splash) is None
    assert dialogs == [("网格化管理指挥中心 — 无法启动", "数据库文件夹不存在", f"详情已写入日志：{log}")]


def test_fault_before_the_window_is_logged_masked_and_shown(qtbot, monkeypatch, dialogs, tmp_path):
    """A bug at start (here in the theme) ends in the dialog naming the log, exit code 3; the log
    has the traceback with the ID number and the phone masked."""
    def broken_theme(app):
        raise RuntimeError("theme for 110105199001011234 / 13912345678")

    monkeypatch.setattr(desktop, "apply_theme", broken_theme)
    monkeypatch.setattr(desktop, "install_exception_hook", lambda: None)
    args = SimpleNamespace(db=None, demo=False, now=None, screenshot=None)
    assert desktop.run_gui(args) == 3
    log = tmp_path / "log" / "gridcc.log"
    [(title, text, informative)] = dialogs
    assert title == "网格化管理指挥中心 — 无法启动"
    assert str(log.absolute()) in text and informative == f"详情已写入日志：{log.absolute()}"
    written = log.read_text(encoding="utf-8")
    assert "RuntimeError: theme for [证件号] / [电话]" in written
    assert "110105199001011234" not in written and "13912345678" not in written


def test_fault_before_the_screenshots_is_one_line_on_stderr(qtbot, monkeypatch, dialogs, capsys):
    """With --screenshot the same fault is one line on stderr, no dialog, no traceback."""
    monkeypatch.setattr(desktop, "apply_theme", lambda app: 1 / 0)
    monkeypatch.setattr(desktop, "install_exception_hook", lambda: None)
    args = SimpleNamespace(db=None, demo=False, now=None, screenshot="/tmp/unused")
    assert desktop.run_gui(args) == 3
    err = capsys.readouterr().err
    assert dialogs == [] and len(err.strip().splitlines()) == 1 and "Traceback" not in err

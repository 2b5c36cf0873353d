"""How a start logs in: --screenshot never asks, --demo logs in as the demo dispatcher when the
demo database has one, a database without accounts offers the first administrator; the UI
context then acts for the account."""

from __future__ import annotations

from types import SimpleNamespace

from app.accounts.principal import SYSTEM
from ui.accounts.session import DEMO_LOGIN, SCREENSHOT_LOGIN, start_login
from ui.app import ui_context


def args(**kwargs):
    return SimpleNamespace(**{"db": None, "demo": False, "now": None, "screenshot": None, **kwargs})


def test_empty_database_offers_the_first_administrator(service):
    assert start_login(args(), service) == start_login(args(demo=True), service)
    assert start_login(args(), service).principal is None and start_login(args(), service).first_admin


def test_screenshot_never_asks(service, admin):
    assert start_login(args(screenshot="/tmp/x"), service).principal is SYSTEM
    assert start_login(args(), service).principal is None and not start_login(args(), service).first_admin


def test_demo_logs_in_as_the_demo_dispatcher_and_screenshots_as_the_demo_admin(service, account_of, qapp):
    account_of(DEMO_LOGIN, "dispatcher")
    account_of(SCREENSHOT_LOGIN, "admin")
    shot = start_login(args(screenshot="/tmp/x"), service).principal
    assert (shot.login, shot.role) == (SCREENSHOT_LOGIN, "admin")  # every page, the audit log too
    start = start_login(args(demo=True), service)
    assert (start.principal.login, start.principal.role) == (DEMO_LOGIN, "dispatcher")
    ctx = ui_context(args(demo=True), service, start.principal)
    assert (ctx.user, ctx.principal.login, ctx.cases.principal.login) == (DEMO_LOGIN, DEMO_LOGIN, DEMO_LOGIN)
    assert ctx.cases.config() is service.config()  # the configuration is not read again at login


def test_logout_closes_the_window_and_opens_one_for_whoever_logs_in(qtbot, monkeypatch, tmp_path, service,
                                                                     admin, account_of, ctx_for):
    import shiboken6
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.accounts import session as session_module
    from ui.main_window import MainWindow

    ini = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    dispatcher = account_of("disp", "dispatcher")

    def window_for(principal) -> MainWindow:
        window = MainWindow(ctx_for(principal), ini)  # deleted by the session (the first) or below
        window.show()
        return window

    first = window_for(admin)
    desk = session_module.DesktopSession(service, window_for)
    desk.attach(first)
    monkeypatch.setattr(session_module, "ask_login", lambda cases, **kwargs: dispatcher)
    first.logout_requested.emit()
    qtbot.waitUntil(lambda: desk.window is not None and desk.window is not first)
    try:
        assert desk.window.ctx.principal.login == "disp"
        assert not shiboken6.isValid(first) or not first.isVisible()  # closed, perhaps already deleted
        assert QApplication.instance().quitOnLastWindowClosed()
    finally:
        desk.window.close()
        desk.window.deleteLater()

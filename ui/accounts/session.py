"""One desk's run of the program: who logs in at start, and again after 注销 or 切换用户.

At start (on the splash's worker thread, `start_login`) the program finds out whether it must
ask: `--demo` logs in as the demo dispatcher without asking, `--screenshot` never asks (the
demo administrator when there is one, so that every page is rendered, the audit log included;
else the program itself, SYSTEM); a database without accounts
offers to create the first administrator. `DesktopSession` then opens the main window for the
account and, when the window asks for a logout, closes it and asks for a login again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.accounts.errors import LoginFailed
from app.accounts.principal import SYSTEM, Principal
from app.accounts.service import AccountService
from app.cases.service import CaseService
from ui.accounts.login_dialog import LoginDialog

#: The demo database's dispatcher and administrator (`gridcc demo` creates them with the other
#: demo accounts)
DEMO_LOGIN = "demo-dispatcher"
SCREENSHOT_LOGIN = "demo-admin"


@dataclass(frozen=True)
class StartLogin:
    """What start needs to know: an account already logged in, or whether to create the first one."""

    principal: Principal | None
    first_admin: bool = False


def start_login(args, cases: CaseService) -> StartLogin:
    """Decide how this start logs in (reads the database: run it off the UI thread)."""
    accounts = AccountService(cases.database)
    if args.demo or args.screenshot:
        try:
            return StartLogin(accounts.principal(SCREENSHOT_LOGIN if args.screenshot else DEMO_LOGIN,
                                                 cases.workstation))
        except LoginFailed:  # a demo database from before accounts: ask like any other
            if args.screenshot:
                return StartLogin(SYSTEM)
    return StartLogin(None, first_admin=not accounts.has_accounts())


def ask_login(cases: CaseService, *, first_admin: bool = False, login: str = "",
              parent: QWidget | None = None) -> Principal | None:
    """The login dialog; the logged-in account, or None when the user chose 退出."""
    app = QApplication.instance()
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # the dialog closing is not the program ending
    try:
        dialog = LoginDialog(AccountService(cases.database), cases.workstation, first_admin=first_admin,
                             login=login, parent=parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        principal = dialog.principal if accepted else None
        dialog.deleteLater()
        return principal
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)


class DesktopSession(QObject):
    """Keeps the window of the logged-in account; `open_window(principal)` builds and shows one."""

    def __init__(self, cases: CaseService, open_window: Callable[[Principal], QWidget]):
        super().__init__()
        self.cases, self._open_window = cases, open_window
        self.window: QWidget | None = None

    def attach(self, window: QWidget) -> None:
        """Follow `window`: its 注销 / 切换用户 bring the login back."""
        self.window = window
        window.logout_requested.connect(self.log_out, Qt.ConnectionType.QueuedConnection)  # after the menu closed

    def log_out(self) -> None:
        """Close the window and ask for a login; a new window for whoever logs in, or the end."""
        old = self.window
        if old is None:
            return
        app = QApplication.instance()
        quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)
        try:
            old.close()
            old.deleteLater()
            self.window = None
            principal = ask_login(self.cases)
            if principal is None:
                app.quit()
                return
            self.attach(self._open_window(principal))
        finally:
            app.setQuitOnLastWindowClosed(quit_on_close)

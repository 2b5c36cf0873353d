"""The account screens for `gridcc --screenshot`: the login dialog, the 账户 tab and the role matrix.

Rendered beside the pages (ui/screenshots.py) as login.png, accounts.png and roles.png. The
tabs are shown as an administrator sees them: if the logged-in account cannot manage accounts,
they are rendered for the program itself (SYSTEM) — a screenshot run changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from app.accounts.principal import SYSTEM
from app.accounts.service import AccountService
from ui.accounts.login_dialog import LoginDialog
from ui.accounts.session import DEMO_LOGIN

SETTINGS_SIZE = (1280, 800)


def render_account_screens(window, out: Path, settle: Callable[[], None]) -> list[Path]:
    """Write the three PNGs; returns their paths."""
    from ui.settings.settings_dialog import SettingsDialog
    ctx = window.ctx
    written = []
    login = LoginDialog(AccountService(ctx.database), ctx.cases.workstation, login=DEMO_LOGIN, parent=window)
    login.show()
    settle()
    written.append(_save(login, out / "login.png"))
    login.close()
    admin_ctx = ctx if ctx.may("accounts.manage") else replace(ctx, principal=SYSTEM)
    dialog = SettingsDialog(admin_ctx, window.settings, window)
    dialog.resize(*SETTINGS_SIZE)
    dialog.show()
    settle()
    for tab, name in ((dialog.accounts_tab, "accounts.png"), (dialog.roles_tab, "roles.png")):
        dialog.tabs.setCurrentWidget(tab)
        settle()
        written.append(_save(dialog, out / name))
    dialog.close()
    return written


def _save(widget, path: Path) -> Path:
    widget.grab().save(str(path))
    return path

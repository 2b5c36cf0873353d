"""`gridcc --screenshot DIR`: every page of the main window at 1920×1080, one PNG each, the
wall display (wall.png at 3840×2160, wall_1080.png at 1920×1080), and the account screens
(login.png, accounts.png, roles.png: ui/accounts/screens.py) and offline sync (sync_*.png:
ui/sync/screens.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from ui.main_window import MainWindow
from ui.workers import wait_for_background_work

SIZE = (1920, 1080)


def settle(rounds: int = 6) -> None:
    """Let background loads finish and their results reach the widgets."""
    for _ in range(rounds):
        wait_for_background_work()
        QApplication.processEvents()


def render_screenshots(window: MainWindow, folder: str) -> list[Path]:
    """Render each page (those that offer `prepare_screenshot` get to settle first)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    window.resize(*SIZE)
    window.show()
    settle()
    written = []
    for key, page in window.pages.items():
        prepare = getattr(page, "prepare_screenshot", None)
        if prepare is not None and prepare() is False:
            continue
        window.show_page(key)
        settle()
        path = out / f"{key}.png"
        window.grab().save(str(path))
        written.append(path)
    from ui.wall.screenshot import render_wall
    written += render_wall(window.ctx, out, settle)
    from ui.accounts.screens import render_account_screens
    written += render_account_screens(window, out, settle)
    from ui.sync.screens import render_sync_screens
    written += render_sync_screens(window, out, settle)
    return written

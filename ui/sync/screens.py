"""Screenshots of offline sync for `--screenshot DIR`: the 离线同步 page's two tabs (when the
database takes part in sync), the offline state of a replica (banner and red indicator, shown
as it looks, then put back) and the settings tab 同步."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from ui.accounts.screens import SETTINGS_SIZE


def render_sync_screens(window, out: Path, settle: Callable[[], None]) -> list[Path]:
    """Write sync_conflicts.png, sync_log.png, sync_offline.png and
    sync_settings.png where they apply."""
    written = []
    if "sync" in window.pages:
        window.show_page("sync")
        page = window.pages["sync"]
        settle()
        written.append(_save(window, out / "sync_conflicts.png"))
        page.show_log()
        settle()
        written.append(_save(window, out / "sync_log.png"))
        page.show_conflicts()
    indicator = getattr(window, "sync_indicator", None)
    if indicator is not None and indicator.status is not None:
        status = indicator.status
        indicator.show_status(replace(status, online=False, last_attempt_at=datetime.now(timezone.utc)))
        window.set_sync_offline(True)
        settle()
        written.append(_save(window, out / "sync_offline.png"))
        indicator.show_status(status)
        window.set_sync_offline(not status.online and status.last_attempt_at is not None)
    from ui.settings.settings_dialog import SettingsDialog
    dialog = SettingsDialog(window.ctx, window.settings, window)
    if dialog.sync_tab is not None:  # a server has no 同步 tab
        dialog.resize(*SETTINGS_SIZE)
        dialog.show()
        dialog.tabs.setCurrentWidget(dialog.sync_tab)
        settle()
        written.append(_save(dialog, out / "sync_settings.png"))
        dialog.close()
    dialog.deleteLater()
    return written


def _save(widget, path: Path) -> Path:
    widget.grab().save(str(path))
    return path

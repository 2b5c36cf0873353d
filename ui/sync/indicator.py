"""The status bar's sync indicator of a replica: 已同步 10:42 · 待推送 3 · 冲突 1, red while offline.

Shown only on a replica (ui/sync/wiring.py adds it); a click opens the sync page's log.
"""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QToolButton

import qtawesome as qta

from app.sync.state import SyncStatus

ONLINE_COLOR, OFFLINE_COLOR, WARN_COLOR = "#1e8e3e", "#d93025", "#b06000"


class SyncIndicator(QToolButton):
    """Icon and one line; `show_status` after every sync, `set_syncing` while one runs."""

    open_log = Signal()

    def __init__(self, tz: tzinfo, parent=None):
        super().__init__(parent, objectName="syncIndicator")
        self.tz = tz
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setAutoRaise(True)
        self.setIconSize(QSize(16, 16))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clicked.connect(self.open_log)
        self.status: SyncStatus | None = None

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        self.setText(self.text_for(status))
        offline = not status.online and status.last_attempt_at is not None
        color = OFFLINE_COLOR if offline else (WARN_COLOR if status.conflicts else ONLINE_COLOR)
        icon = "mdi6.cloud-off-outline" if offline else ("mdi6.cloud-alert" if status.conflicts else "mdi6.cloud-check-outline")
        self.setIcon(qta.icon(icon, color=color))
        self.setStyleSheet(f"QToolButton {{ color: {color};{' font-weight: bold;' if offline else ''} border: none; }}")
        self.setProperty("offline", offline)
        self.setToolTip(self._tooltip(status))

    def text_for(self, status: SyncStatus) -> str:
        """已同步 10:42 · 待推送 3 · 冲突 1 (离线 … while the server does not answer)."""
        if not status.online and status.last_attempt_at is not None:
            head = self.tr("离线")
        elif status.last_sync_at is not None:
            head = self.tr("已同步 {time}").format(time=f"{status.last_sync_at.astimezone(self.tz):%H:%M}")
        else:
            head = self.tr("尚未同步")
        parts = [head, self.tr("待推送 {count}").format(count=status.pending)]
        if status.conflicts:
            parts.append(self.tr("冲突 {count}").format(count=status.conflicts))
        return " · ".join(parts)

    def set_syncing(self) -> None:
        self.setIcon(qta.icon("mdi6.cloud-sync-outline", color="#1f5fae"))

    def _tooltip(self, status: SyncStatus) -> str:
        lines = [self.tr("离线副本：服务器 {server}，本机工作站 {desk}").format(server=status.server, desk=status.desk)]
        if status.last_sync_at is not None:
            lines.append(self.tr("上次同步：{time}").format(time=f"{status.last_sync_at.astimezone(self.tz):%Y-%m-%d %H:%M:%S}"))
        if status.last_error:
            lines.append(status.last_error)
        lines.append(self.tr("点击查看同步日志与冲突"))
        return "\n".join(lines)

"""One notification for "the data changed", whoever changed it (Anki's operation_did_execute).

Local writes call `notify_local()`; a watcher of the database (ui/watching.py) calls
`notify_remote()` when another workstation committed. Panes connect to `changed` and reload.
`connection_lost` / `connection_restored` drive the banner shown while the server is away.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeHub(QObject):
    changed = Signal()
    connection_lost = Signal(str)
    connection_restored = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.connected = True

    def notify_local(self) -> None:
        """This workstation wrote something."""
        self.changed.emit()

    def notify_remote(self) -> None:
        """Another workstation wrote something."""
        self.changed.emit()

    def set_connected(self, connected: bool, reason: str = "") -> None:
        """Report the database connection state; emits only on a change."""
        if connected == self.connected:
            return
        self.connected = connected
        if connected:
            self.connection_restored.emit()
            self.changed.emit()
        else:
            self.connection_lost.emit(reason)

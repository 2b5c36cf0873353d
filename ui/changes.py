"""One notification for "the data changed", whoever changed it (Anki's operation_did_execute).

Local writes call `notify_local()`; a watcher of the database (ui/watching.py) calls
`notify_remote()` when another workstation committed. Panes connect to `changed` and reload.
`connection_lost` / `connection_restored` drive the banner shown while the server is away.

Another workstation's commit may have changed the configuration (calendar, office hours,
categories, light policies). With `refresh_config` given (the case service's), the hub first
lets it compare the configuration revision off the UI thread and read the new configuration if
the revision moved (`config_changed`), and only then emits `changed`, so the panes reload with
the lights and countdowns of the new calendar.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ui.workers import run_in_background


class ChangeHub(QObject):
    changed = Signal()
    config_changed = Signal()
    connection_lost = Signal(str)
    connection_restored = Signal()

    def __init__(self, parent: QObject | None = None, *,
                 refresh_config: Callable[[], bool] | None = None):
        super().__init__(parent)
        self.connected = True
        self._refresh_config = refresh_config

    def notify_local(self) -> None:
        """This workstation wrote something."""
        self.changed.emit()

    def notify_remote(self) -> None:
        """Another workstation wrote something (perhaps the configuration)."""
        self._reload()

    def set_connected(self, connected: bool, reason: str = "") -> None:
        """Report the database connection state; emits only on a change."""
        if connected == self.connected:
            return
        self.connected = connected
        if connected:
            self.connection_restored.emit()
            self._reload()
        else:
            self.connection_lost.emit(reason)

    def _reload(self) -> None:
        """Check the configuration in the background, then tell the panes to reload."""
        if self._refresh_config is None:
            self.changed.emit()
            return
        run_in_background(self, self._refresh_config, self._on_config_checked,
                          lambda _exc: self.changed.emit())

    def _on_config_checked(self, moved: bool) -> None:
        if moved:
            self.config_changed.emit()
        self.changed.emit()

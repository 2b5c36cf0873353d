"""What keeps a wall readable for weeks: flashing within safe limits, drift against burn-in, dimming.

- `Flasher`: one timer that toggles the flash phase 2·hz times a second (hz at most 3: WCAG
  2.3.1) while anything flashes, and stops when nothing does.
- `drift_offset(minute)`: a few pixels of shift that changes every minute and comes back round.
- `DimOverlay`: a see-through dark sheet over the whole wall during the dim hours.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

#: the drift's path: (dx, dy) in steps of `DRIFT_STEP` pixels, one position a minute
DRIFT_PATH = ((0, 0), (1, 0), (2, 1), (2, 2), (1, 2), (0, 1))
DRIFT_STEP = 2
MAX_FLASH_HZ = 3.0


def drift_offset(minute: int) -> tuple[int, int]:
    """The layout's shift in pixels for this minute (at most 2·DRIFT_STEP either way)."""
    dx, dy = DRIFT_PATH[minute % len(DRIFT_PATH)]
    return dx * DRIFT_STEP, dy * DRIFT_STEP


class Flasher(QObject):
    """Calls `on_phase(bool)` at most 2·3 times a second while `active()` says something flashes."""

    def __init__(self, on_phase: Callable[[bool], None], active: Callable[[], bool], parent: QObject | None = None):
        super().__init__(parent)
        self.on_phase, self.active = on_phase, active
        self.phase = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._toggle)
        self.set_rate(2.0)

    def set_rate(self, hz: float) -> None:
        """Flashes a second (capped at 3)."""
        self.hz = min(MAX_FLASH_HZ, max(0.5, hz))
        self.timer.setInterval(round(1000 / (2 * self.hz)))

    def start(self) -> None:
        if not self.timer.isActive():
            self.timer.start()

    def _toggle(self) -> None:
        if not self.active():
            self.timer.stop()
            self.phase = False
        else:
            self.phase = not self.phase
        self.on_phase(self.phase)


class DimOverlay(QWidget):
    """A dark sheet over its parent that lets clicks through; `set_level(percent)` of brightness."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.alpha = 0
        self.hide()

    def set_level(self, brightness_percent: int | None) -> None:
        """None: not dimmed; otherwise the wall at that share of its brightness."""
        if brightness_percent is None:
            self.hide()
            return
        self.alpha = round(255 * (1 - brightness_percent / 100))
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, self.alpha))
        painter.end()

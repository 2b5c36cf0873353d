"""A form field for a point: the coordinates chosen, "在地图上选点" and a way to clear them.

The point is WGS-84 (lon, lat) as stored; the map page does the picking and any datum shift.
"""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


class PointField(QWidget):
    """Shows the chosen point; `pick_requested` when the user wants to pick one on the map."""

    changed = Signal()
    pick_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._point: tuple[float, float] | None = None
        self.text = QLabel(objectName="hint")
        self.pick_button = QPushButton(qta.icon("mdi6.crosshairs-gps", color="#1f5fae"), self.tr("在地图上选点"))
        self.pick_button.clicked.connect(self.pick_requested)
        self.clear_button = QToolButton(autoRaise=True)
        self.clear_button.setIcon(qta.icon("mdi6.close-circle-outline", color="#6b7785"))
        self.clear_button.setToolTip(self.tr("清除坐标"))
        self.clear_button.clicked.connect(lambda: self.set_point(None, None, notify=True))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.clear_button)
        row.addWidget(self.pick_button)
        self._show()

    def point(self) -> tuple[float, float] | None:
        """(lon, lat) in WGS-84, or None."""
        return self._point

    def set_point(self, lon: float | None, lat: float | None, *, notify: bool = False) -> None:
        """Show this point (None clears); `notify` emits `changed` (a user's doing)."""
        self._point = (float(lon), float(lat)) if lon is not None and lat is not None else None
        self._show()
        if notify:
            self.changed.emit()

    def _show(self) -> None:
        if self._point is None:
            self.text.setText(self.tr("未选点（可在地图上点选，所属网格随之自动填写）"))
        else:
            self.text.setText(self.tr("经度 {lon:.6f}，纬度 {lat:.6f}").format(lon=self._point[0], lat=self._point[1]))
        self.clear_button.setVisible(self._point is not None)

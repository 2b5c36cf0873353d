"""The wall's mediation content: today's docket figures and the disputes that raise the alert."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from app.wall.mediation import MediationToday
from ui.wall.panel import ElidedLabel

#: alert lines the panel holds (made once, reused)
ALERT_LINES = 3
WARNING_COLORS = {"红": "#ff5a4e", "橙": "#ff9a3d", "黄": "#ffc23d", "蓝": "#5aa2ff"}


class MediationView(QWidget):
    """Five figures in a grid and a few alert lines below."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        names = (("registered", self.tr("今日登记")), ("sessions", self.tr("今日调解")),
                 ("agreed", self.tr("达成协议")), ("open", self.tr("在办纠纷")), ("red", self.tr("超期(红灯)")))
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for index, (key, name) in enumerate(names):
            value = ElidedLabel("—")
            value.setObjectName("mediationValue")
            caption = ElidedLabel(name)
            caption.setObjectName("tileLabel")
            for label in (value, caption):
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            row, column = divmod(index, 3)
            grid.addWidget(value, row * 2, column)
            grid.addWidget(caption, row * 2 + 1, column)
            self.values[key] = value
        self.alert_title = ElidedLabel()
        self.alerts = [ElidedLabel() for _ in range(ALERT_LINES)]
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(grid)
        column.addWidget(self.alert_title)
        for label in self.alerts:
            column.addWidget(label)
        column.addStretch(1)

    def show_today(self, today: MediationToday) -> None:
        for key, label in self.values.items():
            label.setText(f"{getattr(today, key):,}")
        self.alert_title.setText(self.tr("风险预警纠纷 {n} 件").format(n=today.alert_count) if today.alert_count
                                 else self.tr("暂无风险预警纠纷"))
        for index, label in enumerate(self.alerts):
            if index < len(today.alerts):
                alert = today.alerts[index]
                label.setText(f"● {alert.warning or ''} {'、'.join(alert.flags)}  {alert.facts}")
                sheet = f"color: {WARNING_COLORS.get(alert.warning, '#dfe7f2')};"
                if label.styleSheet() != sheet:
                    label.setStyleSheet(sheet)
                label.setVisible(True)
            else:
                label.setVisible(False)

"""The settings dialog's 辖区 tab: the district's name and code, and its boundaries from GeoJSON
(the same forms as the first-run wizard, ui/settings/district_widgets.py)."""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.context import UiContext
from ui.settings.cards import settings_card
from ui.settings.district_widgets import BoundaryImport, DistrictForm




class DistrictTab(QWidget):
    """Name and code (saved with a button), and boundary imports."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.form = DistrictForm(lambda: ctx.database, ctx.user, self, principal=ctx.principal)
        self.save_button = QPushButton(qta.icon("mdi6.content-save", color="white"), self.tr("保存辖区"))
        self.save_button.setProperty("primary", "true")
        self.save_button.clicked.connect(self.form.save)
        self.boundaries = BoundaryImport(lambda: ctx.database, ctx.user, self, principal=ctx.principal)
        self.boundaries.imported.connect(lambda _result: ctx.hub.notify_local())
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        hint = QLabel(self.tr("先导入街道，再导入社区、网格：上级编码字段把每个要素挂到已导入的上级下。"
                              "同一编码再次导入时更新边界。"), wordWrap=True)
        hint.setStyleSheet("color: #5f6b7a;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(settings_card(self.tr("辖区"), self.form, save_row))
        layout.addWidget(settings_card(self.tr("边界（GeoJSON）"), self.boundaries, hint))
        layout.addStretch(1)
        self.form.load()

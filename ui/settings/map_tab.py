"""The settings dialog's 地图 tab: the district's basemap (none, an MBTiles file, an online XYZ address).

The choice is stored in the database through app.geo.basemap, which checks it first (the file
must be a readable MBTiles file, the address must have {z} {x} {y}); the map page picks it up
the next time it is shown.
"""

from __future__ import annotations

import socket

import qtawesome as qta
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QFileDialog, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QRadioButton, QVBoxLayout, QWidget,
)

from app.geo.basemap import Basemap, BasemapError, get_basemap, set_basemap
from ui.context import UiContext
from ui.workers import run_in_background

OK_COLOR, ERROR_COLOR = "#1e8e3e", "#d93025"
KINDS = ("none", "mbtiles", "xyz")


class MapTab(QWidget):
    """Choose the basemap and the datum its tiles are drawn in; save checks and stores it."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.kind_buttons = QButtonGroup(self)
        labels = (self.tr("无底图（只显示网格边界）"), self.tr("MBTiles 离线底图文件"), self.tr("在线瓦片地址（XYZ）"))
        for number, label in enumerate(labels):
            self.kind_buttons.addButton(QRadioButton(label), number)
        self.kind_buttons.idToggled.connect(self._on_kind_toggled)
        self.path_edit = QLineEdit(placeholderText=self.tr("D:\\底图\\城区.mbtiles"))
        self.browse_button = QPushButton(qta.icon("mdi6.folder-open-outline", color="#1f5fae"), self.tr("选择文件…"))
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.url_edit = QLineEdit(placeholderText="https://tile.example.cn/{z}/{x}/{y}.png")
        self.crs = QComboBox()
        self.crs.addItem(self.tr("WGS-84（GPS 坐标，国际通用底图）"), "wgs84")
        self.crs.addItem(self.tr("GCJ-02（国内在线地图，如高德、腾讯）"), "gcj02")
        self.save_button = QPushButton(qta.icon("mdi6.content-save", color="white"), self.tr("保存底图设置"))
        self.save_button.setProperty("primary", "true")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.result = QLabel(wordWrap=True)
        self._lay_out()
        self.kind_buttons.button(0).setChecked(True)
        run_in_background(self, lambda: get_basemap(ctx.database), self.show_basemap, self._on_error)

    def _lay_out(self) -> None:
        card = QFrame(objectName="card")
        grid = QGridLayout(card)
        grid.setContentsMargins(16, 12, 16, 14)
        heading = QLabel(self.tr("底图"))
        heading.setStyleSheet("font-weight: bold; font-size: 14px; color: #1a2b3c;")
        grid.addWidget(heading, 0, 0, 1, 3)
        grid.addWidget(self.kind_buttons.button(0), 1, 0, 1, 3)
        grid.addWidget(self.kind_buttons.button(1), 2, 0)
        grid.addWidget(self.path_edit, 2, 1)
        grid.addWidget(self.browse_button, 2, 2)
        grid.addWidget(self.kind_buttons.button(2), 3, 0)
        grid.addWidget(self.url_edit, 3, 1, 1, 2)
        grid.addWidget(QLabel(self.tr("底图坐标系")), 4, 0)
        grid.addWidget(self.crs, 4, 1)
        hint = QLabel(self.tr("网格和案件坐标一律按 WGS-84 保存；底图为 GCJ-02 时，地图显示时自动换算，"
                              "在地图上选的点也换算回 WGS-84。MBTiles 文件由本机直接读取，无需网络。"), wordWrap=True)
        hint.setStyleSheet("color: #5f6b7a;")
        grid.addWidget(hint, 5, 0, 1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.result, 1)
        buttons.addWidget(self.save_button)
        grid.addLayout(buttons, 6, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(card)
        layout.addStretch(1)

    def show_basemap(self, basemap: Basemap) -> None:
        """Show a stored choice in the widgets."""
        self.kind_buttons.button(KINDS.index(basemap.kind) if basemap.kind in KINDS else 0).setChecked(True)
        self.path_edit.setText(basemap.path or "")
        self.url_edit.setText(basemap.url or "")
        self.crs.setCurrentIndex(max(self.crs.findData(basemap.crs), 0))

    def chosen(self) -> Basemap:
        """The choice the widgets describe (not yet checked)."""
        kind = KINDS[max(self.kind_buttons.checkedId(), 0)]
        return Basemap(kind=kind, path=self.path_edit.text(), url=self.url_edit.text(), crs=self.crs.currentData())

    def _on_kind_toggled(self, _id: int, _checked: bool) -> None:
        kind = KINDS[max(self.kind_buttons.checkedId(), 0)]
        for widget in (self.path_edit, self.browse_button):
            widget.setEnabled(kind == "mbtiles")
        self.url_edit.setEnabled(kind == "xyz")

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择 MBTiles 底图文件"), self.path_edit.text(),
                                              self.tr("MBTiles 底图 (*.mbtiles);;所有文件 (*)"))
        if path:
            self.path_edit.setText(path)

    def _on_save_clicked(self) -> None:
        basemap, database, user, principal = self.chosen(), self.ctx.database, self.ctx.user, self.ctx.principal
        self.save_button.setEnabled(False)
        run_in_background(self, lambda: set_basemap(database, basemap, actor=user, workstation=socket.gethostname(),
                                                    principal=principal),
                          self._on_saved, self._on_error)

    def _on_saved(self, stored: Basemap) -> None:
        self.save_button.setEnabled(True)
        self.show_basemap(stored)
        self._show(self.tr("✔ 已保存，地图页下次显示时生效"), OK_COLOR)

    def _on_error(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        prefix = "" if isinstance(exc, BasemapError) else self.tr("操作失败：")
        self._show("✖ " + prefix + str(exc), ERROR_COLOR)

    def _show(self, text: str, color: str) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(f"color: {color}; font-weight: bold;")

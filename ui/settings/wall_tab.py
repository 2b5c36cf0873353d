"""The settings dialog's 大屏 tab: which screen the wall opens on, how far its farthest viewer sits,
the panel's size, page rotation, flashing and dim hours. This workstation's choice (QSettings),
used the next time the wall opens; the line below says what type size the choice gives."""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from app.wall.options import BOUNDS, WallOptionError, WallOptions
from ui.wall.options_store import load_options, save_options
from ui.wall.screens import scale_for

OK_COLOR, ERROR_COLOR = "#1e8e3e", "#d93025"


def _spin(name: str, suffix: str = "", decimals: int = 0):
    low, high = BOUNDS[name]
    box = QDoubleSpinBox(decimals=decimals) if decimals else QSpinBox()
    box.setRange(low, high)
    if suffix:
        box.setSuffix(suffix)
    return box


class WallTab(QWidget):
    """Edit the wall's options; save stores them for the next opening."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.screen = QComboBox()
        for number, screen in enumerate(QGuiApplication.screens(), start=1):
            size = screen.size()
            self.screen.addItem(self.tr("第 {n} 块屏幕：{name}（{w}×{h}）").format(
                n=number, name=screen.name(), w=size.width(), h=size.height()), number)
        self.distance = _spin("distance_m", self.tr(" 米"), 1)
        self.diagonal = _spin("diagonal_inches", self.tr(" 英寸"), 1)
        self.diagonal.setSpecialValueText(self.tr("按屏幕报告的尺寸"))
        self.rotate = _spin("rotate_seconds", self.tr(" 秒"))
        self.rotate.setSpecialValueText(self.tr("不翻页"))
        self.flash_seconds = _spin("flash_seconds", self.tr(" 秒"))
        self.flash_hz = _spin("flash_hz", self.tr(" 次/秒"), 1)
        self.dim = QCheckBox(self.tr("在以下时段调暗大屏"))
        self.dim_from, self.dim_to = _spin("dim_from", self.tr(" 时")), _spin("dim_to", self.tr(" 时"))
        self.dim_percent = _spin("dim_percent", " %")
        self.preview = QLabel(wordWrap=True)
        self.status = QLabel(wordWrap=True)
        self.save_button = QPushButton(qta.icon("mdi6.content-save", color="white"), self.tr("保存大屏设置"))
        self.save_button.setProperty("primary", "true")
        self.save_button.clicked.connect(self._on_save_clicked)
        self._lay_out()
        self.show_options(load_options(settings))
        for box in (self.distance, self.diagonal):
            box.valueChanged.connect(self._update_preview)
        self.screen.currentIndexChanged.connect(self._update_preview)
        self._update_preview()

    def _lay_out(self) -> None:
        card = QFrame(objectName="card")
        form = QFormLayout(card)
        form.setContentsMargins(16, 12, 16, 14)
        heading = QLabel(self.tr("大屏"))
        heading.setStyleSheet("font-weight: bold; font-size: 14px; color: #1a2b3c;")
        form.addRow(heading)
        form.addRow(self.tr("显示器"), self.screen)
        form.addRow(self.tr("最远观看距离"), self.distance)
        form.addRow(self.tr("屏幕对角线"), self.diagonal)
        form.addRow(self.tr("翻页间隔"), self.rotate)
        form.addRow(self.tr("新红灯、紧急案件闪烁"), self._row(self.flash_seconds, self.flash_hz))
        form.addRow(self.dim, self._row(self.dim_from, QLabel(self.tr("至")), self.dim_to,
                                        QLabel(self.tr("亮度")), self.dim_percent))
        hint = QLabel(self.tr("字号按最远观看距离计算（每个字至少占 16 角分，约为 5 米处 23 毫米），"
                              "与屏幕缩放比例无关。闪烁每秒不超过 3 次，到时停止，案件保持标记。"), wordWrap=True)
        hint.setStyleSheet("color: #5f6b7a;")
        form.addRow(self.preview)
        form.addRow(hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(card)
        layout.addStretch(1)

    @staticmethod
    def _row(*widgets) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return holder

    def show_options(self, options: WallOptions) -> None:
        index = self.screen.findData(options.screen)
        self.screen.setCurrentIndex(index if index >= 0 else self.screen.count() - 1)
        self.distance.setValue(options.distance_m)
        self.diagonal.setValue(options.diagonal_inches)
        self.rotate.setValue(options.rotate_seconds)
        self.flash_seconds.setValue(options.flash_seconds)
        self.flash_hz.setValue(options.flash_hz)
        self.dim.setChecked(options.dim)
        self.dim_from.setValue(options.dim_from)
        self.dim_to.setValue(options.dim_to)
        self.dim_percent.setValue(options.dim_percent)

    def chosen(self) -> WallOptions:
        """The options the widgets show (checked against their bounds)."""
        return WallOptions(
            screen=self.screen.currentData() or 1, distance_m=self.distance.value(),
            diagonal_inches=self.diagonal.value(), rotate_seconds=self.rotate.value(),
            flash_seconds=self.flash_seconds.value(), flash_hz=self.flash_hz.value(), dim=self.dim.isChecked(),
            dim_from=self.dim_from.value(), dim_to=self.dim_to.value(), dim_percent=self.dim_percent.value())

    def _update_preview(self) -> None:
        screens = QGuiApplication.screens()
        try:
            options = self.chosen()
        except WallOptionError as exc:
            self.preview.setText(str(exc))
            return
        scale = scale_for(screens[min(options.screen, len(screens)) - 1], options)
        text = self.tr("在该屏幕上：正文 {body} 像素，标题数字 {headline} 像素（字高至少 {glyph} 像素）。").format(
            body=scale.body, headline=scale.headline, glyph=round(scale.glyph_px))
        if scale.capped:
            text += self.tr("该屏幕太小，在此距离上无法看清，已按屏幕能容纳的最大字号显示。")
        self.preview.setText(text)

    def _on_save_clicked(self) -> None:
        try:
            options = self.chosen()
        except WallOptionError as exc:
            self._show("✖ " + str(exc), ERROR_COLOR)
            return
        save_options(self.settings, options)
        self._show(self.tr("✔ 已保存，下次打开大屏时生效"), OK_COLOR)

    def _show(self, text: str, color: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {color}; font-weight: bold;")

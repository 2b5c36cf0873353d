"""The settings dialog's 考核权重 tab: the weights of the composite scores, the 立案数 bands and the
grade bands, as the district's administrator sets them.

The values are read and stored through app/assessment/settings.py; `change_assessment` checks
everything (weights adding to 100 %, bands rising, grades falling to 0) and refuses with one
line, which is shown here in red; nothing is stored then. A saved change moves the
configuration revision, and every workstation's Reports page recomputes its scores.
"""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDoubleSpinBox, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.assessment.scoring import PARTS, AssessmentConfig, config_data
from app.assessment.settings import change_assessment, default_data, read_weights
from ui.context import UiContext
from ui.settings.cards import hint_label, settings_card
from ui.workers import run_in_background

OK_COLOR, ERROR_COLOR, BUSY_COLOR = "#1e8e3e", "#d93025", "#5f6b7a"
GROUP_KEYS = ("department", "area")


class AssessmentTab(QWidget):
    """Weights per group (with their running total), 立案数 bands per group, grade bands; save."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.part_names = dict(zip(PARTS, (self.tr("立案数分值"), self.tr("结案率"), self.tr("按期结案率"),
                                           self.tr("1−返工率"))))
        self.group_names = {"department": self.tr("部门"), "area": self.tr("网格、社区、街道、网格员")}
        self.weights: dict[str, dict[str, QDoubleSpinBox]] = {}
        self.totals: dict[str, QLabel] = {}
        self.bands: dict[str, QTableWidget] = {}
        self.grades = self._table((self.tr("等级"), self.tr("最低分")))
        self.save_button = QPushButton(qta.icon("mdi6.content-save", color="white"), self.tr("保存考核权重"))
        self.save_button.setProperty("primary", "true")
        self.defaults_button = QPushButton(qta.icon("mdi6.restore", color="#1f5fae"), self.tr("填入默认值"))
        self.status = QLabel(wordWrap=True)
        self.loaded = False
        self._lay_out()
        self.save_button.clicked.connect(self._on_save_clicked)
        self.defaults_button.clicked.connect(lambda: self.show_data(default_data()))
        for button in (self.save_button, self.defaults_button):
            button.setEnabled(False)
        run_in_background(self, lambda: read_weights(ctx.database), self._on_loaded, self._on_error)

    # layout --------------------------------------------------------------
    def _lay_out(self) -> None:
        columns = QHBoxLayout()
        for group in GROUP_KEYS:
            columns.addWidget(self._group_card(group), 1)
        columns.addWidget(settings_card(self.tr("等级划分"), self.grades,
                                     hint_label(self.tr("从高到低；综合得分达到最低分即为该等级，最后一级为 0 分。"))), 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.defaults_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(hint_label(self.tr(
            "综合得分 = 各项得分（0–100）× 权重之和，权重合计须为 100%。立案数分值按立案数所在分档取值："
            "立案数不超过某档上限即取该档分值，最后一档不设上限。")))
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

    def _group_card(self, group: str) -> QFrame:
        grid = QGridLayout()
        self.weights[group] = {}
        for row, (part, name) in enumerate(self.part_names.items()):
            spin = QDoubleSpinBox(minimum=0, maximum=100, decimals=1, suffix=" %", singleStep=5)
            spin.valueChanged.connect(lambda _v, g=group: self._show_total(g))
            self.weights[group][part] = spin
            grid.addWidget(QLabel(name), row, 0)
            grid.addWidget(spin, row, 1)
        self.totals[group] = QLabel()
        grid.addWidget(self.totals[group], len(PARTS), 0, 1, 2)
        self.bands[group] = self._table((self.tr("立案数上限"), self.tr("分值")))
        add = QPushButton(qta.icon("mdi6.plus", color="#1f5fae"), self.tr("加一档"))
        remove = QPushButton(qta.icon("mdi6.minus", color="#d93025"), self.tr("删除所选档"))
        add.clicked.connect(lambda _c=False, g=group: self._add_band(g))
        remove.clicked.connect(lambda _c=False, g=group: self._remove_band(g))
        band_buttons = QHBoxLayout()
        band_buttons.addWidget(add)
        band_buttons.addWidget(remove)
        band_buttons.addStretch(1)
        return settings_card(self.tr("{group}的权重").format(group=self.group_names[group]), grid,
                          QLabel(self.tr("立案数分档（最后一档上限留空）")), self.bands[group], band_buttons)



    @staticmethod
    def _table(headings) -> QTableWidget:
        table = QTableWidget(0, len(headings))
        table.setHorizontalHeaderLabels(list(headings))
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        return table

    # values ----------------------------------------------------------------
    def show_data(self, data: dict) -> None:
        """Show a configuration in its JSON form (stored or the shipped defaults)."""
        for group in GROUP_KEYS:
            for part, spin in self.weights[group].items():
                spin.setValue(float(data[group]["weights"].get(part, 0)))
            _fill(self.bands[group], [("" if upper is None else str(upper), f"{value:g}")
                                      for upper, value in data[group]["bands"]])
        _fill(self.grades, [(str(name), f"{floor:g}") for name, floor in data["grades"]])

    def edited(self) -> dict:
        """The configuration the widgets show, in its JSON form (checked only when saved)."""
        data = {}
        for group in GROUP_KEYS:
            weights = {part: spin.value() for part, spin in self.weights[group].items()}
            bands = [[_number(upper, whole=True), _number(value)] for upper, value in _cells(self.bands[group])]
            data[group] = {"weights": weights, "bands": bands}
        data["grades"] = [[name, _number(floor)] for name, floor in _cells(self.grades)]
        return data

    def _show_total(self, group: str) -> None:
        total = sum(spin.value() for spin in self.weights[group].values())
        ok = abs(total - 100) < 1e-9
        self.totals[group].setText(self.tr("合计 {total} %").format(total=f"{total:g}") + ("" if ok else self.tr("（应为 100%）")))
        self.totals[group].setStyleSheet(f"color: {OK_COLOR if ok else ERROR_COLOR}; font-weight: bold;")

    def _add_band(self, group: str) -> None:
        table = self.bands[group]
        row = max(0, table.rowCount() - 1)  # before the open last band
        table.insertRow(row)
        table.setItem(row, 0, QTableWidgetItem(""))
        table.setItem(row, 1, QTableWidgetItem(""))

    def _remove_band(self, group: str) -> None:
        table = self.bands[group]
        for row in sorted({index.row() for index in table.selectedIndexes()}, reverse=True):
            table.removeRow(row)

    # reading and saving ---------------------------------------------------
    def _on_loaded(self, config: AssessmentConfig) -> None:
        self.show_data(config_data(config))
        self.loaded = True
        for button in (self.save_button, self.defaults_button):
            button.setEnabled(True)

    def _on_save_clicked(self) -> None:
        data, ctx = self.edited(), self.ctx
        self.save_button.setEnabled(False)
        self._show(self.tr("正在保存……"), BUSY_COLOR)
        run_in_background(self, lambda: change_assessment(ctx.database, data, actor=ctx.user,
                                                          workstation=ctx.cases.workstation,
                                                          principal=ctx.principal),
                          self._on_saved, self._on_error)

    def _on_saved(self, config: AssessmentConfig) -> None:
        self.save_button.setEnabled(True)
        self.show_data(config_data(config))
        self.ctx.hub.notify_local()
        self._show(self.tr("✔ 已保存；统计考核页的得分和等级已按新权重重新计算。"), OK_COLOR)

    def _on_error(self, exc: Exception) -> None:
        self.save_button.setEnabled(self.loaded)
        self._show("✖ " + str(exc), ERROR_COLOR)

    def _show(self, text: str, color: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {color}; font-weight: bold;")


def _fill(table: QTableWidget, rows: list[tuple[str, str]]) -> None:
    table.setRowCount(0)
    for texts in rows:
        row = table.rowCount()
        table.insertRow(row)
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(row, column, item)


def _cells(table: QTableWidget) -> list[tuple[str, str]]:
    rows = []
    for row in range(table.rowCount()):
        texts = tuple((table.item(row, column).text().strip() if table.item(row, column) else "")
                      for column in range(table.columnCount()))
        if any(texts):
            rows.append(texts)
    return rows


def _number(text: str, *, whole: bool = False):
    """A typed number as the checks expect it: None for an empty upper bound, the text itself when
    it is no number (the check then refuses it with its own message)."""
    if text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if whole and value.is_integer() else value

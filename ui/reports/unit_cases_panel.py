"""The cases behind a unit's figure, under the assessment table: which figure, how many, the list.

A click on a count in the table shows the cases that count makes (a click on the unit's name,
a rate or the score shows its 立案数); the figure can be changed in the combo. A double-click
on a case opens its detail.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.assessment.unit_cases import FIGURE_LABELS
from app.assessment.units import LEVELS
from ui.reports.assessment_model import column_title
from ui.reports.unit_cases_model import UnitCasesModel, UnitCasesQuery, with_figure
from ui.widgets.record_table import RecordTable

#: the figure a click on a column lists: the column's own count, or the count a rate is made of
COLUMN_FIGURES = {
    "registered": "registered", "due_to_close": "due_to_close", "closed": "closed",
    "closed_on_time": "closed_on_time", "close_rate": "closed", "on_time_close_rate": "closed_on_time",
    "handled": "handled", "reworked": "reworked", "rework_rate": "reworked", "extended": "extended",
    "extension_rate": "extended", "avg_handle_hours": "handle_cases",
}


class UnitCasesPanel(QWidget):
    """Heading, figure chooser and the paged list of cases."""

    case_requested = Signal(str)

    def __init__(self, database, tz, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = UnitCasesModel(database, tz, self)
        self.table = RecordTable(self.model, self.model.columns)
        self.heading = QLabel(self.tr("点击上表中的单位或数字，查看计入该指标的案件"))
        self.heading.setStyleSheet("font-weight: bold; color: #1a2b3c;")
        self.figure = QComboBox()
        for key, label in FIGURE_LABELS.items():
            self.figure.addItem(self._figure_text(key, label), key)
        self.figure.setEnabled(False)
        self.query: UnitCasesQuery | None = None
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel(self.tr("指标")))
        top.addWidget(self.figure)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.figure.currentIndexChanged.connect(self._on_figure_changed)
        self.model.counted.connect(self._on_counted)
        self.model.failed.connect(lambda text: self.heading.setText(text))
        self.table.doubleClicked.connect(self._on_double_clicked)

    def _figure_text(self, key: str, label: str) -> str:
        if key == "overdue":
            return self.tr("超期数")
        if key == "handle_cases":
            return self.tr("期内结案（处置时长）")
        return column_title(key)

    def show_cases(self, query: UnitCasesQuery) -> None:
        """List the cases of `query` (its figure shown in the combo)."""
        self.query = query
        self.figure.blockSignals(True)
        self.figure.setCurrentIndex(self.figure.findData(query.figure))
        self.figure.blockSignals(False)
        self.figure.setEnabled(True)
        self.heading.setText(self.tr("{unit}：正在读取……").format(unit=query.unit))
        self.model.show(query)

    def clear(self) -> None:
        """Nothing chosen (after the period or the level changed)."""
        self.query = None
        self.figure.setEnabled(False)
        self.heading.setText(self.tr("点击上表中的单位或数字，查看计入该指标的案件"))
        self.model.clear()

    def _on_figure_changed(self, _index: int) -> None:
        if self.query is not None:
            self.show_cases(with_figure(self.query, self.figure.currentData()))

    def _on_counted(self, total: int) -> None:
        query = self.query
        if query is None:
            return
        self.heading.setText(self.tr("{level}“{unit}” · {figure}：{n} 件").format(
            level=LEVELS[query.level], unit=query.unit, figure=self.figure.currentText(), n=total))

    def _on_double_clicked(self, index: QModelIndex) -> None:
        case_no = index.data(Qt.ItemDataRole.UserRole)
        if case_no:
            self.case_requested.emit(case_no)

"""The monthly 矛盾纠纷排查调处情况表: pick a month, see it by dispute type or by level (each
with 小计, for the month and the year to date) and the screening figures, and export it to a
workbook. Computing and writing both run off the UI thread (app.mediation.statistics and
statistics_xlsx: the same figures as `gridcc disputes stats`)."""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QDateEdit, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from app.mediation.service import MediationService
from app.mediation.statistics import COLUMNS, MonthlyTable, monthly_table
from app.mediation.statistics_xlsx import write_workbook
from ui.widgets import NoticeBar, SegmentedChoice
from ui.workers import run_in_background

_TOTAL_BACKGROUND = QColor("#eef3fa")


class StatsView(QWidget):
    """The table of one month; `computed` fires when a table is in."""

    computed = Signal()

    def __init__(self, service: MediationService, tz, parent: QWidget | None = None):
        """`tz` is the district's time zone (the case configuration read at start: no read here)."""
        super().__init__(parent)
        self.service = service
        self.table_data: MonthlyTable | None = None
        today = service.now().astimezone(tz).date()
        self.month = QDateEdit(QDate(today.year, today.month, 1), calendarPopup=True, displayFormat="yyyy-MM")
        self.month.setMaximumDate(QDate(today.year, today.month, 1))
        self.by_type_text = self.tr("按纠纷类型")
        self.grouping = SegmentedChoice([self.by_type_text, self.tr("按调处层级")])
        self.screening = QLabel()
        self.export_button = QPushButton(qta.icon("mdi6.file-excel-outline", color="#1e7a3a"), self.tr("导出Excel"))
        self.notice = NoticeBar()
        self.table = QTableWidget(0, len(COLUMNS) + 2)
        self.table.setHorizontalHeaderLabels([self.tr("统计期间"), self.tr("分类")] + [label for _k, label in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("月份")))
        top.addWidget(self.month)
        top.addSpacing(12)
        top.addWidget(self.grouping)
        top.addSpacing(12)
        top.addWidget(self.screening, 1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        self.month.dateChanged.connect(self.compute)
        self.grouping.value_changed.connect(lambda _value: self._fill())
        self.export_button.clicked.connect(lambda: self.export())

    def chosen_month(self) -> tuple[int, int]:
        day = self.month.date()
        return day.year(), day.month()

    def set_month(self, year: int, month: int) -> None:
        """Show another month (computes it)."""
        self.month.setDate(QDate(year, month, 1))

    def compute(self) -> None:
        """Compute the chosen month's table in the background."""
        service, (year, month) = self.service, self.chosen_month()
        self.screening.setText(self.tr("正在统计…"))
        run_in_background(self, lambda: monthly_table(service, year, month), self._computed,
                          lambda exc: self.notice.show_notice(self.tr("统计失败：{m}").format(m=str(exc)[:160]),
                                                              "error"))

    def _computed(self, table: MonthlyTable) -> None:
        if (table.year, table.month) != self.chosen_month():
            return
        self.table_data = table
        s, y = table.screening, table.screening_year
        self.screening.setText(self.tr("本月排查 {r} 次，发现纠纷 {f} 件，预防 {p} 件；年度累计排查 {yr} 次，发现 {yf} 件，"
                                       "预防 {yp} 件").format(r=s.reports, f=s.found, p=s.prevented, yr=y.reports,
                                                             yf=y.found, yp=y.prevented))
        self._fill()
        self.computed.emit()

    def _fill(self) -> None:
        table = self.table_data
        if table is None:
            return
        by_type = self.grouping.value() == self.by_type_text
        month_rows, year_rows = ((table.by_type, table.by_type_year) if by_type
                                 else (table.by_level, table.by_level_year))
        rows = [(self.tr("本月"), r) for r in month_rows] + [(self.tr("年度累计"), r) for r in year_rows]
        self.table.setRowCount(len(rows))
        bold = QFont(self.font())
        bold.setBold(True)
        for n, (period, stat) in enumerate(rows):
            cells = [period, stat.label] + [_number(key, stat.values[key]) for key, _label in COLUMNS]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column > 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if stat.label == "小计":
                    item.setFont(bold)
                    item.setBackground(_TOTAL_BACKGROUND)
                self.table.setItem(n, column, item)

    def cell(self, period_row: int, key: str) -> str:
        """The text of a value cell (tests): row number and column key."""
        column = 2 + [k for k, _label in COLUMNS].index(key)
        return self.table.item(period_row, column).text()

    def export(self, path: str | None = None) -> None:
        """Write the shown month to an .xlsx file in the background."""
        table = self.table_data
        if table is None:
            return
        if not path:
            path, _kind = QFileDialog.getSaveFileName(
                self, self.tr("导出情况表"), self.tr("矛盾纠纷排查调处情况表{y}-{m:02d}.xlsx").format(y=table.year, m=table.month),
                self.tr("Excel 文件 (*.xlsx)"))
        if not path:
            return
        self.notice.show_notice(self.tr("正在导出…"), "info")
        service = self.service
        run_in_background(self, lambda: write_workbook(table, path, database=service.database,
                                                       principal=service.principal),
                          lambda written: self.notice.show_notice(self.tr("已导出到 {path}").format(path=written),
                                                                  "success"),
                          lambda exc: self.notice.show_notice(str(exc), "error"), long=True)


def _number(key: str, value: float) -> str:
    if key == "success_rate":
        return f"{value:.1f}"
    if key == "amount":
        return f"{value:,.2f}"
    return f"{int(value)}"

"""统计考核: the assessment table of a period for a level of units, and the cases behind it.

Pick the period (month, quarter, year or a range of days) and the level (部门, 网格, 社区, 街道,
网格员); the table is read in the background by `app.assessment.table.assess` — the one
definition of every figure — and shown sortable, raw counts beside the capped rates. A click on
a unit lists the cases its figure counts below; a double-click on a case opens it. The table
exports to a formatted workbook (app/assessment/workbook.py) and to an A4 PDF in the district's
template (app/assessment/paper.py drawn by ui/paper/engine.py), and prints through the print
preview (ui/paper/preview.py).
"""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import (
    QApplication, QFileDialog, QFrame, QHeaderView, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout,
    QWidget,
)

from app.assessment.figures import UnitFigures
from app.assessment.periods import Period
from app.assessment.table import assess
from ui.accounts.permitted import offer_only_permitted
from ui.context import UiContext
from ui.reports.charts_view import AssessmentCharts
from ui.reports.assessment_model import FIELDS, ROW_ROLE, AssessmentModel, AssessmentSortModel
from ui.reports.period_picker import PeriodPicker
from ui.reports.unit_cases_model import UnitCasesQuery
from ui.reports.unit_cases_panel import COLUMN_FIGURES, UnitCasesPanel
from ui.widgets import NoticeBar, page_header
from ui.widgets.record_table import RecordTable
from ui.widgets.segmented import SegmentedChoice
from ui.workers import run_in_background, wait_for_background_work

SETTINGS_PREFIX = "reports/"
LEVEL_KEYS = ("department", "grid", "community", "street", "worker")


class ReportsPage(QWidget):
    """Period and level pickers, the assessment table, the cases of the unit clicked, exports."""

    def __init__(self, ctx: UiContext, window=None):
        super().__init__()
        self.ctx, self.main_window = ctx, window
        self.tz = ctx.cases.config().tz
        self.rows: list[UnitFigures] = []
        self.shown: tuple[str, Period] | None = None
        self._generation = 0
        self._started = False
        self.title = QLabel(self.tr("统计考核"), objectName="pageTitle")
        self.period_picker = PeriodPicker(ctx.now().astimezone(self.tz).date())
        self.level_names = dict(zip(LEVEL_KEYS, (self.tr("部门"), self.tr("网格"), self.tr("社区"), self.tr("街道"),
                                                 self.tr("网格员"))))
        self.level_picker = SegmentedChoice(list(self.level_names.values()))
        self.refresh_button = QPushButton(qta.icon("mdi6.refresh", color="#33475b"), self.tr("刷新"))
        self.excel_button = QPushButton(qta.icon("mdi6.microsoft-excel", color="#1e7a3a"), self.tr("导出 Excel"))
        self.pdf_button = QPushButton(qta.icon("mdi6.file-pdf-box", color="#b3261e"), self.tr("导出 PDF"))
        self.print_button = QPushButton(qta.icon("mdi6.printer-outline", color="#1f5fae"), self.tr("打印…"))
        offer_only_permitted(ctx.may, ((self.excel_button, "report.export"), (self.pdf_button, "report.export"),
                                       (self.print_button, "report.export")))
        self.summary = QLabel()
        self.summary.setStyleSheet("color: #5f6b7a;")
        self.notice = NoticeBar()
        self.model = AssessmentModel(self)
        self.sorted = AssessmentSortModel(self.model, self)
        self.table = RecordTable(self.sorted, ())
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setStretchLastSection(False)
        self._score_first()
        self.cases_panel = UnitCasesPanel(ctx.database, self.tz)
        self.charts = AssessmentCharts()
        self.tabs = QTabWidget()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self._lay_out()
        self._connect()

    # layout --------------------------------------------------------------
    def _lay_out(self) -> None:
        top = page_header(self.title, self.period_picker, (QLabel(self.tr("统计单位")), self.level_picker),
                          actions=self.action_buttons())
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.cases_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        table_tab = QWidget()
        column = QVBoxLayout(table_tab)
        column.setContentsMargins(8, 8, 8, 8)
        column.addWidget(self.summary)
        column.addWidget(self.splitter, 1)
        self.tabs.addTab(table_tab, qta.icon("mdi6.table", color="#1f5fae"), self.tr("考核表"))
        self.tabs.addTab(self.charts, qta.icon("mdi6.chart-bar", color="#1f5fae"), self.tr("图表"))
        card = QFrame(objectName="card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(card, 1)

    def _score_first(self) -> None:
        """Score and grade shown right after the unit (the ranking is by them); the workbook keeps
        the order of app/assessment/columns.py."""
        header = self.table.horizontalHeader()
        for position, name in enumerate(("score", "grade"), start=2):
            header.moveSection(header.visualIndex(FIELDS.index(name)), position)

    def action_buttons(self) -> list[QPushButton]:
        """The buttons at the top right: refresh and the exports."""
        return [self.refresh_button, self.excel_button, self.pdf_button, self.print_button]

    def _connect(self) -> None:
        self.period_picker.changed.connect(lambda _period: self.reload())
        self.level_picker.value_changed.connect(lambda _text: self.reload())
        self.refresh_button.clicked.connect(self.reload)
        self.excel_button.clicked.connect(lambda: self.export_excel())
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.print_button.clicked.connect(lambda: self.print_preview())
        self.table.clicked.connect(self._on_table_clicked)
        self.cases_panel.case_requested.connect(self._open_case)
        self.ctx.hub.config_changed.connect(self._on_config_changed)

    # reading ---------------------------------------------------------------
    def level(self) -> str:
        """The key of the chosen level ('department', 'grid', …)."""
        chosen = self.level_picker.value()
        return next(key for key, text in self.level_names.items() if text == chosen)

    def set_level(self, level: str) -> None:
        self.level_picker.set_value(self.level_names[level])

    def activate(self) -> None:
        """Shown by the main window: read the table the first time."""
        if not self._started:
            self._started = True
            self.reload()

    def reload(self) -> None:
        """Read the table of the chosen period and level in the background."""
        self._started = True
        self._generation += 1
        generation, level, period = self._generation, self.level(), self.period_picker.period()
        database, now, scope = self.ctx.database, self.ctx.now(), self.ctx.principal.scope
        self.cases_panel.clear()
        self.summary.setText(self.tr("正在统计 {period}……").format(period=period.label))
        self.notice.clear()
        for button in self.action_buttons()[1:]:
            button.setEnabled(False)
        run_in_background(
            self, lambda: assess(database, start=period.start, end=period.end, level=level, now=now, scope=scope),
            lambda rows: self._on_loaded(generation, level, period, rows),
            lambda exc: self._on_failed(generation, exc), long=True)

    def _on_loaded(self, generation: int, level: str, period: Period, rows: list[UnitFigures]) -> None:
        if generation != self._generation:
            return
        self.rows, self.shown = rows, (level, period)
        self.model.set_rows(rows)
        self.sorted.sort(-1)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._fit_columns()
        scored = sum(1 for row in rows if row.score is not None)
        self.summary.setText(self.tr("{period}（{first} 至 {last}）· {level} {n} 个，参与评分 {scored} 个 · "
                                     "按综合得分排名；点击单位或数字查看计入的案件").format(
            period=period.label, first=period.start.isoformat(), last=period.last_day.isoformat(),
            level=self.level_names[level], n=len(rows), scored=scored))
        for button in self.action_buttons()[1:]:
            button.setEnabled(True)
        self.rows_loaded(rows)

    def rows_loaded(self, rows: list[UnitFigures]) -> None:
        """The views that follow the table: the charts."""
        self.charts.show_rows(rows, self.level_names[self.shown[0]])

    def _on_failed(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            self.summary.clear()
            self.notice.show_notice(str(exc), "error")

    def _fit_columns(self) -> None:
        """Every column as wide as its widest text, the unit's name within reason."""
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        for column in range(self.sorted.columnCount()):
            width = max(header.sectionSize(column), header.sectionSizeHint(column)) + 8
            header.resizeSection(column, min(width, 240))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def _on_config_changed(self) -> None:
        """Weights or the calendar changed (Settings, another workstation): the scores follow."""
        if self._started:
            self.reload()

    # unit cases ----------------------------------------------------------
    def _on_table_clicked(self, index: QModelIndex) -> None:
        row: UnitFigures = index.data(ROW_ROLE)
        if row is None or self.shown is None:
            return
        self.show_unit_cases(row, COLUMN_FIGURES.get(FIELDS[index.column()], "registered"))

    def show_unit_cases(self, row: UnitFigures, figure: str) -> None:
        """List below the cases `figure` counts for `row`'s unit in the period shown."""
        level, period = self.shown
        self.cases_panel.show_cases(UnitCasesQuery(
            level=level, unit_code=row.unit_code, unit=row.unit, figure=figure, start=period.start,
            end=period.end, now=self.ctx.now(), scope=self.ctx.principal.scope))

    def _open_case(self, case_no: str) -> None:
        if self.main_window is not None:
            self.main_window.open_case(case_no)

    # exports -------------------------------------------------------------
    def _default_name(self, suffix: str) -> str:
        level, period = self.shown
        return self.tr("{level}考核表{first}至{last}").format(
            level=self.level_names[level], first=period.start.isoformat(), last=period.last_day.isoformat()) + suffix

    def export_excel(self, path: str | None = None) -> None:
        """The table as a formatted workbook; asks where unless `path` is given."""
        if self.shown is None:
            return
        if not path:
            path, _kind = QFileDialog.getSaveFileName(self, self.tr("导出 Excel"), self._default_name(".xlsx"),
                                                      self.tr("Excel 文件 (*.xlsx)"))
        if not path:
            return
        (level, period), rows, ctx = self.shown, self.rows, self.ctx

        def work():
            from app.assessment.workbook import write_workbook
            return write_workbook(rows, path, level=level, start=period.start, end=period.end,
                                  database=ctx.database, principal=ctx.principal)

        self._run_export(work)

    def export_pdf(self, path: str | None = None) -> None:
        """The table on A4 in the district's template (app/assessment/paper.py); asks where unless
        `path` is given."""
        if self.shown is None:
            return
        if not path:
            path, _kind = QFileDialog.getSaveFileName(self, self.tr("导出 PDF"), self._default_name(".pdf"),
                                                      self.tr("PDF 文件 (*.pdf)"))
        if not path:
            return
        build = self._document_builder()

        def work():
            from pathlib import Path

            from ui.paper.engine import write_pdf
            write_pdf(build(), Path(path))
            return path

        self._run_export(work)

    def print_preview(self, on_open=None) -> None:
        """The print preview of the table (zoom, pages, any installed printer, save as PDF)."""
        if self.shown is None:
            return
        from ui.paper.preview import show_print_preview
        show_print_preview(self, self._document_builder(), on_open=on_open)

    def _document_builder(self):
        """A function building the printable table of what is shown (run in the background)."""
        (level, period), rows, ctx = self.shown, self.rows, self.ctx
        now = ctx.now()

        def build():
            from app.assessment.paper import assessment_document
            return assessment_document(ctx.database, rows, level=level, start=period.start, end=period.end,
                                       printed_by=ctx.user, now=now, principal=ctx.principal)
        return build

    def _run_export(self, work) -> None:
        self.notice.show_notice(self.tr("正在导出……"), "info")
        run_in_background(self, work,
                          lambda written: self.notice.show_notice(self.tr("已导出到 {path}").format(path=written),
                                                                  "success"),
                          lambda exc: self.notice.show_notice(str(exc), "error"), long=True)

    # persistence -----------------------------------------------------------
    def restore_layout(self, settings: QSettings) -> None:
        state = settings.value(SETTINGS_PREFIX + "splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        level = settings.value(SETTINGS_PREFIX + "level", "")
        if level in self.level_names:
            self.level_picker.blockSignals(True)
            self.set_level(level)
            self.level_picker.blockSignals(False)

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue(SETTINGS_PREFIX + "splitter", self.splitter.saveState())
        settings.setValue(SETTINGS_PREFIX + "level", self.level())

    def prepare_screenshot(self) -> bool:
        """Read the table of the last complete month and list the overdue cases of the top unit."""
        self.activate()
        for _ in range(3):
            wait_for_background_work()
            QApplication.processEvents()
        if self.rows and self.shown is not None:
            self.table.selectRow(0)
            self.show_unit_cases(self.rows[0], "overdue")
        return True


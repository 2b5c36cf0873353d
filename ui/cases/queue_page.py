"""案件队列: every case matching the filters, lit and counting down, sorted by the database.

The table is a QueueModel (case numbers plus a row cache, pages read in the background); the
lights and countdowns tick every second from memory. Double-click or Enter opens a case. The page
reloads when the data changed (ctx.hub.changed), keeping the selection and the scroll position.
"""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import QByteArray, QItemSelection, QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.cases.filter_bar import FilterBar
from ui.cases.light_badge import CountdownDelegate, LightBadgeDelegate
from ui.cases.queue_model import COLUMNS, LIGHT_COLUMN, REMAINING_COLUMN, QueueModel
from ui.accounts.permitted import offer_only_permitted
from ui.context import UiContext
from ui.theme import LIGHT_COLORS
from ui.widgets import page_header, plain_card
from ui.workers import wait_for_background_work

TICK_MS = 1000
ROW_HEIGHT = 34
SETTINGS_KEY = "queue/header"
#: after a light changes on screen, wait this long before re-reading (several may turn together)
RECOUNT_DELAY_MS = 1500


class QueueTable(QTableView):
    """The queue's table: whole rows, fixed row height, columns sized by the user."""

    def __init__(self, model: QueueModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        columns = self.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setStretchLastSection(True)
        columns.setSectionsMovable(True)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for number, column in enumerate(COLUMNS):
            self.setColumnWidth(number, column.width)
        self.setItemDelegateForColumn(LIGHT_COLUMN, LightBadgeDelegate(self))
        self.setItemDelegateForColumn(REMAINING_COLUMN, CountdownDelegate(self))
        columns.setSortIndicator(LIGHT_COLUMN, Qt.SortOrder.DescendingOrder)
        self.setSortingEnabled(True)

    def visible_rows(self) -> tuple[int, int]:
        """First and last row on screen ((-1, -1) when none)."""
        first = self.rowAt(0)
        if first < 0:
            return -1, -1
        last = self.rowAt(self.viewport().height() - 1)
        return first, last if last >= 0 else self.model().rowCount() - 1


class QueuePage(QWidget):
    """The case queue page: header with counts, filters, the table."""

    def __init__(self, ctx: UiContext, window):
        super().__init__()
        self.ctx = ctx
        self.main_window = window
        self.model = QueueModel(ctx.cases, ctx.now, self)
        self.filters = FilterBar()
        self.table = QueueTable(self.model)
        self.title = QLabel(self.tr("案件队列"), objectName="pageTitle")
        self.counts = QLabel(objectName="queueCounts")
        self.refresh_button = QPushButton(qta.icon("mdi6.refresh", color="#33475b"), self.tr("刷新"))
        self.intake_button = QPushButton(qta.icon("mdi6.file-document-edit-outline", color="white"),
                                         self.tr("受理登记"))
        self.intake_button.setProperty("primary", "true")
        offer_only_permitted(ctx.may, ((self.intake_button, "case.report"),))  # the 受理登记 page needs it too
        self.empty_note = QLabel(self.tr("没有符合条件的案件"), self.table.viewport())
        self.empty_note.setStyleSheet("color: #7b8794; font-size: 15px;")
        self.empty_note.hide()
        self._started = False
        self._dirty = False
        self._restore: tuple[list[str], str | None, int | None] | None = None
        self._summary = ""
        self.tick_timer = QTimer(self, interval=TICK_MS)
        self.tick_timer.timeout.connect(self.tick)
        self._recount_timer = QTimer(self, singleShot=True, interval=RECOUNT_DELAY_MS)
        self._recount_timer.timeout.connect(self.refresh)
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        top = page_header(self.title, self.counts, actions=(self.refresh_button, self.intake_button))
        filters_card = plain_card(self.filters)
        column = QVBoxLayout(self)
        column.setContentsMargins(18, 14, 18, 14)
        column.setSpacing(10)
        column.addLayout(top)
        column.addWidget(filters_card)
        column.addWidget(self.table, 1)

    def _connect(self) -> None:
        self.ctx.hub.changed.connect(self._on_hub_changed)
        self.model.loaded.connect(self._on_loaded)
        self.model.counts_changed.connect(self._show_counts)
        self.model.failed.connect(self._show_error)
        self.model.lights_changed.connect(self._recount_timer.start)
        self.filters.changed.connect(self._on_filters_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._remember_selection)
        self.table.activated.connect(self._open)
        self.refresh_button.clicked.connect(self.refresh)
        self.intake_button.clicked.connect(lambda: self.main_window.show_page("intake"))

    # loading -------------------------------------------------------------
    def start(self) -> None:
        """Read the choices and the first list (once; later calls do nothing)."""
        if self._started:
            return
        self._started = True
        self.model.loaded.connect(self._load_choices, Qt.ConnectionType.SingleShotConnection)
        self.model.set_filter(self.filters.current_filter())
        self.counts.setText(self.tr("正在读取…"))
        self.model.reload()

    def _load_choices(self) -> None:
        """Fill the filter lists once the first rows are on screen (they compete for the database)."""
        self.filters.load_choices(self.ctx.cases)

    def refresh(self) -> None:
        """Read the list again, keeping the selection and the scroll position."""
        if not self._started:
            self.start()
            return
        self._restore = (self.selected_case_nos(), self._current_case_no(),
                         self.table.verticalScrollBar().value())
        self._dirty = False
        self.model.reload(around=max(self.table.visible_rows()[0], 0))

    def _on_filters_changed(self) -> None:
        self._remember_selection()
        self.model.set_filter(self.filters.current_filter())

    def _remember_selection(self) -> None:
        """Keep the selected cases selected through a new filter or sort (the list starts at the top)."""
        self._restore = (self.selected_case_nos(), self._current_case_no(), None)

    def _on_hub_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def _on_loaded(self) -> None:
        restore, self._restore = self._restore, None
        if restore is not None:
            self._restore_view(*restore)
        self.empty_note.setVisible(self.model.rowCount() == 0)
        self._place_empty_note()
        self.model.prefetch(*self._rows_to_read())

    def _rows_to_read(self) -> tuple[int, int]:
        """The rows on screen, or the first screenful while the table has no size yet."""
        first, last = self.table.visible_rows()
        return (first, last) if first >= 0 else (0, 40)

    def _restore_view(self, selected: list[str], current: str | None, scroll: int | None) -> None:
        """Select again the cases still listed; put the scroll bar back (for a reload)."""
        self.table.doItemsLayout()
        if scroll is None:
            self.table.scrollToTop()
        else:
            self.table.verticalScrollBar().setValue(scroll)
        selection = QItemSelection()
        last_column = self.model.columnCount() - 1
        for case_no in selected:
            row = self.model.row_of(case_no)
            if row is not None:
                selection.select(self.model.index(row, 0), self.model.index(row, last_column))
        chooser = self.table.selectionModel()
        chooser.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        row = self.model.row_of(current) if current else None
        if row is not None:
            chooser.setCurrentIndex(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)

    # reading the view ----------------------------------------------------
    def selected_case_nos(self) -> list[str]:
        """Case numbers of the selected rows, top to bottom."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.case_no_at(row) for row in rows]

    def _current_case_no(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.case_no_at(index.row()) if index.isValid() else None

    def summary(self) -> str:
        """The counts as plain text: '共 N 件 · 红灯 a · 黄灯 b'."""
        return self._summary

    # ticking -------------------------------------------------------------
    def tick(self) -> None:
        """Re-light and count down the rows on screen at ctx.now(), from memory."""
        first, last = self.table.visible_rows()
        if first >= 0:
            self.model.tick(self.ctx.now(), first, last)

    # showing -------------------------------------------------------------
    def _show_counts(self, total: int, red: int, yellow: int) -> None:
        total_text = self.tr("共 {n} 件").format(n=f"{total:,}")
        red_text = self.tr("红灯 {n}").format(n=f"{red:,}")
        yellow_text = self.tr("黄灯 {n}").format(n=f"{yellow:,}")
        self._summary = f"{total_text} · {red_text} · {yellow_text}"
        dot = "<span style='color:{color}'>●</span> {text}"
        self.counts.setText("<span style='color:#33475b; font-size:14px'>" + " &nbsp;·&nbsp; ".join((
            total_text,
            dot.format(color=LIGHT_COLORS["red"].name(), text=red_text),
            dot.format(color=LIGHT_COLORS["yellow"].name(), text=yellow_text),
        )) + "</span>")
        self.counts.setAccessibleName(self._summary)

    def _show_error(self, message: str) -> None:
        first_line = (message.splitlines() or [""])[0]
        self._summary = self.tr("读取案件失败：{message}").format(message=first_line[:160])
        self.counts.setText(f"<span style='color:#b3261e'>{self._summary}</span>")

    def _place_empty_note(self) -> None:
        self.empty_note.adjustSize()
        area = self.table.viewport().rect()
        self.empty_note.move(area.center().x() - self.empty_note.width() // 2, 60)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_empty_note()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.start()
        if self._dirty:
            self.refresh()
        self.tick_timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self.tick_timer.stop()

    # opening ---------------------------------------------------------------
    def _open(self, index: QModelIndex) -> None:
        case_no = self.model.case_no_at(index.row())
        if case_no:
            self.main_window.open_case(case_no)

    def filter_grid(self, grid_code: str, label: str | None = None) -> None:
        """Show only the cases of one grid (the map's grid click); the other filters stay as they are."""
        combo = self.filters.grid
        if combo.findData(grid_code) < 0:  # the lists are read later: offer this grid already
            combo.addItem(label or grid_code, grid_code)
        combo.choose(grid_code)

    # the main window's hooks -------------------------------------------
    def activate(self) -> None:
        """Shown by the main window: make sure the list is read and current."""
        self.start()
        if self._dirty:
            self.refresh()

    def restore_layout(self, settings: QSettings) -> None:
        """Column widths, order and sort as the user left them."""
        state = settings.value(SETTINGS_KEY)
        if isinstance(state, QByteArray):
            self.table.horizontalHeader().restoreState(state)

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue(SETTINGS_KEY, self.table.horizontalHeader().saveState())

    def prepare_screenshot(self) -> bool:
        """Read the list and its first rows before the screenshot is taken."""
        self.start()
        for _ in range(50):
            wait_for_background_work()
            QApplication.processEvents()
            if not self.model.loading and (self.model.rowCount() == 0 or self.model.is_fresh(0)):
                break
            if not self.model.loading:
                self.model.prefetch(*self._rows_to_read())
        return True

"""待走访: the visit clocks (app.people.visits.visits_due), lit like cases, most overdue first.

The light column is painted by the case queue's own badge delegate (ui/cases/light_badge.py),
fed through the same roles, so a red visit looks exactly like a red case. Pages of the list are
read with offsets as it scrolls (the list holds memberships with a cadence only, a small share
of the ledger). "登记走访" records a visit for the selected row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import qtawesome as qta
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.accounts.principal import WHOLE_DISTRICT, Scope
from app.cases.lights import Light
from app.people.privacy import SENSITIVE_LABEL
from app.people.visits import VisitDue, VisitsDue, visits_due
from db.engine import Database
from ui.cases.filter_bar import ChoiceCombo
from ui.cases.light_badge import LightBadgeDelegate
from ui.cases.queue_model import LIGHT_ROLE, PARKED_ROLE
from ui.theme import LIGHT_COLORS, LIGHT_TEXT
from ui.widgets.list_table_model import ListTableModel
from ui.workers import run_in_background

PAGE_SIZE = 200
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
COLUMNS = (QT_TRANSLATE_NOOP("VisitsModel", "亮灯"), QT_TRANSLATE_NOOP("VisitsModel", "姓名"),
           QT_TRANSLATE_NOOP("VisitsModel", "网格"), QT_TRANSLATE_NOOP("VisitsModel", "人员类别"),
           QT_TRANSLATE_NOOP("VisitsModel", "上次走访"), QT_TRANSLATE_NOOP("VisitsModel", "应走访日期"),
           QT_TRANSLATE_NOOP("VisitsModel", "剩余"))


def days_text(days: int | None) -> str:
    """'剩 5 天', '今天到期', '超 3 天'; '从未走访' for a clock without a start."""
    if days is None:
        return QCoreApplication.translate("VisitsModel", "从未走访")
    if days == 0:
        return QCoreApplication.translate("VisitsModel", "今天到期")
    if days > 0:
        return QCoreApplication.translate("VisitsModel", "剩 {n} 天").format(n=days)
    return QCoreApplication.translate("VisitsModel", "超 {n} 天").format(n=-days)


class VisitsModel(ListTableModel):
    """Visit clocks at one instant, a page at a time."""

    rows: list[VisitDue]
    titles = COLUMNS
    translation_context = "VisitsModel"

    loaded = Signal(object)
    """The counts per light ({Light: n}) of the whole list."""
    failed = Signal(str)

    def __init__(self, database: Database, now: Callable[[], datetime], parent=None, *,
                 scope: Scope = WHOLE_DISTRICT):
        super().__init__(parent)
        self.scope = scope  # the account's: only its persons are due
        self.database, self.now = database, now
        self.region: str | None = None
        self.light: Light | None = None
        self.loading = False
        self._more = False
        self._fetching = False
        self._generation = 0

    def reload(self) -> None:
        """Read the first page at now() with the current region and light."""
        self._generation += 1
        generation, database, now, region, light = self._generation, self.database, self.now(), self.region, self.light
        scope = self.scope
        self.loading = True
        run_in_background(self, lambda: visits_due(database, now, grid=region, light=light, limit=PAGE_SIZE,
                                                   scope=scope),
                          lambda due: self._arrived(generation, due, first=True),
                          lambda exc: self._failed(generation, exc))

    def canFetchMore(self, parent: QModelIndex = _ROOT) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and self._more and not self._fetching and not self.loading

    def fetchMore(self, parent: QModelIndex = _ROOT) -> None:  # noqa: N802 - Qt's name
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, database, now, region, light = self._generation, self.database, self.now(), self.region, self.light
        offset, scope = len(self.rows), self.scope
        run_in_background(self, lambda: visits_due(database, now, grid=region, light=light, limit=PAGE_SIZE,
                                                   offset=offset, scope=scope),
                          lambda due: self._arrived(generation, due, first=False),
                          lambda exc: self._failed(generation, exc))

    def _arrived(self, generation: int, due: VisitsDue, *, first: bool) -> None:
        if generation != self._generation:
            return
        self._more = len(due.rows) == PAGE_SIZE
        if first:
            self.set_rows(due.rows)
            self.loading = False
            self.loaded.emit(due.counts)
        elif due.rows:
            self.beginInsertRows(_ROOT, len(self.rows), len(self.rows) + len(due.rows) - 1)
            self.rows += due.rows
            self.endInsertRows()
        self._fetching = False

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            self.loading = self._fetching = False
            self.failed.emit(str(exc))

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == LIGHT_ROLE:
            return row.light.value
        if role == PARKED_ROLE:
            return False
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role != _DISPLAY:
            return None
        values = (QCoreApplication.translate("LightText", LIGHT_TEXT[row.light.value]), row.name, row.grid,
                  SENSITIVE_LABEL if row.sensitive else row.category,
                  f"{row.last_visit:%Y-%m-%d}" if row.last_visit else QCoreApplication.translate("VisitsModel", "无"),
                  f"{row.due_on:%Y-%m-%d}" if row.due_on else "—", days_text(row.days_left))
        return values[index.column()]


class VisitsDueView(QWidget):
    """The 待走访 tab: light filter, counts, the list and 登记走访."""

    visit_requested = Signal(object)
    """The VisitDue row to record a visit for."""
    person_requested = Signal(object)

    def __init__(self, database: Database, now: Callable[[], datetime], parent: QWidget | None = None, *,
                 scope: Scope = WHOLE_DISTRICT):
        super().__init__(parent)
        self.model = VisitsModel(database, now, self, scope=scope)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((64, 110, 150, 160, 110, 110, 100)):
            self.table.setColumnWidth(column, width)
        self.table.setItemDelegateForColumn(0, LightBadgeDelegate(self.table))
        self.light = ChoiceCombo(self.tr("全部灯色"))
        for light in (Light.RED, Light.YELLOW, Light.GREEN):
            dot = qta.icon("mdi6.circle", color=LIGHT_COLORS[light.value].name())
            self.light.addItem(dot, light.label, light.value)
        self.counts = QLabel()
        self.visit_button = QPushButton(qta.icon("mdi6.home-search-outline", color="white"), self.tr("登记走访"))
        self.visit_button.setProperty("primary", "true")
        self.visit_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("亮灯")))
        top.addWidget(self.light)
        top.addSpacing(12)
        top.addWidget(self.counts)
        top.addStretch(1)
        top.addWidget(self.visit_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        column.addLayout(top)
        column.addWidget(self.table, 1)
        self.light.currentIndexChanged.connect(self._on_light_changed)
        self.model.loaded.connect(self._show_counts)
        self.model.failed.connect(lambda message: self.counts.setText(self.tr("读取失败：{m}").format(m=message)))
        self.model.modelReset.connect(lambda: self.visit_button.setEnabled(False))
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.visit_button.setEnabled(current.isValid()))
        self.visit_button.clicked.connect(self._request_visit)
        self.table.activated.connect(lambda index: self.person_requested.emit(self.model.rows[index.row()].person_id))

    def set_region(self, region: str | None) -> None:
        """Only visits of persons in this region (code), or all; reads again when shown."""
        self.model.region = region

    def reload(self) -> None:
        self.model.reload()

    def _on_light_changed(self) -> None:
        value = self.light.currentData()
        self.model.light = Light(value) if value else None
        self.model.reload()

    def _show_counts(self, counts: dict) -> None:
        dot = "<span style='color:{color}'>●</span> {text}"
        parts = [dot.format(color=LIGHT_COLORS[light.value].name(), text=self.tr("{label} {n}").format(
            label=light.label, n=f"{counts.get(light, 0):,}")) for light in (Light.RED, Light.YELLOW, Light.GREEN)]
        self.counts.setText(" &nbsp;·&nbsp; ".join(parts))

    def selected(self) -> VisitDue | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _request_visit(self) -> None:
        row = self.selected()
        if row is not None:
            self.visit_requested.emit(row)

"""人口台账: the people ledger over millions of persons, a person card, and the visits due.

The table is a PeopleModel (keyset pages read as it scrolls, off the UI thread) under a filter
bar; the card of the current row sits to the right of a splitter. The second tab lists the
visits due with the cases' light badges. Adding, editing, visiting, importing and exporting all
go through app.people; afterwards the page tells the change hub, and every pane reloads. The
ledger is read as the acting user (a sensitive category filter needs the reveal permission), and
an export is full or masked by the same permission (app.people.exporter).
"""

from __future__ import annotations

import uuid

import qtawesome as qta
from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config.alias_admin import AliasService
from app.people.ledger_query import LedgerCount
from app.people.person_card import PersonCard, read_card
from app.people.privacy import SENSITIVE_LABEL
from app.people.service import PeopleService
from app.people.visits import VisitDue
from ui.accounts.permitted import offer_only_permitted
from ui.context import UiContext
from ui.people.filter_bar import PeopleFilterBar
from ui.people.labels_dialog import LabelsDialog
from ui.people.ledger_model import PeopleModel
from ui.people.people_table import PeopleTable
from ui.people.person_card import PersonCardView
from ui.people.person_form import PersonForm
from ui.people.transfer import ImportDialog, export_in_background
from ui.people.visit_dialog import VisitDialog
from ui.people.visits_view import VisitsDueView
from ui.widgets import NoticeBar, page_header, plain_card
from ui.workers import run_in_background, wait_for_background_work

SETTINGS_PREFIX = "people/"


class PeoplePage(QWidget):
    """The people ledger page: counts and actions, filters, table and card, visits due."""

    def __init__(self, ctx: UiContext, window):
        super().__init__()
        self.ctx, self.main_window = ctx, window
        self.people = PeopleService(ctx.database, now=ctx.now, actor=ctx.user, workstation=ctx.cases.workstation,
                                    principal=ctx.principal)
        self.model = PeopleModel(ctx.database, self.people.today, self,
                                 viewer=ctx.viewer())
        self.filters = PeopleFilterBar(ctx.database)
        self.table = PeopleTable(self.model)
        self.empty_note = QLabel(self.tr("没有符合条件的人员"), self.table.viewport())
        self.empty_note.setStyleSheet("color: #7b8794; font-size: 15px;")
        self.empty_note.hide()
        self.card = PersonCardView(ctx.database, ctx.user, ctx.cases.workstation, ctx.cases.config().tz,
                                   viewer=ctx.viewer())
        self.visits = VisitsDueView(ctx.database, ctx.now, scope=ctx.principal.scope)
        self.title = QLabel(self.tr("人口台账"), objectName="pageTitle")
        self.counts = QLabel()
        self.counts.linkActivated.connect(lambda _link: self.model.count_all())
        self.notice = NoticeBar()
        self.tabs = QTabWidget()
        self.buttons = {key: QPushButton(qta.icon(icon, color=color), text) for key, icon, color, text in (
            ("refresh", "mdi6.refresh", "#33475b", self.tr("刷新")),
            ("labels", "mdi6.tag-multiple-outline", "#33475b", self.tr("类别与别名")),
            ("import", "mdi6.file-import-outline", "#33475b", self.tr("导入Excel")),
            ("export", "mdi6.file-export-outline", "#33475b", self.tr("导出Excel")),
            ("add", "mdi6.account-plus-outline", "white", self.tr("新增人员")))}
        self.buttons["add"].setProperty("primary", "true")
        self.dialog: QWidget | None = None
        self._started = self._dirty = False
        self._card_for: uuid.UUID | None = None
        self._lay_out()
        self._connect()
        offer_only_permitted(ctx.may, (
            (self.buttons["import"], "people.import"), (self.buttons["export"], "export.personal"),
            (self.buttons["add"], "people.edit"), (self.buttons["labels"], "people.edit"),
            (self.card.reveal_button, "people.reveal"), (self.card.edit_button, "people.edit"),
            (self.card.visit_button, "people.visit"), (self.card.disputes_button, "pane.docket"),
            (self.visits.visit_button, "people.visit")))

    def _lay_out(self) -> None:
        top = page_header(self.title, self.counts, actions=self.buttons.values())
        filters_card = plain_card(self.filters)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.card)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([1000, 640])
        ledger = QWidget()
        column = QVBoxLayout(ledger)
        column.setContentsMargins(0, 8, 0, 0)
        column.setSpacing(10)
        column.addWidget(filters_card)
        column.addWidget(self.splitter, 1)
        self.tabs.addTab(ledger, qta.icon("mdi6.account-group-outline"), self.tr("人员台账"))
        self.tabs.addTab(self.visits, qta.icon("mdi6.home-search-outline"), self.tr("待走访"))
        page = QVBoxLayout(self)
        page.setContentsMargins(18, 14, 18, 14)
        page.setSpacing(10)
        page.addLayout(top)
        page.addWidget(self.notice)
        page.addWidget(self.tabs, 1)

    def _connect(self) -> None:
        self.ctx.hub.changed.connect(self._on_hub_changed)
        self.model.loaded.connect(self._on_loaded)
        self.model.counted.connect(self._show_count)
        self.model.failed.connect(self._on_read_failed)
        self.filters.changed.connect(self._on_filters_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.card.edit_requested.connect(self.edit_person)
        self.card.visit_requested.connect(self._visit_from_card)
        self.card.person_requested.connect(self.open_person)
        self.card.case_requested.connect(self.main_window.open_case)
        self.card.disputes_requested.connect(self.main_window.open_person_disputes)
        self.visits.visit_requested.connect(self._visit_from_list)
        self.visits.person_requested.connect(self.open_person)
        self.buttons["refresh"].clicked.connect(self.refresh)
        self.buttons["add"].clicked.connect(self.add_person)
        self.buttons["import"].clicked.connect(self.import_file)
        self.buttons["labels"].clicked.connect(self.open_labels)
        self.buttons["export"].clicked.connect(self.export_file)

    # loading -------------------------------------------------------------
    def start(self) -> None:
        """Read the first page and the choices (once)."""
        if self._started:
            return
        self._started = True
        self.model.loaded.connect(self.filters.load_choices, Qt.ConnectionType.SingleShotConnection)
        self.model.set_filter(self.filters.current_filter())
        self.counts.setText(self.tr("正在读取…"))
        self.model.reload()

    def refresh(self) -> None:
        """Read the ledger, the card and the visits again."""
        if not self._started:
            self.start()
            return
        self._dirty = False
        self.model.reload()
        if self.tabs.currentWidget() is self.visits:
            self.visits.reload()
        if self._card_for is not None:
            self.open_person(self._card_for, select=False)

    def filter_grid(self, grid_id) -> None:
        """Show the ledger of one grid (by id or code), e.g. chosen on the map."""
        self.tabs.setCurrentIndex(0)
        self.start()
        self.filters.choose_region(grid_id)

    def _on_filters_changed(self) -> None:
        self.visits.set_region(self.filters.region.currentData() or None)
        self.model.set_filter(self.filters.current_filter())

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.visits:
            self.visits.set_region(self.filters.region.currentData() or None)
            self.visits.reload()

    def _on_hub_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def _on_loaded(self) -> None:
        self.empty_note.setVisible(self.model.rowCount() == 0)
        self.empty_note.adjustSize()
        self.empty_note.move(max(self.table.viewport().width() - self.empty_note.width(), 0) // 2, 60)

    def _on_read_failed(self, message: str) -> None:
        if self.model.rowCount() == 0:
            self.counts.clear()
            self._on_loaded()
        self.notice.show_notice(self.tr("读取人口台账失败：{m}").format(
            m=message.splitlines()[0][:160] if message else ""), "error")

    def _show_count(self, counted: LedgerCount) -> None:
        if counted.capped:
            self.counts.setText(self.tr("共 {n}+ 人").format(n=f"{counted.value:,}")
                                + " &nbsp;<a href='count'>" + self.tr("统计总数") + "</a>")
        else:
            self.counts.setText(self.tr("共 {n} 人").format(n=f"{counted.value:,}"))

    # the card ------------------------------------------------------------
    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.ledger_row(current.row()) if current.isValid() else None
        if row is not None and row.person_id != self._card_for:
            self.open_person(row.person_id, select=False)

    def open_person(self, person_id, *, select: bool = True) -> None:
        """Show a person's card (read in the background); select the row when it is listed."""
        person_id = uuid.UUID(str(person_id))
        self._card_for = person_id
        if select:
            row = self.model.row_of(person_id)
            if row is not None:
                self.table.selectRow(row)
        people = self.people
        run_in_background(self, lambda: read_card(people, person_id), self._on_card_read,
                          lambda exc: self.notice.show_notice(str(exc), "error"))

    def _on_card_read(self, card: PersonCard) -> None:
        if card.person.id == self._card_for:
            self.card.set_category_labels({c.code: {f["key"]: f["label"] for f in c.fields}
                                           for c in self.filters.categories})
            self.card.show_card(card)

    # changing ------------------------------------------------------------
    def add_person(self) -> None:
        """The add form."""
        self._open_dialog(PersonForm(self.people, self._grids(), self.filters.categories, parent=self))

    def edit_person(self) -> None:
        """The edit form of the person on the card."""
        if self.card.card is not None:
            self._open_dialog(PersonForm(self.people, self._grids(), self.filters.categories,
                                         self.card.card.person, parent=self))

    def _grids(self):
        return [r for r in self.filters.regions if r.level == "grid"]

    def _visit_from_card(self) -> None:
        card = self.card.card
        if card is not None:
            self.record_visit(card.person.id, card.person.name, [(m.code, m.name) for m in card.categories], None)

    def _visit_from_list(self, row: VisitDue) -> None:
        """登记走访 from the visits due: for that row's category (named only when not sensitive)."""
        label = SENSITIVE_LABEL if row.sensitive else row.category
        self.record_visit(row.person_id, row.name, [(row.category, label)], row.category)

    def record_visit(self, person_id, name: str, categories: list[tuple[str, str]], chosen: str | None) -> None:
        """The 登记走访 dialog for a person: (key, label) of the categories offered, the one chosen."""
        self._open_dialog(VisitDialog(self.people, person_id, name, categories, chosen, parent=self))

    def open_labels(self) -> LabelsDialog:
        """类别与别名: map the labels imports kept, edit the aliases."""
        aliases = AliasService(self.ctx.database, actor=self.ctx.user, workstation=self.ctx.cases.workstation,
                               principal=self.ctx.principal)
        dialog = LabelsDialog(self.people, aliases, parent=self)
        self._open_dialog(dialog)
        dialog.reload()
        return dialog

    def _open_dialog(self, dialog) -> None:
        self.dialog = dialog
        signal = (getattr(dialog, "saved", None) or getattr(dialog, "imported", None)
                  or getattr(dialog, "changed"))
        signal.connect(self._on_saved)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_saved(self, result=None) -> None:
        if isinstance(result, uuid.UUID):
            self._card_for = result
        self.ctx.hub.notify_local()
        if not self.isVisible():
            self.refresh()

    def import_file(self) -> None:
        """Pick a ledger file, preview it (dry run), then import."""
        path, _kind = QFileDialog.getOpenFileName(
            self, self.tr("导入人口台账"), "", self.tr("表格文件 (*.xlsx *.xlsm *.xlsb *.xls *.ods *.csv)"))
        if path:
            self.open_import(path)

    def open_import(self, path: str) -> ImportDialog:
        """The import preview of a file (the file dialog's choice, or a test's)."""
        dialog = ImportDialog(self.people, path, parent=self)
        self._open_dialog(dialog)
        dialog.preview()
        return dialog

    def export_file(self, path: str | None = None) -> None:
        """Export the ledger of the chosen region and category to an .xlsx file."""
        if not path:
            path, _kind = QFileDialog.getSaveFileName(self, self.tr("导出人口台账"), self.tr("人口台账.xlsx"),
                                                      self.tr("Excel 文件 (*.xlsx)"))
        if not path:
            return
        flt = self.filters.current_filter()
        self.notice.show_notice(self.tr("正在导出…"), "info")
        export_in_background(
            self, self.people, path, flt.region_code, flt.category_code,
            lambda result: self.notice.show_notice(self._exported_text(result), "success"),
            lambda exc: self.notice.show_notice(str(exc), "error"))

    def _exported_text(self, result) -> str:
        done = self.tr("已导出 {n} 人到 {path}").format(n=f"{result.rows:,}", path=result.path)
        if result.masked:
            done += self.tr("（无查看完整信息的权限：证件号、电话已遮蔽，出生日期以年龄代替）")
        return done

    # the main window's hooks -------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.activate()

    def activate(self) -> None:
        """Shown by the main window: make sure the ledger is read and current."""
        self.start()
        if self._dirty:
            self.refresh()

    def restore_layout(self, settings: QSettings) -> None:
        """Column widths, order and the splitter as the user left them."""
        for key, target in (("header", self.table.horizontalHeader()), ("splitter", self.splitter)):
            state = settings.value(SETTINGS_PREFIX + key)
            if isinstance(state, QByteArray):
                target.restoreState(state)

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue(SETTINGS_PREFIX + "header", self.table.horizontalHeader().saveState())
        settings.setValue(SETTINGS_PREFIX + "splitter", self.splitter.saveState())

    def prepare_screenshot(self) -> bool:
        """Read the first rows and open the first person's card before the screenshot."""
        self.start()
        for _ in range(50):
            wait_for_background_work()
            QApplication.processEvents()
            if not self.model.loading:
                break
        if self.model.rowCount():
            rows = [self.model.ledger_row(n) for n in range(min(self.model.rowCount(), 20))]
            self.table.selectRow(next((n for n, row in enumerate(rows) if row.categories and row.phone_known), 0))
            for _ in range(20):
                wait_for_background_work()
                QApplication.processEvents()
                if self.card.card is not None:
                    break
        return True

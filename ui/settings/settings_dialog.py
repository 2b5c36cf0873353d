"""The settings dialog: database address, working calendar (office hours, overrides), language,
basemap, the district and its boundaries, backups.

The address and the language are this workstation's (QSettings, applied at next start); the
calendar is the district's, stored in the database through app.config.calendar_admin. All
database work runs in the background.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QComboBox, QDateEdit, QDialog, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

import qtawesome as qta

from app.config.calendar_admin import (
    CalendarInputError, DayOverride, format_periods, parse_periods_text, read_calendar_settings,
    update_calendar,
)
from app.config.connection import check_database_url
from ui.context import UiContext
from ui.i18n import LANGUAGES, chosen_language
from ui.settings.assessment_tab import AssessmentTab
from ui.settings.backup_tab import BackupTab
from ui.settings.cards import hint_label, settings_card
from ui.settings.district_tab import DistrictTab
from ui.settings.map_tab import MapTab
from ui.settings.wall_tab import WallTab
from ui.workers import run_in_background

#: The district's configuration (calendar, basemap, assessment, boundaries) needs this permission
CONFIG = "config.edit"
OK_COLOR, ERROR_COLOR, BUSY_COLOR = "#1e8e3e", "#d93025", "#5f6b7a"


def _show_result(label: QLabel, text: str, color: str) -> None:
    """One status line in the colour of its outcome."""
    label.setText(text)
    label.setStyleSheet(f"color: {color}; font-weight: bold;")


class DatabaseTab(QWidget):
    """Type an address, test it, save it for the next start."""

    def __init__(self, ctx: UiContext, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self._tested_ok: str | None = None
        saved = settings.value("db/url", "") or ctx.database.url.render_as_string(hide_password=True)
        self.url_edit = QLineEdit(str(saved))
        self.url_edit.setPlaceholderText(self.tr("postgresql://用户:密码@服务器:5432/库名  或  D:\\gridcc\\gridcc.db"))
        self.url_edit.textChanged.connect(self._on_url_edit_changed)
        self.test_button = QPushButton(qta.icon("mdi6.lan-connect", color="#1f5fae"), self.tr("测试连接"))
        self.test_button.clicked.connect(self._on_test_clicked)
        self.save_button = QPushButton(qta.icon("mdi6.content-save", color="white"), self.tr("保存地址"))
        self.save_button.setProperty("primary", "true")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.result = QLabel(wordWrap=True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        current = QLabel(self.tr("当前使用：") + ctx.database.describe())
        current.setStyleSheet("color: #1a2b3c;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(settings_card(
            self.tr("数据库地址"), current,
            hint_label(self.tr("单机使用：填写本地 SQLite 文件路径。多个工作站共用：填写 PostgreSQL 服务器地址，"
                               "如 postgresql://gridcc:密码@192.168.1.10:5432/gridcc。保存前必须先测试连接。")),
            self.url_edit, buttons, self.result, spacing=8,
        ))
        layout.addWidget(hint_label(self.tr("保存的地址在下次启动时生效；启动参数 --db 或环境变量 GRIDCC_DB 优先于此设置。")))
        layout.addStretch(1)

    def _on_url_edit_changed(self, _text: str) -> None:
        self._tested_ok = None
        self.save_button.setEnabled(False)
        self.result.clear()

    def _on_test_clicked(self) -> None:
        typed = self.url_edit.text().strip()
        self.test_button.setEnabled(False)
        _show_result(self.result, self.tr("正在测试连接……"), BUSY_COLOR)
        run_in_background(self, lambda: check_database_url(typed),
                          lambda check: self._on_test_done(typed, check), self._on_test_failed)

    def _on_test_done(self, typed: str, check) -> None:
        self.test_button.setEnabled(True)
        if typed != self.url_edit.text().strip():
            return
        _show_result(self.result, ("✔ " if check.ok else "✖ ") + check.message,
                     OK_COLOR if check.ready else (BUSY_COLOR if check.ok else ERROR_COLOR))
        self._tested_ok = typed if check.ok else None
        self.save_button.setEnabled(check.ok)

    def _on_test_failed(self, exc: Exception) -> None:
        self.test_button.setEnabled(True)
        _show_result(self.result, "✖ " + str(exc), ERROR_COLOR)

    def _on_save_clicked(self) -> None:
        if self._tested_ok is None:
            return
        self.settings.setValue("db/url", self._tested_ok)
        self.settings.sync()
        self.save_button.setEnabled(False)
        _show_result(self.result, self.tr("✔ 已保存，下次启动时使用此数据库"), OK_COLOR)


class CalendarTab(QWidget):
    """Office hours per weekday and the date overrides, saved together as one revision."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self._revision = 0
        self._tz = None
        self.unknown_years = QLabel(objectName="calendarWarning", wordWrap=True)
        self.unknown_years.setStyleSheet(
            "background: #fff4d6; color: #7a4f00; border: 1px solid #f2d48a; border-radius: 4px; padding: 8px 12px;")
        self.unknown_years.setVisible(False)
        self.hours_table = self._hours_table()
        self.overrides_table = self._overrides_table()
        self.add_button = QPushButton(qta.icon("mdi6.plus", color="#1f5fae"), self.tr("添加日期"))
        self.add_button.clicked.connect(lambda: self._add_override_row(self._today(), False, ""))
        self.remove_button = QPushButton(qta.icon("mdi6.delete-outline", color="#b3261e"), self.tr("删除所选"))
        self.remove_button.setProperty("danger", "true")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.status = QLabel(wordWrap=True)
        self.reload_button = QPushButton(qta.icon("mdi6.refresh", color="#1f5fae"), self.tr("重新载入"))
        self.reload_button.clicked.connect(self.load)
        self.save_button = QPushButton(qta.icon("mdi6.content-save", color="white"), self.tr("保存工作日历"))
        self.save_button.setProperty("primary", "true")
        self.save_button.clicked.connect(self._on_save_clicked)
        self._layout()
        self.load()

    def _layout(self) -> None:
        override_buttons = QHBoxLayout()
        override_buttons.addWidget(self.add_button)
        override_buttons.addWidget(self.remove_button)
        override_buttons.addStretch(1)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.reload_button)
        footer.addWidget(self.save_button)
        cards = QHBoxLayout()
        cards.setSpacing(12)
        cards.addWidget(settings_card(self.tr("办公时间"), self.hours_table, hint_label(self.tr(
            "格式如 08:30-12:00, 13:30-17:30；留空表示当天不办公。工作时、工作日只按办公时间计算。")),
            spacing=8), 5)
        cards.addWidget(settings_card(self.tr("节假日调整"), self.overrides_table, override_buttons, hint_label(self.tr(
            "在国务院安排之外，由本区决定的上班日（调休）或休息日；优先于法定安排。")), spacing=8), 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(self.unknown_years)
        layout.addLayout(cards, 1)
        layout.addLayout(footer)

    def _hours_table(self) -> QTableWidget:
        table = QTableWidget(7, 1)
        table.setHorizontalHeaderLabels([self.tr("办公时段")])
        table.setVerticalHeaderLabels([self.tr("星期一"), self.tr("星期二"), self.tr("星期三"), self.tr("星期四"),
                                       self.tr("星期五"), self.tr("星期六"), self.tr("星期日")])
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setMinimumHeight(32 * 7 + 36)
        return table

    def _overrides_table(self) -> QTableWidget:
        table = QTableWidget(0, 3)
        table.setHorizontalHeaderLabels([self.tr("日期"), self.tr("类型"), self.tr("备注")])
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(0, 130)
        table.setColumnWidth(1, 86)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(36)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        return table

    # loading -------------------------------------------------------------
    def load(self) -> None:
        """Read the stored calendar (and which years the official calendar does not know)."""
        ctx = self.ctx
        for button in (self.save_button, self.add_button, self.remove_button):
            button.setEnabled(False)

        def work():
            calendar = ctx.cases.config().calendar
            calendar.is_workday(ctx.now().astimezone(calendar.tz).date())
            return read_calendar_settings(ctx.database), calendar.official.unknown_years(), calendar.tz

        run_in_background(self, work, self._on_loaded, self._on_error)

    def _on_loaded(self, result) -> None:
        stored, unknown, self._tz = result
        self._revision = stored.revision
        for weekday, periods in enumerate(stored.weekly):
            self.hours_table.setItem(weekday, 0, QTableWidgetItem(format_periods(periods)))
        self.overrides_table.setRowCount(0)
        for item in stored.overrides:
            self._add_override_row(item.day, item.is_workday, item.note)
        self._show_unknown_years(unknown)
        self.loaded = True
        for button in (self.save_button, self.add_button, self.remove_button):
            button.setEnabled(True)

    def _show_unknown_years(self, years) -> None:
        self.unknown_years.setVisible(bool(years))
        if years:
            names = self.tr("、").join(self.tr("{year}年").format(year=year) for year in years)
            self.unknown_years.setText(self.tr(
                "⚠ 本程序尚未收录{years}的国务院节假日安排，目前按周一至周五及法定节日推算。"
                "公布后请在“节假日调整”中补充当年的放假和调休上班日期。").format(years=names))

    def _today(self) -> date:
        return self.ctx.now().astimezone(self._tz).date()

    def _add_override_row(self, day: date, is_workday: bool, note: str) -> None:
        table = self.overrides_table
        row = table.rowCount()
        table.insertRow(row)
        day_edit = QDateEdit(QDate(day.year, day.month, day.day), calendarPopup=True)
        day_edit.setDisplayFormat("yyyy-MM-dd")
        kind = QComboBox()
        kind.addItems([self.tr("休息"), self.tr("上班")])
        kind.setCurrentIndex(1 if is_workday else 0)
        table.setCellWidget(row, 0, day_edit)
        table.setCellWidget(row, 1, kind)
        table.setCellWidget(row, 2, QLineEdit(note))
        table.selectRow(row)

    def _on_remove_clicked(self) -> None:
        rows = sorted({index.row() for index in self.overrides_table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.overrides_table.removeRow(row)

    # saving --------------------------------------------------------------
    def edited(self):
        """The weekly periods and overrides as edited; CalendarInputError for unreadable hours."""
        weekly = []
        for weekday in range(7):
            item = self.hours_table.item(weekday, 0)
            weekly.append(parse_periods_text(item.text() if item else "", weekday))
        overrides = []
        for row in range(self.overrides_table.rowCount()):
            day = self.overrides_table.cellWidget(row, 0).date().toPython()
            is_workday = self.overrides_table.cellWidget(row, 1).currentIndex() == 1
            note = self.overrides_table.cellWidget(row, 2).text()
            overrides.append(DayOverride(day=day, is_workday=is_workday, note=note))
        return tuple(weekly), tuple(overrides)

    def _on_save_clicked(self) -> None:
        try:
            weekly, overrides = self.edited()
        except CalendarInputError as exc:
            _show_result(self.status, "✖ " + str(exc), ERROR_COLOR)
            return
        ctx, revision = self.ctx, self._revision
        self.save_button.setEnabled(False)
        _show_result(self.status, self.tr("正在保存……"), BUSY_COLOR)

        def work() -> int:
            recomputed = update_calendar(ctx.database, weekly, overrides, expected_revision=revision,
                                         actor=ctx.user, workstation=ctx.cases.workstation,
                                         principal=ctx.principal)
            ctx.cases.refresh_config()  # read here, so no pane reads it on the UI thread
            return recomputed

        run_in_background(self, work, self._on_saved, self._on_error)

    def _on_saved(self, recomputed: int) -> None:
        self.ctx.hub.notify_local()
        _show_result(self.status, self.tr("✔ 已保存；{count} 件在办案件的期限已按新日历重新计算。").format(
            count=recomputed), OK_COLOR)
        self.load()

    def _on_error(self, exc: Exception) -> None:
        self.save_button.setEnabled(self.loaded)
        prefix = "" if isinstance(exc, CalendarInputError) else self.tr("操作失败：")
        _show_result(self.status, "✖ " + prefix + str(exc), ERROR_COLOR)


class LanguageTab(QWidget):
    """The interface language of this workstation, applied at the next start."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.combo = QComboBox()
        for code, name in LANGUAGES.items():
            self.combo.addItem(name, code)
        self.combo.setCurrentIndex(self.combo.findData(chosen_language(settings)))
        self.combo.currentIndexChanged.connect(self._on_combo_changed)
        self.combo.setMinimumWidth(200)
        self.status = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.combo)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(settings_card(self.tr("界面语言"), row, hint_label(self.tr("更改将在下次启动时生效。")),
                                       self.status, spacing=8))
        layout.addStretch(1)

    def _on_combo_changed(self, _index: int) -> None:
        self.settings.setValue("ui/language", self.combo.currentData())
        self.settings.sync()
        _show_result(self.status, self.tr("✔ 已保存，下次启动时生效"), OK_COLOR)


class SettingsDialog(QDialog):
    """Settings of this workstation and the district's calendar, one tab each."""

    def __init__(self, ctx: UiContext, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("设置"))
        self.setWindowIcon(qta.icon("mdi6.cog", color="#1f5fae"))
        self.setObjectName("page")
        self.resize(980, 640)
        self.tabs = QTabWidget()
        self.database_tab = self._add(DatabaseTab(ctx, settings, self), "mdi6.database", self.tr("数据库"))
        self.calendar_tab = self._add(CalendarTab(ctx, self) if ctx.may(CONFIG) else None,
                                      "mdi6.calendar-clock", self.tr("工作日历"))
        self.language_tab = self._add(LanguageTab(settings, self), "mdi6.translate", self.tr("界面语言"))
        self.map_tab = self._add(MapTab(ctx, self) if ctx.may(CONFIG) else None, "mdi6.map-outline", self.tr("地图"))
        self.assessment_tab = self._add(AssessmentTab(ctx, self) if ctx.may(CONFIG) else None,
                                        "mdi6.scale-balance", self.tr("考核权重"))
        self.district_tab = self._add(DistrictTab(ctx, self) if ctx.may(CONFIG) else None,
                                      "mdi6.vector-polygon", self.tr("辖区"))
        self.backup_tab = self._add(BackupTab(ctx, self) if ctx.may("backup.manage") else None,
                                    "mdi6.database-export", self.tr("备份"))
        if self.backup_tab is not None:
            self.backup_tab.restored.connect(QApplication.quit)
        from ui.sync.settings_tab import SyncTab, offers_sync_tab
        self.sync_tab = self._add(SyncTab(ctx, self, worker=getattr(parent, "sync_worker", None))
                                  if offers_sync_tab(ctx, CONFIG) else None, "mdi6.cloud-sync-outline", self.tr("同步"))
        self.wall_tab = self._add(WallTab(settings, self), "mdi6.monitor-dashboard", self.tr("大屏"))
        self.accounts_tab = self.roles_tab = None
        if ctx.may("accounts.manage"):
            from ui.settings.accounts_tab import AccountsTab
            from ui.settings.roles_tab import RolesTab
            self.accounts_tab = self._add(AccountsTab(ctx, self), "mdi6.account-multiple", self.tr("账户"))
            self.roles_tab = self._add(RolesTab(ctx, self), "mdi6.shield-account-outline", self.tr("角色权限"))
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(footer)

    def _add(self, tab: QWidget | None, icon: str, title: str) -> QWidget | None:
        """Add a tab the logged-in account may use (None: its permission is missing, no tab)."""
        if tab is not None:
            self.tabs.addTab(tab, qta.icon(icon, color="#1f5fae"), title)
        return tab

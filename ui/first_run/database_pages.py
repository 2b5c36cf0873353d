"""The first-run wizard's first pages: how the program is used (this computer alone, the center's
server, or the demo district), then the local file's folder or the server's address.

A page leaves only once its database is ready: the work (creating and migrating a local file,
testing a server address and opening it) runs in the background; Next starts it and the page
moves on by itself when it succeeded, or shows one line and stays.
"""

from __future__ import annotations

from pathlib import Path

import qtawesome as qta
from PySide6.QtWidgets import (
    QButtonGroup, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QVBoxLayout,
    QWizardPage,
)

from app.config.connection import check_database_url
from app.database import data_dir, prepare
from db.engine import Database
from db.errors import DatabaseError
from ui.settings.district_widgets import BUSY_COLOR, ERROR_COLOR, OK_COLOR, show_status, status_label
from ui.workers import run_in_background

LOCAL, SERVER, DEMO = 0, 1, 2
#: The wizard's pages, in order.
CHOICE_ID, LOCAL_ID, SERVER_ID, DISTRICT_ID, BOUNDARIES_ID, DONE_ID = range(6)
DATABASE_FILE = "gridcc.db"


def _hint(text: str) -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setStyleSheet("color: #5f6b7a;")
    return label


class ChoicePage(QWizardPage):
    """This computer alone, the center's server, or the demo district."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("欢迎使用网格化管理指挥中心"))
        self.setSubTitle(self.tr("请选择本机如何使用。以后可在“设置”中更改。"))
        self.choice = QButtonGroup(self)
        layout = QVBoxLayout(self)
        options = (
            (LOCAL, self.tr("本机单独使用"), self.tr("数据保存在本机的一个文件中（SQLite），适合单个工作站。")),
            (SERVER, self.tr("连接指挥中心服务器"), self.tr("多个工作站共用一个 PostgreSQL 数据库，需要服务器地址。")),
            (DEMO, self.tr("先看演示辖区"), self.tr("打开虚构的演示数据，不影响正式数据；下次启动时仍会询问。")),
        )
        for number, title, text in options:
            button = QRadioButton(title)
            button.setStyleSheet("font-weight: bold;")
            self.choice.addButton(button, number)
            layout.addWidget(button)
            hint = _hint(text)
            hint.setContentsMargins(24, 0, 0, 8)
            layout.addWidget(hint)
        layout.addStretch(1)
        self.choice.button(LOCAL).setChecked(True)
        self.choice.idToggled.connect(lambda _id, _on: self.completeChanged.emit())

    def chosen(self) -> int:
        return self.choice.checkedId()

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        """The demo ends the wizard here; the others go on to their database page."""
        return {LOCAL: LOCAL_ID, DEMO: -1}.get(self.chosen(), SERVER_ID)


class DatabasePage(QWizardPage):
    """A page that readies a database in the background before the wizard moves on."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.result = status_label()
        self._ready_for: str | None = None
        self._busy = False

    def target(self) -> str:
        """The address this page would use now."""
        raise NotImplementedError

    def open_database(self, target: str) -> Database:
        """Make the database at `target` ready (runs in the background: touches no widget)."""
        raise NotImplementedError

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return DISTRICT_ID

    def problem(self) -> str | None:
        """What keeps the page from starting at all (checked on the UI thread), or None."""
        return None

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        target = self.target()
        problem = self.problem()
        if problem is not None:
            show_status(self.result, "✖ " + problem, ERROR_COLOR)
            return False
        if self._ready_for == target:
            return True
        if not self._busy:
            self._start(target)
        return False

    def _start(self, target: str) -> None:
        self._busy = True
        self._set_enabled(False)
        show_status(self.result, self.tr("正在准备数据库……"), BUSY_COLOR)
        run_in_background(self, lambda: self.open_database(target),
                          lambda database: self._on_ready(target, database), self._on_failed, long=True)

    def _on_ready(self, target: str, database: Database) -> None:
        self._busy = False
        self._set_enabled(True)
        wizard = self.wizard()
        wizard.use_database(target, database)
        self._ready_for = target
        show_status(self.result, self.tr("✔ 数据库已就绪：{where}").format(where=database.describe()), OK_COLOR)
        wizard.next()

    def _on_failed(self, exc: Exception) -> None:
        self._busy = False
        self._set_enabled(True)
        show_status(self.result, "✖ " + str(exc), ERROR_COLOR)

    def _set_enabled(self, enabled: bool) -> None:
        for child in self.findChildren(QLineEdit) + self.findChildren(QPushButton):
            child.setEnabled(enabled)


class LocalPage(DatabasePage):
    """The folder the local database file goes in (the user data folder unless another is chosen)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("本机数据库"))
        self.setSubTitle(self.tr("选择保存数据的文件夹。建议选择会被定期备份的磁盘，路径中最好只有英文和数字。"))
        self.folder_edit = QLineEdit(str(data_dir()))
        self.folder_edit.textChanged.connect(self._on_folder_changed)
        browse = QPushButton(qta.icon("mdi6.folder-open-outline", color="#1f5fae"), self.tr("选择…"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        self.file_label = QLabel(wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.file_label)
        layout.addWidget(_hint(self.tr("文件夹中已有数据库文件时直接使用它（较旧的会先备份再升级）。")))
        layout.addWidget(self.result)
        layout.addStretch(1)
        self._on_folder_changed(self.folder_edit.text())

    def target(self) -> str:
        return "sqlite:///" + str(Path(self.folder_edit.text().strip()).expanduser().absolute() / DATABASE_FILE)

    def _on_folder_changed(self, _text: str) -> None:
        self.result.clear()
        self.file_label.setText(self.tr("数据库文件：{path}").format(path=self.target()[len("sqlite:///"):]))

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择数据文件夹"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def problem(self) -> str | None:
        return None if self.folder_edit.text().strip() else self.tr("请选择数据文件夹")

    def open_database(self, target: str) -> Database:
        database = Database(target)
        try:
            prepare(database, create_missing=True)
        except BaseException:
            database.dispose()
            raise
        return database


class ServerPage(DatabasePage):
    """The center's PostgreSQL address, tested before it is used and saved."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("指挥中心服务器"))
        self.setSubTitle(self.tr("填写管理员提供的服务器地址，测试通过后才能继续。"))
        self.url_edit = QLineEdit(placeholderText="postgresql://gridcc:密码@192.168.1.10:5432/gridcc")
        self.url_edit.textChanged.connect(lambda _text: self.result.clear())
        self.test_button = QPushButton(qta.icon("mdi6.lan-connect", color="#1f5fae"), self.tr("测试连接"))
        self.test_button.clicked.connect(self._on_test_clicked)
        row = QHBoxLayout()
        row.addWidget(self.url_edit, 1)
        row.addWidget(self.test_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(_hint(self.tr("服务器上的数据库须由管理员先运行 gridcc --db 地址 db upgrade 初始化。")))
        layout.addWidget(self.result)
        layout.addStretch(1)

    def target(self) -> str:
        return self.url_edit.text().strip()

    def _on_test_clicked(self) -> None:
        typed = self.target()
        self.test_button.setEnabled(False)
        show_status(self.result, self.tr("正在测试连接……"), BUSY_COLOR)
        run_in_background(self, lambda: check_database_url(typed), self._on_tested, self._on_failed)

    def _on_tested(self, check) -> None:
        self.test_button.setEnabled(True)
        color = OK_COLOR if check.ready else (BUSY_COLOR if check.ok else ERROR_COLOR)
        show_status(self.result, ("✔ " if check.ready else "✖ ") + check.message, color)

    def open_database(self, target: str) -> Database:
        check = check_database_url(target)
        if not check.ready:
            raise DatabaseError(check.message)
        database = Database(target)
        try:
            prepare(database, create_missing=False)
        except BaseException:
            database.dispose()
            raise
        return database

"""类别与别名: the category labels imports could not map, and the aliases an administrator keeps.

The first tab lists the labels imports kept unmapped (with how many persons carry each); mapping
one to a category (PeopleService.map_label) makes it an alias and gives every carrier the
category in one transaction. The second tab lists, adds and deletes the aliases of each kind
(app.config.alias_admin). Every read and write runs off the UI thread; a refused edit says why
in one line.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config.alias_admin import AliasService
from app.people.service import PeopleService
from ui.widgets.row_table import STRETCH, row_table
from ui.widgets import NoticeBar
from ui.workers import run_in_background

KINDS = (
    ("population_category", QT_TRANSLATE_NOOP("LabelsDialog", "人员类别")),
    ("residence_type", QT_TRANSLATE_NOOP("LabelsDialog", "人口类型")),
    ("case_category", QT_TRANSLATE_NOOP("LabelsDialog", "案件类别")),
    ("department", QT_TRANSLATE_NOOP("LabelsDialog", "部门")),
    ("source", QT_TRANSLATE_NOOP("LabelsDialog", "来源")),
)


def _table(headers: list[str]) -> QTableWidget:
    return row_table(headers, columns=STRETCH)


class LabelsDialog(QDialog):
    """Map unmapped category labels, and edit the aliases; `changed` after any write."""

    changed = Signal()

    def __init__(self, people: PeopleService, aliases: AliasService, parent: QWidget | None = None):
        super().__init__(parent)
        self.people, self.aliases = people, aliases
        self.setWindowTitle(self.tr("类别与别名"))
        self.resize(720, 520)
        self.notice = NoticeBar()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._unmapped_tab(), self.tr("未识别的类别"))
        self.tabs.addTab(self._aliases_tab(), self.tr("别名"))
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        column = QVBoxLayout(self)
        column.addWidget(self.notice)
        column.addWidget(self.tabs, 1)
        column.addLayout(buttons)
        self.loaded = False

    # layout ----------------------------------------------------------------
    def _unmapped_tab(self) -> QWidget:
        tab = QWidget()
        self.unmapped = _table([self.tr("表格中的写法"), self.tr("人数")])
        self.map_target = QComboBox()
        self.map_button = QPushButton(self.tr("映射到此类别"))
        self.map_button.setProperty("primary", "true")
        self.map_button.clicked.connect(self.map_selected)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("人员类别")))
        row.addWidget(self.map_target, 1)
        row.addWidget(self.map_button)
        column = QVBoxLayout(tab)
        column.addWidget(QLabel(self.tr("导入时无法识别的人员类别（人员已导入，写法原样保留）。映射一次，"
                                        "所有带此写法的人员都会补上该类别，以后的导入也会识别它。"), wordWrap=True))
        column.addWidget(self.unmapped, 1)
        column.addLayout(row)
        return tab

    def _aliases_tab(self) -> QWidget:
        tab = QWidget()
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(QCoreApplication.translate("LabelsDialog", label), key)
        self.kind.currentIndexChanged.connect(lambda _index: self.reload())
        self.alias_table = _table([self.tr("别名"), self.tr("指向")])
        self.new_alias = QLineEdit(placeholderText=self.tr("表格中的写法，如 低保户"))
        self.alias_target = QComboBox()
        self.add_button = QPushButton(self.tr("添加"))
        self.delete_button = QPushButton(self.tr("删除所选"))
        self.add_button.clicked.connect(self.add_alias)
        self.delete_button.clicked.connect(self.delete_selected)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("种类")))
        top.addWidget(self.kind, 1)
        top.addWidget(self.delete_button)
        add = QHBoxLayout()
        add.addWidget(self.new_alias, 1)
        add.addWidget(QLabel("→"))
        add.addWidget(self.alias_target, 1)
        add.addWidget(self.add_button)
        column = QVBoxLayout(tab)
        column.addLayout(top)
        column.addWidget(self.alias_table, 1)
        column.addLayout(add)
        return tab

    # reading ---------------------------------------------------------------
    def reload(self) -> None:
        """Read the unmapped labels, the aliases of the chosen kind and the targets off the UI thread."""
        people, aliases, kind = self.people, self.aliases, self.kind.currentData()

        def work():
            return (people.unmapped_labels(), aliases.targets("population_category"), aliases.aliases(kind),
                    aliases.targets(kind))

        run_in_background(self, work, self._on_loaded, self._on_failed)

    def _on_loaded(self, data) -> None:
        unmapped, categories, alias_rows, targets = data
        self.unmapped.setRowCount(len(unmapped))
        for number, item in enumerate(unmapped):
            self.unmapped.setItem(number, 0, QTableWidgetItem(item.label))
            self.unmapped.setItem(number, 1, QTableWidgetItem(str(item.persons)))
        _fill(self.map_target, categories)
        self.map_button.setEnabled(bool(unmapped))
        self.alias_rows = alias_rows
        self.alias_table.setRowCount(len(alias_rows))
        for number, record in enumerate(alias_rows):
            self.alias_table.setItem(number, 0, QTableWidgetItem(record.alias))
            self.alias_table.setItem(number, 1, QTableWidgetItem(record.target_name))
        _fill(self.alias_target, targets)
        self.loaded = True

    # writing ---------------------------------------------------------------
    def map_selected(self) -> None:
        """Map the selected label to the chosen category, for every person who carries it."""
        row = self.unmapped.currentRow()
        if row < 0:
            self.notice.show_notice(self.tr("请先选择一个写法"), "error")
            return
        label, code = self.unmapped.item(row, 0).text(), self.map_target.currentData()
        people = self.people
        self._write(lambda: people.map_label(label, code),
                    lambda count: self.tr("已把“{label}”映射到“{name}”：{n} 人补上了此类别").format(
                        label=label, name=self.map_target.currentText(), n=count))

    def add_alias(self) -> None:
        """Add the typed word as an alias of the chosen target."""
        kind, word, target = self.kind.currentData(), self.new_alias.text(), self.alias_target.currentData()
        aliases = self.aliases
        self._write(lambda: aliases.add_alias(kind, word, target),
                    lambda record: self.tr("已添加别名“{alias}” → {name}").format(
                        alias=record.alias, name=record.target_name))

    def delete_selected(self) -> None:
        """Delete the selected alias."""
        row = self.alias_table.currentRow()
        if row < 0:
            self.notice.show_notice(self.tr("请先选择一个别名"), "error")
            return
        record, aliases = self.alias_rows[row], self.aliases
        self._write(lambda: aliases.delete_alias(record.id),
                    lambda _none: self.tr("已删除别名“{alias}”").format(alias=record.alias))

    def _write(self, work, message) -> None:
        def done(result) -> None:
            self.notice.show_notice(message(result), "success")
            self.new_alias.clear()
            self.changed.emit()
            self.reload()

        run_in_background(self, work, done, self._on_failed)

    def _on_failed(self, exc: Exception) -> None:
        self.notice.show_notice(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, "error")


def _fill(combo: QComboBox, choices: dict[str, str]) -> None:
    """Replace a combo's items with {code: name}, keeping the chosen code when it is still there."""
    chosen = combo.currentData()
    combo.clear()
    for code, name in choices.items():
        combo.addItem(name if name == code else f"{name}（{code}）", code)
    index = combo.findData(chosen, Qt.ItemDataRole.UserRole)
    if index >= 0:
        combo.setCurrentIndex(index)


__all__ = ["LabelsDialog"]

"""The district's name and code, and its boundaries from GeoJSON: two forms shown both by the
first-run wizard and by the settings' 辖区 tab.

Each takes a callable that returns the database (the wizard has one only once its first pages
are done) and does its work in the background: app.geo.district stores the name and code,
app.geo.grid_import imports a boundary file with all its checks (rejects, repairs, overlaps).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from app.accounts.principal import SYSTEM, Principal
from app.geo.district import District, get_district, set_district
from app.geo.grid_import import GridImportResult, import_grids
from db.engine import Database
from ui.workers import run_in_background

OK_COLOR, ERROR_COLOR, BUSY_COLOR = "#1e8e3e", "#d93025", "#5f6b7a"
#: Issues listed under an import's summary; the rest are counted.
SHOWN_ISSUES = 5


def status_label() -> QLabel:
    """A status line with room for a wrapped message (a page's layout is fixed once shown)."""
    label = QLabel(wordWrap=True)
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * 3)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def show_status(label: QLabel, text: str, color: str) -> None:
    """One status line in the colour of its outcome."""
    label.setText(text)
    label.setStyleSheet(f"color: {color}; font-weight: bold;")


class DistrictForm(QWidget):
    """Name and code of the district; `saved(District)` once stored."""

    saved = Signal(object)

    def __init__(self, database: Callable[[], Database | None], actor: str, parent: QWidget | None = None, *,
                 principal: Principal = SYSTEM):
        super().__init__(parent)
        self.database, self.actor = database, actor
        self.principal = principal  # the account saving (SYSTEM in the first-run wizard)
        self.stored: District | None = None
        self.name_edit = QLineEdit(placeholderText=self.tr("如：朝阳区"))
        self.code_edit = QLineEdit(placeholderText=self.tr("行政区划代码，如 110105"))
        self.code_edit.setMaxLength(32)
        self.name_edit.setMaxLength(100)
        self.status = status_label()
        form = QFormLayout()
        form.addRow(self.tr("辖区名称"), self.name_edit)
        form.addRow(self.tr("辖区代码"), self.code_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.status)

    def typed(self) -> District:
        return District(name=self.name_edit.text().strip(), code=self.code_edit.text().strip())

    def is_stored(self) -> bool:
        """Whether what is typed is what the database holds."""
        return self.stored is not None and self.stored == self.typed()

    def load(self) -> None:
        """Show the stored name and code, if any."""
        database = self.database()
        if database is not None:
            run_in_background(self, lambda: get_district(database), self._on_loaded, self._on_error)

    def _on_loaded(self, district: District | None) -> None:
        self.stored = district
        if district is not None:
            self.name_edit.setText(district.name)
            self.code_edit.setText(district.code)

    def save(self) -> None:
        """Store what is typed in the background; `saved` or a one-line error follows."""
        database, typed, actor, principal = self.database(), self.typed(), self.actor, self.principal
        show_status(self.status, self.tr("正在保存……"), BUSY_COLOR)
        run_in_background(self, lambda: set_district(database, typed.name, typed.code, actor=actor,
                                                     principal=principal),
                          self._on_saved, self._on_error)

    def _on_saved(self, district: District) -> None:
        self.stored = district
        show_status(self.status, self.tr("✔ 已保存：{name}（{code}）").format(name=district.name, code=district.code),
                    OK_COLOR)
        self.saved.emit(district)

    def _on_error(self, exc: Exception) -> None:
        show_status(self.status, "✖ " + str(exc), ERROR_COLOR)


class BoundaryImport(QWidget):
    """Choose a level and a GeoJSON file; the import's summary shows below. `imported(result)`."""

    imported = Signal(object)

    def __init__(self, database: Callable[[], Database | None], actor: str, parent: QWidget | None = None, *,
                 principal: Principal = SYSTEM):
        super().__init__(parent)
        self.database, self.actor = database, actor
        self.principal = principal  # the account saving (SYSTEM in the first-run wizard)
        self.level = QComboBox()
        self.level.addItem(self.tr("街道"), "street")
        self.level.addItem(self.tr("社区"), "community")
        self.level.addItem(self.tr("网格"), "grid")
        self.level.setCurrentIndex(2)
        self.crs = QComboBox()
        self.crs.addItem(self.tr("WGS-84 / CGCS2000（GPS 坐标）"), "wgs84")
        self.crs.addItem(self.tr("GCJ-02（高德、腾讯等在线地图坐标）"), "gcj02")
        self.import_button = QPushButton(qta.icon("mdi6.vector-polygon", color="#1f5fae"),
                                         self.tr("选择 GeoJSON 文件并导入…"))
        self.import_button.clicked.connect(self._on_import_clicked)
        self.status = status_label()
        form = QFormLayout()
        form.addRow(self.tr("要素层级"), self.level)
        form.addRow(self.tr("坐标系"), self.crs)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.status)

    def _on_import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择边界文件"), "",
                                              self.tr("GeoJSON (*.geojson *.json);;所有文件 (*)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Import `path` at the chosen level in the background."""
        database, level, crs, actor = self.database(), self.level.currentData(), self.crs.currentData(), self.actor
        principal = self.principal
        self.import_button.setEnabled(False)
        show_status(self.status, self.tr("正在导入 {name}……").format(name=path.name), BUSY_COLOR)
        run_in_background(self, lambda: import_grids(database, path, level, crs=crs, actor=actor, principal=principal),
                          self._on_imported, self._on_error, long=True)

    def _on_imported(self, result: GridImportResult) -> None:
        self.import_button.setEnabled(True)
        lines = [self.tr("共 {total} 个要素：新建 {created}，更新 {updated}，未变 {unchanged}，拒绝 {rejected}").format(
            total=result.total, created=result.created, updated=result.updated, unchanged=result.unchanged,
            rejected=len(result.rejects))]
        lines += [issue.describe() for issue in result.rejects[:SHOWN_ISSUES]]
        if result.overlaps:
            lines.append(self.tr("相互重叠 {count} 对（已导入，请核对边界）").format(count=len(result.overlaps)))
        show_status(self.status, ("✔ " if not result.rejects else "⚠ ") + "\n".join(lines),
                    OK_COLOR if not result.rejects else BUSY_COLOR)
        self.imported.emit(result)

    def _on_error(self, exc: Exception) -> None:
        self.import_button.setEnabled(True)
        show_status(self.status, "✖ " + str(exc), ERROR_COLOR)

"""A row of attachment tiles: picture thumbnails (or a file icon) with the file name beneath.

The strip only shows; the page decides what opening, adding and removing mean (files in memory
on the intake form, stored attachments on the detail page).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFileDialog, QFrame, QHBoxLayout, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget,
)

from app.cases.attachments import (
    AttachmentError, NewAttachment, check_attachment, guess_mime, is_image_name,
)
from ui.widgets.image_viewer import ImageViewer
from ui.widgets.thumbnails import make_thumbnail, pixmap_from_bytes
from ui.workers import run_in_background

TILE = 132
ICON = 112
FILE_FILTER = QT_TRANSLATE_NOOP("AttachmentsStrip", "照片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp);;所有文件 (*)")
"""The file dialog's filter (a source text of context 'AttachmentsStrip')."""


@dataclass(frozen=True, kw_only=True)
class Tile:
    """One attachment as the strip shows it; `key` comes back in the strip's signals."""

    key: str
    file_name: str
    thumbnail: bytes | None
    size: int


def human_size(size: int) -> str:
    """'512 B', '34 KB', '2.1 MB'."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def file_icon(file_name: str) -> QIcon:
    """An icon for a file that is not a picture, by its kind."""
    name = file_name.lower()
    kinds = (((".pdf",), "mdi6.file-pdf-box"), ((".doc", ".docx", ".wps"), "mdi6.file-word-box"),
             ((".xls", ".xlsx", ".csv"), "mdi6.file-excel-box"), ((".mp3", ".wav", ".amr", ".m4a"), "mdi6.file-music"),
             ((".mp4", ".avi", ".mov"), "mdi6.file-video"))
    icon = next((i for suffixes, i in kinds if name.endswith(suffixes)), "mdi6.file-outline")
    return qta.icon(icon, color="#5b7190")


class AttachmentTile(QFrame):
    """A thumbnail button with the name; an editable tile has a small remove button."""

    def __init__(self, tile: Tile, editable: bool, strip: AttachmentsStrip):
        super().__init__()
        self.tile = tile
        self.setObjectName("attachmentTile")
        self.setFixedWidth(TILE)
        self.button = QToolButton()
        self.button.setObjectName("thumb")
        self.button.setFixedSize(TILE, TILE - 8)
        self.button.setIconSize(QSize(ICON, ICON - 8))
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        pixmap = pixmap_from_bytes(tile.thumbnail)
        self.button.setIcon(QIcon(pixmap) if pixmap is not None else file_icon(tile.file_name))
        self.button.setToolTip(f"{tile.file_name}（{human_size(tile.size)}）")
        self.button.clicked.connect(lambda: strip.open_requested.emit(tile.key))
        name = QLabel(alignment=Qt.AlignmentFlag.AlignHCenter)
        name.setObjectName("tileName")
        name.setText(name.fontMetrics().elidedText(tile.file_name, Qt.TextElideMode.ElideMiddle, TILE - 4))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.button)
        layout.addWidget(name)
        self.remove = None
        if editable:
            self.remove = QToolButton(self.button)
            self.remove.setObjectName("removeTile")
            self.remove.setIcon(qta.icon("mdi6.close", color="white"))
            self.remove.setToolTip(self.tr("移除此附件"))
            self.remove.setFixedSize(22, 22)
            self.remove.move(TILE - 26, 4)
            self.remove.clicked.connect(lambda: strip.remove_requested.emit(tile.key))


class AttachmentsStrip(QWidget):
    """Tiles side by side (scrolling when many); editable strips end with an 'add' tile."""

    open_requested = Signal(str)
    remove_requested = Signal(str)
    add_requested = Signal()

    def __init__(self, *, editable: bool, empty_text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.editable = editable
        self.tiles: list[AttachmentTile] = []
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(10)
        holder = QWidget(objectName="stripHolder")
        holder.setLayout(self._row)
        self._area = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self._area.setWidget(holder)
        self._area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._area.setFixedHeight(TILE + 30)
        self._empty = QLabel(empty_text, objectName="stripEmpty")
        self._add = None
        if editable:
            self._add = QToolButton(objectName="addTile")
            self._add.setText(self.tr("添加照片/文件"))
            self._add.setIcon(qta.icon("mdi6.camera-plus-outline", color="#1f5fae"))
            self._add.setIconSize(QSize(36, 36))
            self._add.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            self._add.setFixedSize(TILE, TILE - 8)
            self._add.setCursor(Qt.CursorShape.PointingHandCursor)
            self._add.clicked.connect(self.add_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._area)
        layout.addWidget(self._empty)
        self.setStyleSheet(
            "QWidget#stripHolder, QScrollArea { background: transparent; }"
            "QToolButton#thumb { border: 1px solid #dde3ea; border-radius: 6px; background: #f7f9fc; }"
            "QToolButton#thumb:hover { border-color: #1f5fae; }"
            "QToolButton#addTile { border: 1px dashed #8fb0d9; border-radius: 6px; background: #f5f9ff;"
            " color: #1f5fae; }"
            "QToolButton#addTile:hover { background: #e8f1fc; }"
            "QToolButton#removeTile { background: rgba(20, 30, 45, 170); border: none; border-radius: 11px; }"
            "QLabel#tileName { color: #33475b; font-size: 12px; }"
            "QLabel#stripEmpty { color: #7b8794; }"
        )
        self.set_tiles([])

    def set_tiles(self, tiles: Sequence[Tile]) -> None:
        """Show exactly these tiles, in order."""
        for old in self.tiles:
            self._row.removeWidget(old)
            old.deleteLater()
        self.tiles = []
        while self._row.count():
            self._row.takeAt(0)
        for tile in tiles:
            widget = AttachmentTile(tile, self.editable, self)
            self.tiles.append(widget)
            self._row.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
        if self._add is not None:
            self._row.addWidget(self._add, 0, Qt.AlignmentFlag.AlignTop)
        self._row.addStretch(1)
        has_row = bool(tiles) or self._add is not None
        self._area.setVisible(has_row)
        self._empty.setVisible(not tiles and self._add is None and bool(self._empty.text()))

    def keys(self) -> list[str]:
        """The keys of the tiles shown, in order."""
        return [t.tile.key for t in self.tiles]


def read_attachment_file(path: str) -> NewAttachment:
    """A file from disk, with a thumbnail when it is a picture (safe in a worker thread: QImage)."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise AttachmentError(QCoreApplication.translate("AttachmentsStrip", "无法读取文件“{name}”：{reason}").format(
            name=file.name, reason=exc.strerror or exc)) from None
    new = NewAttachment(file_name=file.name, data=data, mime=guess_mime(file.name),
                        thumbnail=make_thumbnail(data) if is_image_name(file.name) else None)
    check_attachment(new)
    return new


@dataclass(frozen=True, kw_only=True)
class PendingFile:
    """A file chosen on a form, not stored yet; `path` lets a draft bring it back."""

    key: str
    path: str | None
    file: NewAttachment


class PendingAttachments(QObject):
    """The files of a form that is not saved yet, shown in an editable strip.

    Files are read (and thumbnailed) in the background; `changed` fires when the user adds or
    removes one, `problem` carries a message about files that could not be read.
    """

    changed = Signal()
    problem = Signal(str)

    def __init__(self, strip: AttachmentsStrip, parent: QWidget):
        super().__init__(parent)
        self.strip = strip
        self.files: list[PendingFile] = []
        self._keys = itertools.count(1)
        strip.add_requested.connect(self.choose)
        strip.remove_requested.connect(self.remove)
        strip.open_requested.connect(self.open)

    def choose(self) -> None:
        """Ask for files with the system's file dialog."""
        paths, _ = QFileDialog.getOpenFileNames(self.parent(), self.tr("添加照片或文件"), "",
                                                QCoreApplication.translate("AttachmentsStrip", FILE_FILTER))
        if paths:
            self.add_paths(paths)

    def add_paths(self, paths: list[str], *, restoring: bool = False) -> None:
        """Read files from disk in the background and add those that could be read."""
        def work():
            read, problems = [], []
            for path in paths:
                try:
                    read.append((path, read_attachment_file(path)))
                except AttachmentError as exc:
                    problems.append(str(exc))
            return read, problems

        run_in_background(self, work, lambda result: self._on_read(*result, restoring=restoring))

    def _on_read(self, read, problems: list[str], *, restoring: bool) -> None:
        for path, new in read:
            self.add(new, path)
        if problems:
            lead = self.tr("部分附件未能恢复：") if restoring else self.tr("部分文件未能添加：")
            self.problem.emit(lead + "；".join(problems))
        if read and not restoring:
            self.changed.emit()

    def add(self, new: NewAttachment, path: str | None = None) -> None:
        """Add a file already in memory."""
        self.files.append(PendingFile(key=f"f{next(self._keys)}", path=path, file=new))
        self._show()

    def remove(self, key: str) -> None:
        """Take a file off the form."""
        self.files = [f for f in self.files if f.key != key]
        self._show()
        self.changed.emit()

    def clear(self) -> None:
        """No files (after saving or discarding the form)."""
        self.files = []
        self._show()

    def paths(self) -> list[str]:
        """The paths of the files that came from disk (what a draft remembers)."""
        return [f.path for f in self.files if f.path]

    def attachments(self) -> list[NewAttachment]:
        """The files, ready for app.cases.attachments.add_attachments."""
        return [f.file for f in self.files]

    def open(self, key: str) -> None:
        """Show a picture large."""
        found = next((f for f in self.files if f.key == key), None)
        pixmap = pixmap_from_bytes(found.file.data) if found else None
        if pixmap is not None:
            self.viewer = ImageViewer(pixmap, found.file.file_name, self.parent())
            self.viewer.open()

    def _show(self) -> None:
        self.strip.set_tiles([Tile(key=f.key, file_name=f.file.file_name, thumbnail=f.file.thumbnail,
                                   size=len(f.file.data)) for f in self.files])

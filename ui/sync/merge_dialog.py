"""合并…: the person's own value for each disputed field, starting from the desk's value.

A masked value (an ID number, a phone) is never offered as a starting point: saving the mask
would overwrite the number; the field starts empty and the service refuses a typed mask.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from app.sync.conflict_view import ConflictView


class MergeDialog(QDialog):
    """One line per field; `values()` gives {column: text} once accepted."""

    def __init__(self, conflict: ConflictView, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("合并冲突：{record}").format(record=conflict.record))
        self.setMinimumWidth(560)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for field in conflict.fields:
            edit = QLineEdit("" if "*" in field.local else field.local)
            edit.setPlaceholderText(self.tr("服务器：{server}").format(server=field.server))
            self.edits[field.column] = edit
            form.addRow(field.label, edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存合并结果"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("为每个字段填写最终的值（留空表示清空该字段）。保存后作为一次新的修改写入记录。"), wordWrap=True)
        hint.setStyleSheet("color: #5f6b7a;")
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict[str, str]:
        return {column: edit.text() for column, edit in self.edits.items()}

"""Inline form errors: a red line under a field and a red border on the field itself."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

#: add to a form's style sheet so that marked fields get a red border
INVALID_STYLE = """
*[invalid="true"] { border: 1px solid #d93025; background: #fff7f6; }
QLabel#fieldError { color: #c5221f; font-size: 12px; }
"""


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Give `widget` (or take away) the red border of INVALID_STYLE."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FieldError(QLabel):
    """The message under one field; hidden while the field is fine."""

    def __init__(self, field: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.field = field
        self.setVisible(False)

    def show_error(self, message: str) -> None:
        """Show `message` and mark the field."""
        self.setText(message)
        self.setVisible(True)
        mark_invalid(self.field, True)

    def clear_error(self) -> None:
        """Hide the message and unmark the field."""
        self.setText("")
        self.setVisible(False)
        mark_invalid(self.field, False)

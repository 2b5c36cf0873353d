"""Pieces the account dialogs share: a password field, the one-line error, busy buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

ERROR_STYLE = "color: #d93025; font-weight: bold;"
FIELD_WIDTH = 260


def password_field(parent: QWidget | None = None, placeholder: str = "") -> QLineEdit:
    """A masked line for a password (never pre-filled, never stored)."""
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(FIELD_WIDTH)
    field.setPlaceholderText(placeholder)
    return field


def text_field(parent: QWidget | None = None, placeholder: str = "", max_length: int = 40) -> QLineEdit:
    field = QLineEdit(parent)
    field.setMinimumWidth(FIELD_WIDTH)
    field.setMaxLength(max_length)
    field.setPlaceholderText(placeholder)
    return field


def error_label(parent: QWidget | None = None) -> QLabel:
    """The dialog's one line of refusal (wrong password, locked, too short…), empty when all is well."""
    label = QLabel(parent, objectName="accountError")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def one_line(exc: Exception) -> str:
    """The first line of an error's message: what a person reads in the dialog."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def show_error(label: QLabel, text: str) -> None:
    label.setStyleSheet(ERROR_STYLE)
    label.setText(text)


def show_busy(label: QLabel, text: str) -> None:
    """What is being done meanwhile (grey: not a refusal)."""
    label.setStyleSheet("color: #5f6b7a;")
    label.setText(text)


def show_refusal(label: QLabel, password: QLineEdit, exc: Exception) -> None:
    """A refused password (wrong, locked …): say why in one line, clear it, and ask again."""
    password.clear()
    password.setFocus()
    show_error(label, one_line(exc))

"""The look the settings tabs share: a titled card around a group of fields, and a grey hint line."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


def settings_card(title: str, *items, spacing: int | None = None) -> QFrame:
    """A card (styled by the theme's `#card`) with a bold title, then `items` (widgets or layouts).

    `spacing` sets the gap between the rows where a tab wants it tighter or looser than the style's.
    """
    card = QFrame(objectName="card")
    column = QVBoxLayout(card)
    column.setContentsMargins(16, 12, 16, 14)
    if spacing is not None:
        column.setSpacing(spacing)
    heading = QLabel(title)
    heading.setStyleSheet("font-weight: bold; font-size: 14px; color: #1a2b3c;")
    column.addWidget(heading)
    for item in items:
        if isinstance(item, QWidget):
            column.addWidget(item)
        else:
            column.addLayout(item)
    return card


def hint_label(text: str) -> QLabel:
    """A wrapped grey line explaining the fields above or below it."""
    label = QLabel(text, wordWrap=True)
    label.setStyleSheet("color: #5f6b7a;")
    return label

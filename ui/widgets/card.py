"""The white card every page groups its content in: an icon and a bold title over a body; or,
untitled, edge to edge around one widget (the filter bars)."""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

CARD_STYLE = "QLabel#cardTitle { font-size: 15px; font-weight: bold; color: #1a2b3c; }"


def make_card(title: str, icon: str) -> tuple[QFrame, QVBoxLayout, QHBoxLayout]:
    """A card (theme object name 'card'); returns it, its body layout and its heading row.

    Widgets added to the heading row after the title sit at its right end.
    """
    frame = QFrame(objectName="card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 16)
    layout.setSpacing(10)
    heading = QHBoxLayout()
    layout.addLayout(heading)
    symbol = QLabel()
    symbol.setPixmap(qta.icon(icon, color="#1f5fae").pixmap(18, 18))
    heading.addWidget(symbol)
    heading.addWidget(QLabel(title, objectName="cardTitle"))
    heading.addStretch(1)
    return frame, layout, heading


def plain_card(widget: QWidget) -> QFrame:
    """A card with no title and no margin around `widget` (which brings its own padding)."""
    frame = QFrame(objectName="card")
    layout = QVBoxLayout(frame)
    layout.addWidget(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    return frame

"""The look the dispatcher view's lists share: every row drawn as a small white card.

The light columns (cases) and the side list of supervision cards are both lists of painted cards
that must look alike: the same rounded frame outlined blue when selected, the same list view
around them, the same elided texts. Each delegate draws only what is inside its card.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QStyle, QStyledItemDelegate


class CardRowDelegate(QStyledItemDelegate):
    """Draws a row as a card `row_height` high and leaves its inside to `paint_card`."""

    row_height = 0

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt's name
        return QSize(1, self.row_height)

    def paint(self, painter: QPainter, option, index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = option.rect.adjusted(6, 3, -6, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QPen(QColor("#1f5fae") if selected else QColor("#dde3ea"), 1.5 if selected else 1))
        painter.setBrush(QColor("#e6f0fc") if selected else QColor("white"))
        painter.drawRoundedRect(box, 5, 5)
        self.paint_card(painter, option, index, box)
        painter.restore()

    def paint_card(self, painter: QPainter, option, index, box: QRect) -> None:
        """Draw the row's content inside its card `box` (the painter is restored afterwards)."""
        raise NotImplementedError


def card_list_view(model: QAbstractItemModel, delegate_type: type[CardRowDelegate]) -> QListView:
    """A frameless list of `model`'s rows drawn by `delegate_type`, scrolling by the pixel, never sideways."""
    view = QListView()
    view.setModel(model)
    view.setItemDelegate(delegate_type(view))
    view.setUniformItemSizes(True)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setFrameShape(QFrame.Shape.NoFrame)
    return view


def sized_font(base: QFont, size: float, bold: bool) -> QFont:
    """`base` at `size` points, bold or not."""
    font = QFont(base)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def draw_elided(painter: QPainter, font: QFont, color: QColor | str, rect: QRect, text: str | None,
                align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> int:
    """Draw `text` in `rect`, vertically centred and cut with '…' when too long.

    Returns the x where the text ends when left-aligned (where the next thing on the line may go).
    """
    metrics = QFontMetrics(font)
    shown = metrics.elidedText(text or "", Qt.TextElideMode.ElideRight, rect.width())
    painter.setFont(font)
    painter.setPen(QColor(color))
    painter.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, shown)
    return rect.left() + metrics.horizontalAdvance(shown)

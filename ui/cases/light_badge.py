"""Painting the queue's light badge (a 红/黄/绿 pill) and its countdown (coloured by the light).

Both read what the model computed at the last tick (LIGHT_ROLE, REMAINING_ROLE …), so repainting
a thousand rows a second costs no database work and no calendar arithmetic.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.cases.queue_model import LIGHT_ROLE, PARKED_ROLE, RUNNING_ROLE
from ui.theme import LIGHT_COLORS

BADGE_WIDTH, BADGE_HEIGHT = 40, 20
#: countdown text colours, darker than the badge colours so they read on white
COUNTDOWN_COLORS = {"red": QColor("#c5221f"), "yellow": QColor("#a86400"), "green": QColor("#1e6e34")}
STOPPED_COLOR = QColor("#7b8794")


def _value(index: QModelIndex, role: int):
    """The model's own data(), called from Python.

    PySide6 6.12 turns an empty QVariant from `QModelIndex.data()` into None without taking a
    reference to None; painting thousands of closed cases that way crashes Python 3.11.
    """
    return index.model().data(index, role)


def badge_rect(cell: QRect, text_width: int = 0) -> QRectF:
    """Where the pill sits in a cell: centred, 40 px wide or wider for a longer (translated) name."""
    center = QRectF(cell).center()
    width = min(max(BADGE_WIDTH, text_width + 12), cell.width() - 4)
    return QRectF(center.x() - width / 2, center.y() - BADGE_HEIGHT / 2, width, BADGE_HEIGHT)


class _CellDelegate(QStyledItemDelegate):
    def draw_background(self, option: QStyleOptionViewItem, painter: QPainter) -> None:
        """The cell's selection or alternate-row background, in the view's palette (set by the theme).

        Drawn by hand: `initStyleOption` called from Python loses a reference to None in PySide6 6.12.
        """
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        elif option.features & QStyleOptionViewItem.ViewItemFeature.Alternate:
            painter.fillRect(option.rect, option.palette.alternateBase())


class LightBadgeDelegate(_CellDelegate):
    """A filled pill in the light's colour with 红/黄/绿; hollow while the case is parked."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.draw_background(option, painter)
        light = _value(index, LIGHT_ROLE)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(option.font)
        font.setBold(True)
        text = _value(index, Qt.ItemDataRole.DisplayRole) or ""
        rect = badge_rect(option.rect, QFontMetrics(font).horizontalAdvance(text))
        if light is None:
            painter.setPen(QPen(STOPPED_COLOR))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "—")
            painter.restore()
            return
        color = LIGHT_COLORS[light]
        parked = bool(_value(index, PARKED_ROLE))
        if parked:
            painter.setPen(QPen(color, 1.6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
        painter.drawRoundedRect(rect, BADGE_HEIGHT / 2, BADGE_HEIGHT / 2)
        painter.setFont(font)
        painter.setPen(color if parked else QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        return QSize(BADGE_WIDTH + 16, BADGE_HEIGHT + 10)


class CountdownDelegate(_CellDelegate):
    """The time left, red and bold once red, amber while yellow, green, grey while stopped."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.draw_background(option, painter)
        text = _value(index, Qt.ItemDataRole.DisplayRole)
        if not text:
            return
        light = _value(index, LIGHT_ROLE)
        running = bool(_value(index, RUNNING_ROLE))
        painter.save()
        font = QFont(option.font)
        font.setBold(light == "red" and running)
        painter.setFont(font)
        painter.setPen(COUNTDOWN_COLORS.get(light, STOPPED_COLOR) if running else STOPPED_COLOR)
        area = option.rect.adjusted(8, 0, -6, 0)
        elided = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(area, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)
        painter.restore()

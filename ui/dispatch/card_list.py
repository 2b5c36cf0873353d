"""The side list of supervision cards (督办单) awaiting a reply, with a box to reply to one."""

from __future__ import annotations

from datetime import tzinfo

import qtawesome as qta
from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.cases.cards import CardItem
from ui.dispatch.card_rows import CardRowDelegate, card_list_view, draw_elided, sized_font
from ui.paper.buttons import print_button

ROW_HEIGHT = 84
CARD_COLORS = {"red": "#d93025", "yellow": "#f2a600", "leader": "#6a3fb5"}


class CardListModel(QAbstractListModel):
    """The cards awaiting a reply, in the order the service gives them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.cards: list[CardItem] = []
        self.tz: tzinfo | None = None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.cards)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        card = self.cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{card.label} {card.case_no}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{card.reason}\n{card.issuer}"
        return None

    def set_cards(self, cards: list[CardItem], tz: tzinfo) -> None:
        self.beginResetModel()
        self.cards, self.tz = list(cards), tz
        self.endResetModel()

    def row_of(self, card_id: str) -> int:
        return next((i for i, c in enumerate(self.cards) if c.id == card_id), -1)


class CardDelegate(CardRowDelegate):
    """Draws a card: colour tag, case number, issued time, reason, department."""

    row_height = ROW_HEIGHT

    def paint_card(self, painter: QPainter, option, index, box: QRect) -> None:
        model: CardListModel = index.model()
        card = model.cards[index.row()]
        color = QColor(CARD_COLORS.get(card.color, "#5b6b7b"))
        inner = box.adjusted(10, 7, -10, -6)
        tag = sized_font(option.font, 8.5, True)
        tag_width = QFontMetrics(tag).horizontalAdvance(card.label) + 14
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(QRect(inner.left(), inner.top(), tag_width, 20), 3, 3)
        painter.setFont(tag)
        painter.setPen(QColor("white"))
        painter.drawText(QRect(inner.left(), inner.top(), tag_width, 20), Qt.AlignmentFlag.AlignCenter, card.label)
        issued = card.issued_at.astimezone(model.tz).strftime("%m-%d %H:%M") if model.tz else ""
        draw_elided(painter, sized_font(option.font, 9, False), "#6b7b8c",
                    QRect(inner.left(), inner.top(), inner.width(), 20), issued, Qt.AlignmentFlag.AlignRight)
        draw_elided(painter, sized_font(option.font, 10, True), "#33475b",
                    QRect(inner.left() + tag_width + 8, inner.top(), inner.width() - tag_width - 90, 20), card.case_no)
        draw_elided(painter, sized_font(option.font, 10, False), "#1a2b3c",
                    QRect(inner.left(), inner.top() + 24, inner.width(), 20), card.reason)
        who = card.department or QCoreApplication.translate("CardDelegate", "未指定部门")
        draw_elided(painter, sized_font(option.font, 9, False), "#6b7b8c",
                    QRect(inner.left(), inner.top() + 46, inner.width(), 18), f"{who} · {card.case_title}")


class CardList(QFrame):
    """Cards awaiting a reply; select one, write the reply, press 回复.

    Emits `reply_requested(card, note)`; the page saves it. Double-clicking a card opens its case.
    """

    reply_requested = Signal(object, str)
    print_requested = Signal(object)
    case_activated = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        self._busy = False
        self.model = CardListModel(self)
        self.view = card_list_view(self.model, CardDelegate)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.count = QLabel("0")
        self.empty = QLabel(self.tr("没有待回复的督办单"), alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #9aa5b1; font-size: 14px; padding: 30px;")
        self.target = QLabel(self.tr("选择一张督办单后填写回复"))
        self.target.setStyleSheet("color: #6b7b8c;")
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("回复内容，如：已安排人员到场处置，预计今日17时前办结"))
        self.note.setFixedHeight(64)
        self.reply_button = QPushButton(qta.icon("mdi6.reply", color="white"), self.tr("回复"))
        self.reply_button.setProperty("primary", "true")
        self.reply_button.clicked.connect(self._on_reply_clicked)
        self.note.textChanged.connect(self._update_button)
        self.print_button = print_button(self.tr("打印选中的督办通知单"))
        self.print_button.clicked.connect(self._on_print_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 10)
        layout.setSpacing(6)
        layout.addWidget(self._header())
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self._reply_box())
        self._update_button()

    def _header(self) -> QWidget:
        header = QWidget()
        header.setStyleSheet("background: #eef2f7; border-top-left-radius: 6px; border-top-right-radius: 6px;")
        icon = QLabel()
        icon.setPixmap(qta.icon("mdi6.card-account-details-star-outline", color="#6a3fb5").pixmap(20, 20))
        title = QLabel(self.tr("待回复督办"))
        title.setStyleSheet("font-size: 16px; font-weight: bold; color: #1a2b3c;")
        self.count.setStyleSheet("font-size: 20px; font-weight: bold; color: #6a3fb5;")
        layout = QHBoxLayout(header)
        layout.setContentsMargins(14, 9, 14, 9)
        layout.addWidget(icon)
        layout.addWidget(title)
        layout.addStretch(1)
        layout.addWidget(self.count)
        layout.addWidget(QLabel(self.tr("张")))
        return header

    def _reply_box(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.target, 1)
        row.addWidget(self.print_button)
        row.addWidget(self.reply_button)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(10, 0, 10, 0)
        layout.setSpacing(6)
        layout.addWidget(self.note)
        layout.addLayout(row)
        return box

    def show_cards(self, cards: list[CardItem], tz: tzinfo) -> None:
        """Show the cards awaiting a reply, keeping the selected one selected if still there."""
        selected = self.selected_card()
        self.model.set_cards(cards, tz)
        self.count.setText(str(len(cards)))
        self.view.setVisible(bool(cards))
        self.empty.setVisible(not cards)
        row = self.model.row_of(selected.id) if selected else -1
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))
        else:
            self.note.clear()
            self._on_current_changed(self.view.currentIndex(), None)

    def selected_card(self) -> CardItem | None:
        index = self.view.currentIndex()
        return self.model.cards[index.row()] if index.isValid() else None

    def select_card(self, card_id: str) -> None:
        self.view.setCurrentIndex(self.model.index(self.model.row_of(card_id)))

    def set_busy(self, busy: bool) -> None:
        """Disable replying while a reply is being saved."""
        self.note.setReadOnly(busy)
        self._busy = busy
        self._update_button()

    def _update_button(self) -> None:
        self.reply_button.setEnabled(not self._busy and self.selected_card() is not None
                                     and bool(self.note.toPlainText().strip()))
        self.print_button.setEnabled(self.selected_card() is not None)

    def _on_current_changed(self, current, _previous) -> None:
        card = self.model.cards[current.row()] if current.isValid() else None
        if card is None:
            self.target.setText(self.tr("选择一张督办单后填写回复"))
        else:
            self.target.setText(self.tr("回复 {0} · {1}").format(card.label, card.case_no))
        self._update_button()

    def _on_reply_clicked(self) -> None:
        card = self.selected_card()
        note = self.note.toPlainText().strip()
        if card is not None and note:
            self.reply_requested.emit(card, note)

    def _on_print_clicked(self) -> None:
        card = self.selected_card()
        if card is not None:
            self.print_requested.emit(card)

    def _on_view_double_clicked(self, index) -> None:
        self.case_activated.emit(self.model.cards[index.row()].case_no)

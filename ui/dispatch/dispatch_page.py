"""The dispatcher view (调度台): waiting cases, the three light columns, cards awaiting replies.

Every database call runs in the background. The board is read on start, on every change the
hub announces, and after each sweep that filed cards; between reads a one-second tick relights
the cases and runs their countdowns from the loaded thresholds and raises the alarm when a
case turns red. The sweep itself runs once at start and every minute.
"""

from __future__ import annotations

from datetime import datetime

import qtawesome as qta
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from app.cases.board import Board, BoardAlerts, alerts_between, load_board
from app.cases.cards import CardItem, awaiting_reply, reply_to_card
from app.cases.errors import CaseError, ConflictError
from app.mediation.service import MediationService
from ui.dispatch.alerts import AlertBanner, AlertSound, MuteButton
from ui.dispatch.card_list import CardList
from ui.dispatch.light_columns import Countdown, LightColumns, WaitingStrip
from ui.mediation.dispatch_alerts import DisputeAlertWatch
from ui.paper.buttons import print_card
from ui.workers import run_in_background, wait_for_background_work

TICK_MS = 1000
SWEEP_MS = 60_000
NOTICE_MS = 10_000
SPLITTER_KEY = "dispatch/splitter"
PAGE_STYLE = """
QListView { background: white; border: none; }
QScrollBar:vertical { background: #f0f3f7; width: 10px; margin: 0; border: none; }
QScrollBar:horizontal { background: #f0f3f7; height: 10px; margin: 0; border: none; }
QScrollBar::handle:vertical { background: #c3ccd7; border-radius: 4px; min-height: 36px; margin: 1px; }
QScrollBar::handle:horizontal { background: #c3ccd7; border-radius: 4px; min-width: 36px; margin: 1px; }
QScrollBar::handle:hover { background: #9fb0c3; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
"""


class DispatchPage(QWidget):
    """The dispatcher's board; `tick()` relights it, `reload()` reads it again."""

    def __init__(self, ctx, window):
        super().__init__()
        self.setStyleSheet(PAGE_STYLE)
        self.ctx = ctx
        self.main_window = window
        self.settings = getattr(window, "settings", None) or QSettings()
        self.board: Board | None = None
        self.evaluated_at: datetime | None = None
        self.selected: str | None = None
        self.countdown: Countdown | None = None
        self._loading = self._reload_pending = self._sweeping = self._replying = False
        self._dispatching: set[str] = set()

        self.sound = AlertSound(self.settings, self)
        self.banner = AlertBanner()
        self.banner.case_requested.connect(self._open_case)
        self.banner.dispute_requested.connect(lambda number: window.open_dispute(number))
        self.disputes = DisputeAlertWatch(MediationService(ctx.database, now=ctx.now, principal=ctx.principal), self)
        self.disputes.raised.connect(self._dispute_alarm)
        self.notice = QLabel(wordWrap=True)
        self.notice.setVisible(False)
        self._notice_timer = QTimer(self, singleShot=True, interval=NOTICE_MS)
        self._notice_timer.timeout.connect(lambda: self.notice.setVisible(False))
        self.strip = WaitingStrip(may_dispatch=ctx.may("case.dispatch"))
        self.strip.case_selected.connect(self._select)
        self.strip.case_activated.connect(self._open_case)
        self.strip.dispatch_requested.connect(self.dispatch_case)
        self.columns = LightColumns()
        self.columns.case_selected.connect(self._select)
        self.columns.case_activated.connect(self._open_case)
        self.cards = CardList()
        self.cards.reply_requested.connect(self.reply_to)
        self.cards.case_activated.connect(self._open_case)
        self.cards.print_requested.connect(lambda card: print_card(self, ctx.cases, card.id, ctx.user))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.columns)
        self.splitter.addWidget(self.cards)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([1280, 400])
        self._build_layout()

        self.dispatch_shortcut = QShortcut(QKeySequence("Ctrl+D"), self)
        self.dispatch_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.dispatch_shortcut.activated.connect(self.dispatch_selected)
        self.dispatch_shortcut.setEnabled(ctx.may("case.dispatch"))
        self.tick_timer = QTimer(self, interval=TICK_MS)
        self.tick_timer.timeout.connect(self.tick)
        self.tick_timer.start()
        self.sweep_timer = QTimer(self, interval=SWEEP_MS)
        self.sweep_timer.timeout.connect(self.sweep)
        self.sweep_timer.start()
        ctx.hub.changed.connect(self.reload)
        ctx.hub.changed.connect(self.disputes.check)
        QTimer.singleShot(0, self._start)

    def _build_layout(self) -> None:
        title = QLabel(self.tr("调度台"), objectName="pageTitle")
        self.summary = QLabel()
        self.summary.setStyleSheet("color: #4a5a6a; font-size: 14px;")
        hint = QLabel(self.tr("选中案件后按 Ctrl+D 派遣至建议部门 · 双击打开案件"))
        hint.setStyleSheet("color: #8a96a3;")
        refresh = QPushButton(qta.icon("mdi6.refresh", color="#1f5fae"), self.tr("刷新"))
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(title)
        top.addWidget(self.summary)
        top.addStretch(1)
        top.addWidget(hint)
        top.addWidget(MuteButton(self.sound))
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.notice)
        layout.addWidget(self.strip)
        layout.addWidget(self.splitter, 1)

    # loading -------------------------------------------------------------
    def _start(self) -> None:
        self.sweep()
        self.reload()
        self.disputes.check()

    def reload(self) -> None:
        """Read the board and the cards again in the background (coalescing repeated calls)."""
        if self._loading:
            self._reload_pending = True
            return
        self._loading = True
        run_in_background(self, self._read, self._on_loaded, self._on_load_failed)

    def _read(self) -> tuple[Board, list[CardItem]]:
        self.ctx.cases.config()
        return load_board(self.ctx.cases), awaiting_reply(self.ctx.cases)

    def _on_loaded(self, result: tuple[Board, list[CardItem]]) -> None:
        self._loading = False
        self._apply(*result)
        if self._reload_pending:
            self._reload_pending = False
            self.reload()

    def _on_load_failed(self, exc: Exception) -> None:
        self._loading = False
        self._show_notice(self.tr("调度台数据读取失败：{0}").format(exc), error=True)

    def _apply(self, board: Board, cards: list[CardItem]) -> None:
        """Show a freshly read board, sounding the alarm for what changed since the last look."""
        config = self.ctx.cases.config()
        if self.countdown is None:
            self.countdown = Countdown(config.calendar)
        now = self.ctx.now()
        previous, since = self.board, self.evaluated_at or board.read_at
        self.board = board
        self.cards.show_cards(cards, config.tz)
        self._show(now)
        alerts = alerts_between(previous, board, since=since, now=now)
        if alerts:
            self._alarm(alerts, now)

    # ticking -------------------------------------------------------------
    def tick(self) -> None:
        """Relight the loaded cases at now and run the countdowns; no database query."""
        if self.board is None:
            return
        now = self.ctx.now()
        alerts = alerts_between(self.board, self.board, since=self.evaluated_at or now, now=now)
        self._show(now)
        if alerts:
            self._alarm(alerts, now)

    def _show(self, now: datetime) -> None:
        groups = self.board.columns(now)
        self.columns.show_groups(groups, now, self.countdown, self.selected)
        self.strip.show_cases(self.board.waiting(), now, self.countdown, self.selected, self._dispatching)
        self.evaluated_at = now
        local = now.astimezone(self.ctx.cases.config().tz)
        self.summary.setText(self.tr("在办 {0} 件 · 待调度 {1} 件 · 待回复督办 {2} 张 · 更新于 {3}").format(
            len(self.board.cases), len(self.strip.cases), len(self.cards.model.cards),
            f"{self.board.read_at.astimezone(local.tzinfo):%H:%M:%S}"))

    def _dispute_alarm(self, alerts: list) -> None:
        """A dispute newly red-warned or flagged 民转刑/群体性: the same alarm as a red case."""
        self.banner.raise_disputes(alerts, self.ctx.now().astimezone(self.ctx.cases.config().tz))
        self.sound.play()

    def _alarm(self, alerts: BoardAlerts, now: datetime) -> None:
        self.banner.raise_alerts(alerts, now.astimezone(self.ctx.cases.config().tz))
        self.sound.play()

    # the sweep -----------------------------------------------------------
    def sweep(self) -> None:
        """File due yellow/red cards in the background; reload everyone if any were filed."""
        if self._sweeping:
            return
        self._sweeping = True
        run_in_background(self, self.ctx.cases.sweep, self._on_swept, self._on_sweep_failed)

    def _on_swept(self, result) -> None:
        self._sweeping = False
        if result.yellow or result.red:
            self.ctx.hub.notify_local()

    def _on_sweep_failed(self, exc: Exception) -> None:
        self._sweeping = False
        self._show_notice(self.tr("督办巡检失败：{0}").format(exc), error=True)

    # dispatching ---------------------------------------------------------
    def dispatch_selected(self) -> None:
        """Ctrl+D: dispatch the selected case to its suggested department."""
        if not self.selected:
            self._show_notice(self.tr("请先选中一件案件，再按 Ctrl+D 派遣"), error=True)
            return
        self.dispatch_case(self.selected)

    def dispatch_case(self, case_no: str) -> None:
        """Dispatch `case_no` to its category's department, refusing if it changed since shown."""
        entry = self.board.find(case_no) if self.board else None
        if entry is None or case_no in self._dispatching:
            return
        self._dispatching.add(case_no)
        self.strip.set_busy(case_no, True)
        version = entry.view.version

        def work():
            return self.ctx.cases.act(case_no, "dispatch", actor=self.ctx.user, expected_version=version)

        run_in_background(self, work, lambda view: self._on_dispatched(case_no, view),
                          lambda exc: self._on_dispatch_failed(case_no, exc))

    def _on_dispatched(self, case_no: str, view) -> None:
        self._dispatching.discard(case_no)
        self._show_notice(self.tr("案件 {0} 已派遣至 {1}").format(case_no, view.department or ""))
        self.ctx.hub.notify_local()

    def _on_dispatch_failed(self, case_no: str, exc: Exception) -> None:
        self._dispatching.discard(case_no)
        self.strip.set_busy(case_no, False)
        if not isinstance(exc, CaseError):
            text = self.tr("案件 {0} 派遣失败：{1}").format(case_no, exc)
        elif case_no in str(exc):
            text = str(exc)
        else:
            text = self.tr("案件 {0}：{1}").format(case_no, exc)
        self._show_notice(text, error=True)
        if isinstance(exc, ConflictError):
            self.reload()

    # replying to cards ---------------------------------------------------
    def reply_to(self, card: CardItem, note: str) -> None:
        """Save a reply to a supervision card, refusing if someone changed the card first."""
        self._replying = True
        self.cards.set_busy(True)

        def work():
            return reply_to_card(self.ctx.cases, card.id, note, actor=self.ctx.user,
                                 expected_version=card.version)

        run_in_background(self, work, self._on_replied, self._on_reply_failed)

    def _on_replied(self, card: CardItem) -> None:
        self._replying = False
        self.cards.set_busy(False)
        self.cards.note.clear()
        self._show_notice(self.tr("已回复案件 {0} 的{1}").format(card.case_no, card.label))
        self.ctx.hub.notify_local()

    def _on_reply_failed(self, exc: Exception) -> None:
        self._replying = False
        self.cards.set_busy(False)
        text = str(exc) if isinstance(exc, CaseError) else self.tr("督办单回复失败：{0}").format(exc)
        self._show_notice(text, error=True)
        if isinstance(exc, ConflictError):
            self.reload()

    # selection, opening, notices ----------------------------------------
    def _select(self, case_no: str) -> None:
        self.selected = case_no
        self.columns.select(case_no)
        self.strip.select(case_no)

    def _open_case(self, case_no: str) -> None:
        self.main_window.open_case(case_no)

    def _show_notice(self, text: str, *, error: bool = False) -> None:
        color, back, border = ("#8c1d18", "#fdecea", "#f5c2bd") if error else ("#14532d", "#e7f4ea", "#b7dfc2")
        self.notice.setStyleSheet(f"color: {color}; background: {back}; border: 1px solid {border};"
                                  " border-radius: 4px; padding: 7px 12px; font-size: 13px;")
        self.notice.setText(text)
        self.notice.setVisible(True)
        self._notice_timer.start()

    # page protocol -------------------------------------------------------
    @property
    def idle(self) -> bool:
        """True once loaded with no read, sweep, dispatch or reply under way (tests, screenshots)."""
        return self.board is not None and not (self._loading or self._reload_pending or self._sweeping
                                               or self._replying or self._dispatching)

    def activate(self) -> None:
        """Shown: read the board again."""
        self.reload()

    def prepare_screenshot(self) -> None:
        """Sweep and load synchronously so the screenshot shows the settled board."""
        wait_for_background_work()
        QApplication.processEvents()
        self.ctx.cases.sweep()
        self._apply(*self._read())

    def restore_layout(self, settings: QSettings) -> None:
        state = settings.value(SPLITTER_KEY)
        if state is not None:
            self.splitter.restoreState(state)

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue(SPLITTER_KEY, self.splitter.saveState())

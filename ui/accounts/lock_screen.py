"""The idle lock: a desk left alone covers its window and asks for the same account's password.

`IdleLock` watches the program's top-level windows (QWindow: the main window and every dialog,
each as it gets the focus): any key, click, wheel or mouse movement delivered to one starts its
timer again. It deliberately is not an application-wide event filter: that would see every
event of every object, QtWebEngine's internal ones included, and PySide6 crashes wrapping some
of those (the map page's first load did, every time); after `AccountPolicy.idle_minutes` (app/accounts/policy.py) without one the
window is covered by `LockScreen`, which hides everything the window showed. The password is
checked by the account service off the UI thread — a wrong one counts as a failed login, so
the lockout rule applies to a lock screen too. 切换用户 goes back to the login instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import (
    QApplication, QDialog, QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget,
)

import qtawesome as qta

from app.accounts.principal import Principal
from app.accounts.service import AccountService
from ui.accounts.form_bits import error_label, password_field, show_busy, show_error, show_refusal
from ui.workers import run_in_background

#: What counts as someone at the desk
INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                          QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class LockScreen(QWidget):
    """The opaque cover of a locked window: who is logged in, the password, 解锁 / 切换用户."""

    unlocked = Signal()
    switch_user = Signal()

    def __init__(self, accounts: AccountService, principal: Principal, parent: QWidget):
        super().__init__(parent)
        self.accounts, self.principal = accounts, principal
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("QWidget#lockScreen { background: #0f2a4a; }")
        self.password = password_field(self)
        self.password.returnPressed.connect(self._on_unlock_clicked)
        self.error = error_label(self)
        self.unlock_button = QPushButton(self.tr("解锁"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.switch_button = QPushButton(self.tr("切换用户"))
        self.switch_button.clicked.connect(self.switch_user)
        self._layout()

    def _layout(self) -> None:
        card = QFrame(objectName="card")
        card.setFixedWidth(420)
        icon = QLabel()
        icon.setPixmap(qta.icon("mdi6.lock-outline", color="#1f5fae").pixmap(40, 40))
        title = QLabel(self.tr("屏幕已锁定"))
        title.setStyleSheet("font-size: 18px; font-weight: bold; color: #1a2b3c;")
        who = QLabel(self.tr("{name}（{login}）已登录，请输入密码解锁").format(
            name=self.principal.name, login=self.principal.login), wordWrap=True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        column = QVBoxLayout(card)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(10)
        for widget in (icon, title, who, self.password, self.error):
            column.addWidget(widget)
        column.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def _on_unlock_clicked(self) -> None:
        password = self.password.text()
        if not password:
            show_error(self.error, self.tr("请输入密码"))
            return
        self._busy(True)
        run_in_background(self, lambda: self.accounts.authenticate(self.principal.login, password,
                                                                   self.principal.workstation),
                          lambda _principal: self.unlocked.emit(), self._on_failed)

    def _on_failed(self, exc: Exception) -> None:
        self._busy(False)
        show_refusal(self.error, self.password, exc)

    def _busy(self, busy: bool) -> None:
        for widget in (self.password, self.unlock_button, self.switch_button):
            widget.setEnabled(not busy)
        if busy:
            show_busy(self.error, self.tr("正在验证…"))


class IdleLock(QObject):
    """Locks `window` after the idle time; `lock()` also locks on request (账户 → 锁定屏幕)."""

    switch_user = Signal()

    def __init__(self, window: QMainWindow, accounts: AccountService, principal: Principal,
                 idle_ms: int | None = None):
        super().__init__(window)
        self.window, self.accounts, self.principal = window, accounts, principal
        self.screen: LockScreen | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        window.installEventFilter(self)  # its resizes (the cover follows them)
        QApplication.instance().focusWindowChanged.connect(self._watch)
        self._watch(window.windowHandle())
        if idle_ms is not None:
            self.start(idle_ms)
        else:
            run_in_background(self, self._read_idle_ms, self.start, lambda _exc: self.start(15 * 60_000))

    def _watch(self, top_level: QWindow | None) -> None:
        """Input to this top-level window keeps the desk awake (installing twice is harmless)."""
        if top_level is not None:
            top_level.installEventFilter(self)

    def _read_idle_ms(self) -> int:
        return self.accounts.policy().idle_minutes * 60_000

    def start(self, idle_ms: int) -> None:
        self.timer.setInterval(idle_ms)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in INPUT_EVENTS and not self.locked and self.timer.interval() > 0:
            self.timer.start()
        elif kind == QEvent.Type.Resize and watched is self.window and self.screen is not None:
            self.screen.setGeometry(self.window.rect())
        return False

    def lock(self) -> None:
        """Cover the window (closing its dialogs: a modal one would keep the password field out of reach)."""
        if self.locked:
            return
        self.timer.stop()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and self._belongs_to_window(widget):
                widget.reject()
        self.screen = LockScreen(self.accounts, self.principal, self.window)
        self.screen.unlocked.connect(self.unlock)
        self.screen.switch_user.connect(self.switch_user)
        self.screen.setGeometry(self.window.rect())
        self.window.centralWidget().setEnabled(False)
        self.screen.show()
        self.screen.raise_()
        self.screen.password.setFocus()

    def unlock(self) -> None:
        if self.screen is None:
            return
        self.screen.hide()
        self.screen.deleteLater()
        self.screen = None
        self.window.centralWidget().setEnabled(True)
        self.timer.start()

    def _belongs_to_window(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self.window:
                return True
            parent = parent.parentWidget()
        return False

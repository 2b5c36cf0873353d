"""The idle lock: it covers the window after the idle time, input starts the wait again, the
account's own password unlocks (a wrong one says so), and 切换用户 asks for the login."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow

from tests.ui.accounts.conftest import ADMIN_PASSWORD
from ui.accounts.lock_screen import IdleLock


def window_with_lock(qtbot, accounts, principal, idle_ms: int) -> tuple[QMainWindow, IdleLock]:
    window = QMainWindow()
    window.setCentralWidget(QLabel("身份证号 110101199003071234"))
    window.resize(900, 600)
    qtbot.addWidget(window)
    window.show()
    return window, IdleLock(window, accounts, principal, idle_ms=idle_ms)


def test_idle_time_locks_and_the_password_unlocks(qtbot, accounts, admin):
    window, lock = window_with_lock(qtbot, accounts, admin, idle_ms=150)
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)
    screen = lock.screen
    assert screen.isVisible() and screen.geometry() == window.rect()
    assert not window.centralWidget().isEnabled()
    screen.password.setText("wrong2025pw")
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: screen.unlock_button.isEnabled(), timeout=10_000)
    assert lock.locked and screen.error.text() == "登录名或密码不正确"
    screen.password.setText(ADMIN_PASSWORD)
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: not lock.locked, timeout=10_000)
    assert window.centralWidget().isEnabled() and lock.timer.isActive()


def test_input_starts_the_wait_again(qtbot, accounts, admin):
    window, lock = window_with_lock(qtbot, accounts, admin, idle_ms=60_000)
    lock.timer.stop()
    QApplication.sendEvent(window.windowHandle(), QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                                            Qt.KeyboardModifier.NoModifier))
    assert lock.timer.isActive() and lock.timer.remainingTime() > 59_000


def test_typing_in_a_dialog_keeps_the_desk_awake(qtbot, accounts, admin):
    """A long form in a dialog is work too: its window is watched once it has the focus."""
    window, lock = window_with_lock(qtbot, accounts, admin, idle_ms=60_000)
    dialog = QDialog(window)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is dialog.windowHandle())
    lock.timer.stop()
    QApplication.sendEvent(dialog.windowHandle(), QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_B,
                                                            Qt.KeyboardModifier.NoModifier))
    assert lock.timer.isActive()
    dialog.close()


def test_locking_closes_the_windows_dialogs_and_switch_user_asks_for_login(qtbot, accounts, admin):
    window, lock = window_with_lock(qtbot, accounts, admin, idle_ms=60_000)
    dialog = QDialog(window)
    dialog.open()
    lock.lock()
    assert not dialog.isVisible() and lock.locked
    with qtbot.waitSignal(lock.switch_user):
        lock.screen.switch_button.click()


def test_idle_time_comes_from_the_account_policy(qtbot, database, accounts, admin):
    from app.accounts.policy import AccountPolicy, write_policy
    with database.write() as session:
        write_policy(session, AccountPolicy(idle_minutes=7))
    _window, lock = window_with_lock(qtbot, accounts, admin, idle_ms=None)
    qtbot.waitUntil(lambda: lock.timer.isActive())
    assert lock.timer.interval() == 7 * 60_000

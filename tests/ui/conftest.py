"""Fixtures for tests of the desktop: a UiContext on the test database, and no stray windows.

`ui_ctx` builds the context every page gets, on the `service` fixture (SQLite and PostgreSQL)
and its settable `clock`. Background work is waited for before the database goes away. On a
PySide6 that loses references to None (ui/qt_runtime.py) every GUI test fails with one line
before any of them can crash the session.
"""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from ui.changes import ChangeHub
from ui.context import UiContext
from ui.qt_runtime import UnsoundPySide, require_sound_pyside
from ui.workers import wait_for_background_work

#: Qt's own top-level helpers that live for the whole session (tooltips)
_QT_SINGLETONS = {"QTipLabel"}


@pytest.fixture(scope="session", autouse=True)
def sound_pyside():
    """Fail every GUI test, saying what to install, on a PySide6 that would abort the session
    later; the tests outside tests/ui still run."""
    try:
        require_sound_pyside()
    except UnsoundPySide as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def ui_ctx(service, clock, qapp):
    """The context a page is built with: the test service, a ChangeHub, user 'tester', the test clock."""
    ctx = UiContext(database=service.database, cases=service, hub=ChangeHub(), user="tester", now=clock)
    yield ctx
    wait_for_background_work()
    QApplication.processEvents()


def _top_level_widgets() -> dict:
    """Top-level widgets by the address of their C++ object (Python wrappers may be re-made)."""
    return {shiboken6.getCppPointer(w)[0]: w for w in QApplication.topLevelWidgets()
            if type(w).__name__ not in _QT_SINGLETONS}


@pytest.fixture(autouse=True)
def no_stray_windows(qapp):
    """Fail a test that leaves top-level widgets alive (register them with qtbot.addWidget)."""
    before = set(_top_level_widgets())
    yield
    wait_for_background_work()
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    left = [w for address, w in _top_level_widgets().items() if address not in before]
    names = ", ".join(f"{type(w).__name__}({w.objectName() or w.windowTitle()!r})" for w in left)
    for widget in left:
        if shiboken6.isValid(widget):
            widget.close()
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if left:
        pytest.fail(f"测试结束后仍有顶层窗口未关闭：{names}（请用 qtbot.addWidget 登记）", pytrace=False)

"""The header's Help button: "复制诊断信息" copies what support needs (app/diagnostics.py).

The text is built off the UI thread (it reads the database's schema revision and the log) and
put on the clipboard when ready; the status bar says so. Qt's and PySide6's versions and the
settings file are added here, where Qt is known.
"""

from __future__ import annotations

import PySide6
from PySide6.QtCore import QCoreApplication, QSettings, qVersion
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu, QMessageBox, QToolButton, QWidget

import qtawesome as qta

from app.diagnostics import diagnostics_text
from ui.context import UiContext
from ui.workers import run_in_background

STATUS_MS = 5000


def help_button(ctx: UiContext, settings: QSettings, window: QWidget) -> QToolButton:
    """The white "?" button of the header with its menu."""
    button = QToolButton(window, objectName="headerButton")
    button.setIcon(qta.icon("mdi6.help-circle-outline", color="white"))
    button.setToolTip(QCoreApplication.translate("HelpMenu", "帮助"))
    button.setAutoRaise(True)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")  # like the settings button
    menu = QMenu(button)
    copy = QAction(QCoreApplication.translate("HelpMenu", "复制诊断信息"), menu, objectName="copyDiagnostics")
    copy.setToolTip(QCoreApplication.translate(
        "HelpMenu", "把版本、数据与日志位置、数据库结构版本和最近的日志复制到剪贴板，便于发给技术支持"))
    copy.triggered.connect(lambda: copy_diagnostics(ctx, settings, window))
    menu.addAction(copy)
    button.setMenu(menu)
    return button


def qt_versions() -> dict[str, str]:
    """The Qt runtime's and the binding's versions."""
    return {"Qt": qVersion(), "PySide6": PySide6.__version__}


def copy_diagnostics(ctx: UiContext, settings: QSettings, window: QWidget) -> None:
    """Build the text in the background, then put it on the clipboard and say so."""
    versions, settings_path = qt_versions(), settings.fileName()

    def done(text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        status = getattr(window, "statusBar", None)
        if status is not None:
            status().showMessage(QCoreApplication.translate(
                "HelpMenu", "诊断信息已复制到剪贴板（不含居民个人信息），可粘贴发给技术支持"), STATUS_MS)

    def failed(exc: Exception) -> None:
        QMessageBox.warning(window, QCoreApplication.translate("HelpMenu", "复制诊断信息"), str(exc))

    run_in_background(window, lambda: diagnostics_text(ctx.database, extra_versions=versions,
                                                       settings_path=settings_path), done, failed)

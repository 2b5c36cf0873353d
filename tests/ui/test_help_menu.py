"""Help → 复制诊断信息 in the main window's header: the text lands on the clipboard, with Qt's
versions and the settings file, and without the ID numbers and phones the log once saw."""

import logging

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QGuiApplication

from ui.assembly import build_main_window
from ui.workers import wait_for_background_work

ID_NUMBER = "11010519900101123X"
PHONE = "13912345678"


def test_copy_diagnostics_puts_the_masked_text_on_the_clipboard(qtbot, ui_ctx, tmp_path, log_file):
    settings = QSettings(str(tmp_path / "gridcc.ini"), QSettings.Format.IniFormat)
    window = build_main_window(ui_ctx, settings)
    qtbot.addWidget(window)
    logging.getLogger("app.test").error("导入失败：%s，电话 %s", ID_NUMBER, PHONE)
    QGuiApplication.clipboard().clear()
    action = window.findChild(QAction, "copyDiagnostics")
    assert action is not None and action.text() == "复制诊断信息"
    action.trigger()
    qtbot.waitUntil(lambda: "诊断信息" in QGuiApplication.clipboard().text(), timeout=10_000)
    text = QGuiApplication.clipboard().text()
    assert "Qt: " in text and "PySide6: " in text and f"设置: {settings.fileName()}" in text
    assert "导入失败：[证件号]，电话 [电话]" in text
    assert ID_NUMBER not in text and PHONE not in text
    assert "已复制" in window.statusBar().currentMessage()
    window.close()
    wait_for_background_work()

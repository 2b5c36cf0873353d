"""The desktop's last line of defence: an exception nobody caught becomes a dialog and a log entry.

`install_exception_hook()` (called once by ui.app at start) sets up the log file (app.logs) and
replaces `sys.excepthook` and `threading.excepthook`. An exception escaping a slot, an event
handler or a thread is then logged with its traceback (personal numbers masked) and shown as
the one line of app.errors.explain_error, with where the log is — never a traceback, and never
the raw `str(exc)`, which for a database error would carry the statement.

The dialog is always opened on the UI thread (a queued signal carries the line there). While
one is open, further exceptions are only logged: an error repeated at every repaint must not
bury the user under dialogs. The two sentences of the dialog itself come in both languages
here rather than through Qt's translator, so the dialog still works when nothing else does.
"""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtCore import QObject, QSettings, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from app.errors import explain_error
from app.logs import active_log, setup_logging
from ui.i18n import chosen_language

logger = logging.getLogger(__name__)

_TEXTS = {
    "zh_CN": {"title": "网格化管理指挥中心 — 出错了", "log": "详情已写入日志：{path}",
              "start": "网格化管理指挥中心 — 无法启动"},
    "en": {"title": "Grid Command Center — something went wrong", "log": "Details were written to the log: {path}",
           "start": "Grid Command Center — cannot start"},
}


class CrashReporter(QObject):
    """Receives uncaught exceptions from any thread; shows one dialog at a time on the UI thread."""

    show_line = Signal(str)

    def __init__(self, language: str = "zh_CN"):
        super().__init__()
        self.language = language if language in _TEXTS else "zh_CN"
        self.showing = False
        self.show_line.connect(self._show)

    def handle(self, exc_type, exc, tb) -> None:
        """Log the exception and ask the UI thread to show its line (Ctrl+C keeps its meaning)."""
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        logger.error("未捕获的异常", exc_info=(exc_type, exc, tb))
        line = explain_error(exc, lang=self.language, log=active_log())
        try:
            self.show_line.emit(line.text)
        except RuntimeError:  # the application is already gone (exit in progress)
            pass

    def handle_thread(self, args: threading.ExceptHookArgs) -> None:
        """threading.excepthook: the same, for an exception that ends a Python thread."""
        if args.exc_type is SystemExit:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str)
    def _show(self, text: str) -> None:
        if self.showing:
            return
        texts = _TEXTS[self.language]
        box = QMessageBox(QMessageBox.Icon.Critical, texts["title"], text, QMessageBox.StandardButton.Ok,
                          QApplication.activeWindow())
        log = active_log()
        if log is not None:
            box.setInformativeText(texts["log"].format(path=log))
        self.showing = True
        try:
            box.exec()
        finally:
            self.showing = False
            box.deleteLater()


_reporter: CrashReporter | None = None


def startup_language() -> str:
    """The language of the dialogs at start (the settings may not be readable yet)."""
    try:
        language = chosen_language(QSettings())
    except Exception:  # the dialog must come up whatever else failed
        return "zh_CN"
    return language if language in _TEXTS else "zh_CN"


def show_startup_error(text: str, language: str | None = None) -> None:
    """The dialog of an error before the main window exists: the one line and where the log is.

    A windowed build has no console, so this dialog is all a user sees of a failed start.
    """
    texts = _TEXTS[language or startup_language()]
    if QApplication.instance() is None:
        QApplication(sys.argv[:1])
    box = QMessageBox(QMessageBox.Icon.Critical, texts["start"], text, QMessageBox.StandardButton.Ok)
    log = active_log()
    if log is not None:
        box.setInformativeText(texts["log"].format(path=log))
    box.exec()
    box.deleteLater()


def report_startup_error(exc: BaseException, *, dialog: bool = True) -> int:
    """An exception that stopped the start: logged (a fault with its traceback, masked), then
    shown as one line — in the dialog, or on stderr when no window was wanted (--screenshot).
    The exit code: 2 for a condition the user can change, 3 for a fault of the program."""
    setup_logging()
    language = startup_language()
    line = explain_error(exc, lang=language, log=active_log())
    if line.internal:
        logger.error("启动失败", exc_info=exc)
    else:
        logger.info("启动失败：%s", line.text)
    if dialog:
        show_startup_error(line.text, language)
    else:
        print(line.text, file=sys.stderr)
    return 3 if line.internal else 2


def install_exception_hook() -> CrashReporter:
    """Start the log and route every uncaught exception of the desktop to a CrashReporter."""
    global _reporter
    setup_logging()
    if _reporter is None:
        _reporter = CrashReporter(chosen_language(QSettings()))
    sys.excepthook = _reporter.handle
    threading.excepthook = _reporter.handle_thread
    return _reporter

"""What the GUI benchmarks share: one offscreen QApplication, and a main window with no other pages.

The gridcc:// scheme and the web engine's flags are declared before the application exists
whichever GUI bench runs first, so `gridcc bench queue map` can draw the map after the queue; a
PySide6 that would crash a long run is refused first (ui/qt_runtime.py).
"""

from __future__ import annotations

import os

from PySide6.QtWidgets import QApplication

from ui.qt_runtime import require_sound_pyside
from ui.theme import apply_theme


class NoWindow:
    """A page's main window, for a benchmark: no other pages, opening a case goes nowhere."""

    def __init__(self) -> None:
        self.pages: dict = {}

    def open_case(self, case_no: str) -> None:
        pass

    def show_page(self, key: str) -> None:
        pass


def bench_application() -> QApplication:
    """The running QApplication, or a new offscreen one themed like the desktop."""
    app = QApplication.instance()
    if app is None:
        require_sound_pyside()
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
        from ui.map.scheme import register_scheme
        register_scheme()
        app = QApplication([])
        apply_theme(app)
    return app

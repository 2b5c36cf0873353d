"""The web view that shows the map page, and the bridge the page calls back through.

`MapView.call(function, *args)` runs `window.gridcc.<function>(…)` with JSON arguments; the
page reports clicks and readiness through `MapBridge` (a QWebChannel object named "bridge").
Data travels as JSON, never baked into the HTML.
"""

from __future__ import annotations

import atexit
import itertools
import json
import logging
import weakref

import shiboken6

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from ui.map.scheme import scheme_handler

_serial = itertools.count(1)
_log = logging.getLogger(__name__)
_views: "weakref.WeakSet[MapView]" = weakref.WeakSet()


@atexit.register
def _delete_views() -> None:
    """Delete the web pages before Qt releases the web profile at exit (otherwise it may crash)."""
    for view in list(_views):
        if shiboken6.isValid(view):
            shiboken6.delete(view)


class MapBridge(QObject):
    """What the page may tell the desktop (slots called from JavaScript)."""

    page_ready = Signal()
    case_clicked = Signal(str)
    grid_clicked = Signal(str, str, str)
    point_picked = Signal(float, float)

    @Slot()
    def pageReady(self) -> None:  # noqa: N802 - the page's name for it
        self.page_ready.emit()

    @Slot(str)
    def caseClicked(self, case_no: str) -> None:  # noqa: N802
        self.case_clicked.emit(case_no)

    @Slot(str, str, str)
    def gridClicked(self, grid_id: str, code: str, name: str) -> None:  # noqa: N802
        self.grid_clicked.emit(grid_id, code, name)

    @Slot(float, float)
    def pointPicked(self, lon: float, lat: float) -> None:  # noqa: N802
        self.point_picked.emit(lon, lat)


class _Page(QWebEnginePage):
    """Logs the page's script errors (a broken page otherwise fails silently)."""

    def javaScriptConsoleMessage(self, level, message, line, source):  # noqa: N802 - Qt's name
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            _log.warning("地图页面脚本错误：%s（%s:%s）", message, source, line)


class MapView(QWebEngineView):
    """A QWebEngineView with the bridge attached; `show_html` loads a page through gridcc://."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPage(_Page(self))
        self.bridge = MapBridge(self)
        self.channel = QWebChannel(self.page())
        self.channel.registerObject("bridge", self.bridge)
        self.page().setWebChannel(self.channel)
        self.page().setBackgroundColor("#eef2f6")
        self._name = f"map-{next(_serial)}"
        _views.add(self)

    def show_html(self, html: str) -> None:
        """Load the page (served from memory by the scheme handler)."""
        self.load(QUrl(scheme_handler().set_page(self._name, html)))

    def call(self, function: str, *args, callback=None) -> None:
        """Call window.gridcc.<function>(args…) in the page; `callback` gets its JSON-able result."""
        self.call_json(function, *(json.dumps(a, ensure_ascii=False) for a in args), callback=callback)

    def call_json(self, function: str, *texts: str, callback=None) -> None:
        """Like `call`, with arguments already JSON text (large payloads are made off the UI thread)."""
        script = f"window.gridcc.{function}({', '.join(texts)})"
        if callback is None:
            self.page().runJavaScript(script)
        else:
            self.page().runJavaScript(script, 0, callback)

"""The gridcc:// URL scheme: the map page, its assets and MBTiles tiles, served without any server.

`register_scheme()` must run before the QApplication exists (Qt's rule for custom schemes); the
launcher and the test session call it. `scheme_handler()` installs one handler on the default
web profile the first time a map view needs it:

- gridcc://app/page/<name>.html — a page the map view registered (`set_page`)
- gridcc://app/<group>/<file> — a packaged asset (ui/map/assets.py)
- gridcc://app/qt/qwebchannel.js — Qt's own channel script
- gridcc://tiles/<z>/<x>/<y> — a tile of the administrator's MBTiles basemap
"""

from __future__ import annotations

import logging
from collections import deque

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QFile, QIODevice, QObject, Qt
from PySide6.QtWebEngineCore import (
    QWebEngineProfile, QWebEngineUrlRequestJob, QWebEngineUrlScheme, QWebEngineUrlSchemeHandler,
)

from app.geo.mbtiles import MBTiles, MBTilesError
from ui.map.assets import APP_HOST, QWEBCHANNEL_RESOURCE, SCHEME, TILE_HOST, asset_bytes, mime_type

_log = logging.getLogger(__name__)
_handler: "SchemeHandler | None" = None


def register_scheme() -> bool:
    """Declare gridcc:// to Qt WebEngine; only possible before the QApplication is created."""
    if QWebEngineUrlScheme.schemeByName(SCHEME.encode()).name():
        return True
    if QCoreApplication.instance() is not None:
        return False
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    scheme = QWebEngineUrlScheme(SCHEME.encode())
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme | QWebEngineUrlScheme.Flag.LocalScheme
                    | QWebEngineUrlScheme.Flag.LocalAccessAllowed | QWebEngineUrlScheme.Flag.CorsEnabled)
    QWebEngineUrlScheme.registerScheme(scheme)
    return True


class SchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers gridcc:// requests from memory, packaged files and the MBTiles basemap."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pages: dict[str, bytes] = {}
        self.tiles: MBTiles | None = None
        self.served_tiles: deque[tuple[int, int, int, bytes]] = deque(maxlen=200)  # the latest, for tests

    def set_page(self, name: str, html: str) -> str:
        """Serve `html` as gridcc://app/page/<name>.html; returns that address."""
        self.pages[name] = html.encode("utf-8")
        return f"{SCHEME}://{APP_HOST}/page/{name}.html"

    def set_tiles(self, path: str | None) -> None:
        """Serve the tiles of this MBTiles file (None: no tiles); a bad file is logged and ignored."""
        old, self.tiles = self.tiles, None
        self.served_tiles.clear()
        if old is not None:
            old.close()
        if path:
            try:
                self.tiles = MBTiles(path)
            except MBTilesError as exc:
                _log.warning("底图不可用：%s", exc)

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 - Qt's name
        url = job.requestUrl()
        parts = [p for p in url.path().split("/") if p]
        found = self._tile(parts) if url.host() == TILE_HOST else self._app_file(parts)
        if found is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        data, content_type = found
        buffer = QBuffer(parent=job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(content_type, buffer)

    def _app_file(self, parts: list[str]) -> tuple[bytes, bytes] | None:
        if len(parts) != 2:
            return None
        group, name = parts
        if group == "page":
            html = self.pages.get(name.removesuffix(".html"))
            return (html, b"text/html") if html is not None else None
        if group == "qt" and name == "qwebchannel.js":
            return _qt_resource(QWEBCHANNEL_RESOURCE), b"text/javascript"
        data = asset_bytes(group, name)
        return (data, mime_type(name)) if data is not None else None

    def _tile(self, parts: list[str]) -> tuple[bytes, bytes] | None:
        if self.tiles is None or len(parts) != 3:
            return None
        try:
            z, x, y = (int(p.split(".")[0]) for p in parts)
        except ValueError:
            return None
        data = self.tiles.tile(z, x, y)
        if data is not None:
            self.served_tiles.append((z, x, y, data))
        return (data, self.tiles.info.mime_type.encode()) if data is not None else None


def _qt_resource(path: str) -> bytes:
    file = QFile(path)
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        return b""
    try:
        return bytes(file.readAll())
    finally:
        file.close()


def scheme_handler() -> SchemeHandler:
    """The one handler, installed on the default web profile on first use."""
    global _handler
    if _handler is None:
        _handler = SchemeHandler(QCoreApplication.instance())
        QWebEngineProfile.defaultProfile().installUrlSchemeHandler(SCHEME.encode(), _handler)
    return _handler

"""Map tests run a real QtWebEngine: no sandbox (containers), gridcc:// declared before the
QApplication exists, and every http/https request the page makes blocked and recorded."""

from __future__ import annotations

import os

os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

import pytest  # noqa: E402
from PySide6.QtWebEngineCore import QWebEngineProfile, QWebEngineUrlRequestInterceptor  # noqa: E402

from ui.map.scheme import register_scheme  # noqa: E402


def pytest_configure(config):
    """Declare the scheme while no QApplication exists yet (conftests load before any test runs)."""
    register_scheme()


register_scheme()


class NetworkBlocker(QWebEngineUrlRequestInterceptor):
    """Blocks and records every request that would leave the machine."""

    def __init__(self):
        super().__init__()
        self.blocked: list[str] = []

    def interceptRequest(self, info):  # noqa: N802 - Qt's name
        url = info.requestUrl()
        if url.scheme() in ("http", "https"):
            self.blocked.append(url.toString())
            info.block(True)


@pytest.fixture
def blocked_requests(qapp):
    """The list of network requests the pages tried (all blocked)."""
    blocker = NetworkBlocker()
    profile = QWebEngineProfile.defaultProfile()
    profile.setUrlRequestInterceptor(blocker)
    yield blocker.blocked
    profile.setUrlRequestInterceptor(None)

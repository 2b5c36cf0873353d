"""The embedded paper font, loaded once into Qt's font database.

Printed Chinese must not depend on the fonts of the machine (a fresh Windows has none that Qt
would embed the same way), so every sheet is set in the font shipped in resources/paper/fonts.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase

FONT_FILES = ("GridCCPaperSans-Regular.ttf", "GridCCPaperSans-Bold.ttf")
FAMILY = "GridCC Paper Sans"


class FontMissing(RuntimeError):
    """The shipped font could not be loaded (a broken installation)."""


@lru_cache(maxsize=1)
def paper_family() -> str:
    """The family name of the embedded font, after adding both weights to the font database."""
    families: set[str] = set()
    folder = resources.files("resources.paper.fonts")
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFontFromData(folder.joinpath(name).read_bytes())
        if font_id < 0:
            message = QCoreApplication.translate("Paper", "无法加载打印字体 %1，请重新安装程序")
            raise FontMissing(message.replace("%1", name))
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    return FAMILY if FAMILY in families else sorted(families)[0]

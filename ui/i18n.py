"""Languages: the source strings are Chinese (zh_CN); English comes from resources/i18n/*.qm."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QSettings, QTranslator
from PySide6.QtWidgets import QApplication

LANGUAGES = {"zh_CN": "中文", "en": "English"}
_installed: list[QTranslator] = []


def chosen_language(settings: QSettings) -> str:
    value = settings.value("ui/language", "zh_CN")
    return value if value in LANGUAGES else "zh_CN"


def install_translation(app: QApplication, language: str) -> bool:
    """Load the translation for `language` (nothing to load for Chinese); True if loaded."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "zh_CN":
        return True
    path = resources.files("resources.i18n").joinpath(f"gridcc_{language}.qm")
    translator = QTranslator(app)
    if not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True

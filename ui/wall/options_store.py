"""The wall's options in this workstation's settings file (QSettings, group "wall"): the screen and
distance chosen last time are used next time, from the command line or the main window."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from app.wall.options import SETTINGS_GROUP, WallOptions


def load_options(settings: QSettings) -> WallOptions:
    """The stored options (defaults for anything missing or unreadable)."""
    settings.beginGroup(SETTINGS_GROUP)
    try:
        values = {key: settings.value(key) for key in settings.childKeys()}
    finally:
        settings.endGroup()
    return WallOptions.from_mapping(values)


def save_options(settings: QSettings, options: WallOptions) -> None:
    settings.beginGroup(SETTINGS_GROUP)
    try:
        for key, value in options.to_mapping().items():
            settings.setValue(key, value)
    finally:
        settings.endGroup()
    settings.sync()

"""The settings dialog's 大屏 tab: the choice is stored for the next opening, with its type size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from app.wall.options import WallOptions
from ui.settings.wall_tab import WallTab
from ui.wall.options_store import load_options, save_options


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "gridcc.ini"), QSettings.Format.IniFormat)


def test_saved_choice_is_what_the_wall_opens_with_next_time(qtbot, settings):
    tab = WallTab(settings)
    qtbot.addWidget(tab)
    tab.distance.setValue(8.0)
    tab.rotate.setValue(30)
    tab.dim.setChecked(True)
    tab.save_button.click()
    assert "已保存" in tab.status.text()
    stored = load_options(settings)
    assert (stored.distance_m, stored.rotate_seconds, stored.dim) == (8.0, 30, True)


def test_the_tab_shows_the_stored_choice_and_the_type_it_gives(qtbot, settings):
    save_options(settings, WallOptions(distance_m=10.0, diagonal_inches=98, flash_seconds=20))
    tab = WallTab(settings)
    qtbot.addWidget(tab)
    assert (tab.distance.value(), tab.diagonal.value(), tab.flash_seconds.value()) == (10.0, 98.0, 20)
    far = tab.preview.text()
    tab.distance.setValue(3.0)
    assert "正文" in far and far != tab.preview.text()

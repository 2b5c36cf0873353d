"""The English translation: complete, in step with the ui/ sources, compiled, and really used by
the widgets when chosen in the settings (the language applies at the next start)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QLabel

from resources.i18n.update_translations import find_tool, messages, run_lupdate, unfinished
from ui.assembly import build_main_window
from ui.cases.queue_model import countdown_text
from ui.i18n import chosen_language, install_translation
from ui.settings.settings_dialog import LanguageTab
from ui.widgets.countdown_text import remaining_text
from ui.workers import wait_for_background_work

I18N = Path(__file__).resolve().parents[2] / "resources" / "i18n"
TS_FILE, QM_FILE = I18N / "gridcc_en.ts", I18N / "gridcc_en.qm"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n|%\d")


@pytest.fixture
def settings(tmp_path):
    """QSettings in a file of the test's own, so nothing leaks between tests or to the user."""
    return QSettings(str(tmp_path / "gridcc.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def english(qapp):
    """English installed for the test; Chinese (no translator) again afterwards."""
    assert install_translation(qapp, "en")
    yield
    install_translation(qapp, "zh_CN")


def test_qm_file_exists_and_loads():
    """The compiled translation ships next to the .ts and Qt can load it."""
    assert QM_FILE.is_file() and QM_FILE.stat().st_size > 1000
    assert QTranslator().load(str(QM_FILE))


def test_every_string_has_a_finished_translation():
    """No source string is left untranslated or marked unfinished."""
    assert len(messages(TS_FILE)) > 200
    assert unfinished(TS_FILE) == []


def test_translations_keep_the_placeholders_of_their_source():
    """'共 {n} 件' must become something with {n} in it, never lose or rename a placeholder."""
    broken = [(context, source, "".join(translation.itertext()))
              for context, source, translation in messages(TS_FILE)
              if sorted(set(PLACEHOLDER.findall(source)))
              != sorted(set(PLACEHOLDER.findall("".join(translation.itertext()))))]
    assert broken == []


def test_contexts_are_class_names_the_program_looks_up():
    """A context like '' or 'window' comes from `tr = self.tr` or `window.tr(...)`: Qt never finds those."""
    contexts = {context for context, _, _ in messages(TS_FILE)}
    assert contexts and all(re.fullmatch(r"[A-Z][A-Za-z0-9]*", context) for context in contexts), contexts


def test_compiled_file_matches_the_ts():
    """Every translation in the .ts comes out of the .qm (lrelease was run after the last edit)."""
    translator = QTranslator()
    assert translator.load(str(QM_FILE))
    stale = [(context, source) for context, source, translation in messages(TS_FILE)
             if translator.translate(context, source) != "".join(translation.itertext())]
    assert stale == []


def test_ts_is_up_to_date_with_the_sources(tmp_path):
    """lupdate over ui/ today finds exactly the strings of the committed .ts (run update_translations.py)."""
    if find_tool("lupdate") is None:
        pytest.skip("pyside6-lupdate is not installed with this PySide6, cannot re-extract the strings")
    fresh = tmp_path / "fresh_en.ts"
    try:
        run_lupdate(fresh, "en", locations="none")
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"pyside6-lupdate failed: {exc}")
    extracted = {(context, source) for context, source, _ in messages(fresh)}
    committed = {(context, source) for context, source, _ in messages(TS_FILE)}
    assert sorted(extracted - committed) == [], "new strings: run python resources/i18n/update_translations.py"
    assert sorted(committed - extracted) == [], "strings gone from ui/: run update_translations.py"


def test_countdowns_read_in_english(english):
    """The countdowns of the queue, the board and the detail page use English units."""
    assert remaining_text(3 * 27000 + 3600, "工作日", 27000) == "3wd 1h left"
    assert remaining_text(-(86400 + 120), "小时", 27000) == "1d 2m overdue"
    assert countdown_text(725.4, "小时", 27000) == "12m 05s left"
    assert countdown_text(-40, "小时", 27000) == "40s overdue"


def test_countdowns_stay_chinese_without_a_translation():
    """With no translator installed the source texts come out unchanged."""
    assert remaining_text(3 * 27000 + 3600, "工作日", 27000) == "剩3工作日1时"
    assert countdown_text(725.4, "小时", 27000) == "剩 12分05秒"


def test_english_main_window_navigation_and_queue_headers(qtbot, ui_ctx, settings, english):
    """With English installed the window title, the navigation and the queue's columns read in English."""
    window = build_main_window(ui_ctx, settings)
    qtbot.addWidget(window)
    try:
        items = [window.nav.item(row) for row in range(window.nav.count())]
        titles = {item.data(Qt.ItemDataRole.UserRole): item.text() for item in items}
        assert [titles["queue"], titles["dispatch"], titles["intake"]] == ["Case queue", "Dispatch board", "New case"]
        assert window.windowTitle() == "Grid Command Center"
        model = window.pages["queue"].model
        headers = [model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())]
        assert headers == ["Case no.", "Light", "Time left", "Category", "Urgency", "Grid", "Department",
                           "Status", "Reported", "Source"]
        assert not any(re.search(r"[\u4e00-\u9fff]", text) for text in [*titles.values(), *headers])
    finally:
        window.close()
        wait_for_background_work()


def test_language_chosen_in_settings_is_used_at_next_start(qtbot, ui_ctx, tmp_path, qapp):
    """Picking English stores it and says (in English) when it applies; the next start reads and installs it."""
    path = str(tmp_path / "gridcc.ini")
    tab = LanguageTab(QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(tab)
    tab.combo.setCurrentIndex(tab.combo.findData("en"))
    next_start = QSettings(path, QSettings.Format.IniFormat)
    assert chosen_language(next_start) == "en"
    try:
        assert install_translation(qapp, chosen_language(next_start))
        window = build_main_window(ui_ctx, next_start)
        qtbot.addWidget(window)
        assert window.nav.item(0).text() == "Case queue"
        window.close()
        again = LanguageTab(next_start)
        qtbot.addWidget(again)
        assert again.combo.currentData() == "en"
        texts = [label.text() for label in again.findChildren(QLabel)]
        assert "The change takes effect the next time the program starts." in texts
    finally:
        install_translation(qapp, "zh_CN")
        wait_for_background_work()
    assert QApplication.translate("MainWindow", "案件队列") == "案件队列"

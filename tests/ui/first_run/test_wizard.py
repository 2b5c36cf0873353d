"""The first-run wizard: a local choice creates the database, the district and its boundaries are
stored, a bad server address shows one line and stays, the demo opens without saving anything."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings

import ui.first_run.database_pages as database_pages
from app.geo.district import get_district
from db.engine import Database
from db.migrate import current_revision, head_revision
from tests.app.geo.samples import feature, polygon, ring, write_collection
from ui.first_run.database_pages import DEMO, SERVER
from ui.first_run.wizard import BOUNDARIES_ID, CHOICE_ID, DISTRICT_ID, DONE_ID, SERVER_ID, FirstRunWizard, run_first_run


@pytest.fixture
def wizard(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(database_pages, "data_dir", lambda: tmp_path / "data")
    wizard = FirstRunWizard("admin")
    qtbot.addWidget(wizard)
    wizard.show()
    yield wizard
    wizard.release()


def test_local_choice_creates_the_database_then_district_and_boundaries(qtbot, wizard, tmp_path):
    """Next on the local page creates and migrates the file; the district and a grid file are stored."""
    folder = tmp_path / "center"
    folder.mkdir()
    wizard.next()
    wizard.local_page.folder_edit.setText(str(folder))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == DISTRICT_ID, timeout=30_000)
    assert (folder / "gridcc.db").is_file()
    assert current_revision(wizard.database) == head_revision()
    wizard.district_page.form.name_edit.setText("朝阳区")
    wizard.district_page.form.code_edit.setText("110105")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == BOUNDARIES_ID, timeout=10_000)
    assert get_district(wizard.database).code == "110105"
    grids = write_collection(tmp_path / "grids.geojson", [feature(polygon(ring(0, 0)), 编码="G1", 名称="一网格")])
    wizard.boundaries_page.boundaries.import_file(grids)
    status = wizard.boundaries_page.boundaries.status
    qtbot.waitUntil(lambda: status.text().startswith(("✔", "⚠", "✖")), timeout=20_000)
    assert status.text().startswith("✔") and "新建 1" in status.text()
    wizard.next()
    assert wizard.currentId() == DONE_ID
    assert wizard.url == f"sqlite:///{folder / 'gridcc.db'}"


def test_local_folder_that_does_not_exist_is_one_line(qtbot, wizard, tmp_path):
    """A typed folder that does not exist is refused, nothing is created, the page stays."""
    wizard.next()
    wizard.local_page.folder_edit.setText(str(tmp_path / "typo"))
    wizard.next()
    result = wizard.local_page.result
    qtbot.waitUntil(lambda: result.text().startswith("✖"), timeout=10_000)
    assert "不存在" in result.text() and "\n" not in result.text()
    assert not (tmp_path / "typo").exists()


@pytest.mark.parametrize("address", ["postgresql://nobody@127.0.0.1:1/gridcc", "mysql://x@y/z", "postgresql://h"])
def test_bad_server_address_shows_one_line_and_stays(qtbot, wizard, address):
    """An unreachable server, an unsupported kind, a missing database name: one line, same page."""
    wizard.choice_page.choice.button(SERVER).setChecked(True)
    wizard.next()
    assert wizard.currentId() == SERVER_ID
    wizard.server_page.url_edit.setText(address)
    wizard.next()
    result = wizard.server_page.result
    qtbot.waitUntil(lambda: result.text().startswith("✖"), timeout=20_000)
    assert "\n" not in result.text()
    assert wizard.currentId() == SERVER_ID and wizard.database is None


@pytest.mark.pg
def test_server_address_tested_then_used(qtbot, wizard, pg_server_url):
    """A reachable, initialised server moves the wizard on to the district."""
    wizard.choice_page.choice.button(SERVER).setChecked(True)
    wizard.next()
    wizard.server_page.url_edit.setText(pg_server_url.render_as_string(hide_password=False))
    wizard.server_page.test_button.click()
    qtbot.waitUntil(lambda: wizard.server_page.result.text().startswith("✔"), timeout=20_000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == DISTRICT_ID, timeout=20_000)


def test_demo_is_the_last_page_and_saves_nothing(qtbot, tmp_path, monkeypatch):
    """Choosing the demo finishes at once: --demo for this run, no address saved."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    args = SimpleNamespace(db=None, demo=False)

    def finish(wizard):
        wizard.restart()
        wizard.choice_page.choice.button(DEMO).setChecked(True)
        assert wizard.currentId() == CHOICE_ID and wizard.currentPage().isFinalPage()
        return 1

    monkeypatch.setattr(FirstRunWizard, "exec", finish)
    assert run_first_run(args, settings, "admin") is True
    assert args.demo is True and settings.value("db/url") is None


def test_cancelled_wizard_saves_nothing(tmp_path, monkeypatch, qapp):
    """Cancel leaves the settings as they were and tells the caller not to start."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(FirstRunWizard, "exec", lambda wizard: 0)
    assert run_first_run(SimpleNamespace(db=None, demo=False), settings, "admin") is False
    assert settings.value("db/url") is None


def test_database_of_a_finished_wizard_is_saved(tmp_path, monkeypatch, qapp):
    """Finished on a local file, the address is saved for every later start."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    url = f"sqlite:///{tmp_path / 'gridcc.db'}"

    def finish(wizard):
        wizard.use_database(url, Database(url))
        return 1

    monkeypatch.setattr(FirstRunWizard, "exec", finish)
    assert run_first_run(SimpleNamespace(db=None, demo=False), settings, "admin") is True
    assert settings.value("db/url") == url

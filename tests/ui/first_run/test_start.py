"""The desktop's start asks the first-run wizard only when nothing names a database."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings

import app.database as app_database
import ui.first_run.wizard as wizard_module
from ui.app import first_run_done


@pytest.fixture
def asked(monkeypatch, tmp_path):
    """Record the wizard's runs (answering `answer[0]`) instead of showing it."""
    monkeypatch.setattr(app_database, "data_dir", lambda: tmp_path / "data")
    monkeypatch.delenv("GRIDCC_DB", raising=False)
    calls, answer = [], [True]
    monkeypatch.setattr(wizard_module, "run_first_run", lambda args, settings, actor: calls.append(args) or answer[0])
    return calls, answer


def args(**values):
    return SimpleNamespace(**{"db": None, "demo": False, "screenshot": None, **values})


def test_wizard_runs_when_nothing_is_configured(asked, tmp_path, qapp):
    """No address anywhere: the wizard is shown; cancelling it ends the start."""
    calls, answer = asked
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert first_run_done(args(), settings) is True
    answer[0] = False
    assert first_run_done(args(), settings) is False
    assert len(calls) == 2


@pytest.mark.parametrize("values", [{"db": "x.db"}, {"demo": True}, {"screenshot": "/tmp/shots"}])
def test_wizard_skipped_when_the_command_line_decides(asked, tmp_path, qapp, values):
    """--db, --demo and --screenshot never show the wizard."""
    calls, _ = asked
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert first_run_done(args(**values), settings) is True and calls == []


def test_wizard_skipped_with_a_saved_address(asked, tmp_path, qapp):
    """An address saved in the settings (by the wizard or the 数据库 tab) means no wizard."""
    calls, _ = asked
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("db/url", "sqlite:///x.db")
    assert first_run_done(args(), settings) is True and calls == []

"""When the desktop asks how to set itself up: only when nothing names a database yet."""

import pytest

import app.database as app_database
from app.database import needs_first_run


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(app_database, "data_dir", lambda: tmp_path)
    monkeypatch.delenv("GRIDCC_DB", raising=False)
    return tmp_path


def test_nothing_configured_asks(data_folder):
    """No --db, no --demo, no GRIDCC_DB, no saved address, no default file: the wizard is shown."""
    assert needs_first_run(None, None, demo=False)


@pytest.mark.parametrize(("cli", "saved", "demo"), [
    ("sqlite:///x.db", None, False), (None, "sqlite:///x.db", False), (None, None, True),
])
def test_anything_named_skips_it(data_folder, cli, saved, demo):
    """--db, a saved address or --demo each mean the user already chose."""
    assert not needs_first_run(cli, saved, demo=demo)


def test_environment_or_existing_default_file_skips_it(data_folder, monkeypatch):
    """GRIDCC_DB, or a default file from an earlier installation, skip the wizard."""
    monkeypatch.setenv("GRIDCC_DB", "sqlite:///x.db")
    assert not needs_first_run(None, None, demo=False)
    monkeypatch.delenv("GRIDCC_DB")
    (data_folder / "gridcc.db").write_bytes(b"")
    assert not needs_first_run(None, None, demo=False)

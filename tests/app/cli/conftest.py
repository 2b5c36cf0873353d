"""The command line's log goes to a folder of each test's own, never the user's log folder."""

import pytest


@pytest.fixture(autouse=True)
def log_folder(tmp_path, monkeypatch):
    """GRIDCC_LOG_DIR for the test: a `log` folder in its temporary directory."""
    folder = tmp_path / "log"
    monkeypatch.setenv("GRIDCC_LOG_DIR", str(folder))
    return folder

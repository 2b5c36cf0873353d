"""Fixtures shared by the tests of app/."""

from __future__ import annotations

import io
import sys

import pytest


@pytest.fixture
def no_gridcc_environment(monkeypatch):
    """No GRIDCC_* from the shell; standard input is not a terminal unless a test says so."""
    for name in ("GRIDCC_DB", "GRIDCC_NOW", "GRIDCC_USER", "GRIDCC_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

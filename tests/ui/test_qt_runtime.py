"""The installed PySide6 keeps None alive (PYSIDE-3474: 6.12.0 on Python 3.11 does not), and the
check that guards the program, the tests and the benchmarks tells a leaking call from a sound one."""

from __future__ import annotations

import ctypes
import subprocess
import sys

from ui.qt_runtime import PROBE_CALLS, drops_none_references

#: More calls returning None than None has references at start: a leaking PySide6 aborts on them.
MANY_CALLS = 50_000

_MANY_NONE_RETURNS = f"""
from PySide6.QtCore import QObject
probe = QObject()
for _ in range({MANY_CALLS}):
    probe.parent()
    probe.setObjectName("x")
print("alive")
"""


def test_pyside_calls_returning_none_do_not_abort():
    """A fresh interpreter survives 100,000 PySide6 calls returning None, with no workaround applied."""
    done = subprocess.run([sys.executable, "-c", _MANY_NONE_RETURNS], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "alive"


def test_installed_pyside_passes_the_check():
    """The check the program runs before Qt starts finds nothing wrong with the installed PySide6."""
    assert drops_none_references() is False


def test_check_detects_a_call_that_loses_none():
    """A call that drops one reference to None per call, like PySide6 6.12.0, is caught."""
    decref = ctypes.pythonapi.Py_DecRef
    decref.argtypes = [ctypes.py_object]
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    lost = 0

    def leaking_call():
        nonlocal lost
        incref(None)  # the reference our own argument passing needs back, then one lost for good
        decref(None)
        decref(None)
        lost += 1

    try:
        assert drops_none_references(leaking_call) is True
    finally:
        for _ in range(lost):
            incref(None)
    assert lost == PROBE_CALLS

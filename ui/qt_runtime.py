"""The one thing the program asks of the installed PySide6: that it keeps None alive.

PySide6 6.12.0's wheels, run on Python 3.11, drop a reference to None on ordinary calls that
return None (`QObject.parent()`, `setObjectName()`, …), as if None were immortal — which it is
only from Python 3.12 on. Upstream tracks it as PYSIDE-3474 (bugreports.qt.io). None starts with a
few thousand references, so a window open for a morning, or a test session, ends in "Fatal Python
error: none_dealloc". PySide6 6.11.3 does not have the bug, so pyproject.toml keeps PySide6 below
6.12 (lift the cap when a 6.12.x passes tests/ui/test_qt_runtime.py on Python 3.11).

The program, the GUI tests and the GUI benchmarks call `require_sound_pyside()` before Qt starts,
so an environment that ignored the cap gets one clear line instead of a crash hours later.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

#: The calls counted: far fewer than None's references, enough to tell a leak from noise.
PROBE_CALLS = 200


class UnsoundPySide(RuntimeError):
    """The installed PySide6 loses references to None; the message says what to install."""


def drops_none_references(call: Callable[[], object] | None = None, calls: int = PROBE_CALLS) -> bool:
    """True when `call` (by default a PySide6 call that returns None) loses a reference to None."""
    if call is None:
        from PySide6.QtCore import QObject
        call = QObject().parent
    before = sys.getrefcount(None)
    for _ in range(calls):
        call()
    return before - sys.getrefcount(None) >= calls // 2


def require_sound_pyside() -> None:
    """Raise UnsoundPySide when the installed PySide6 has the None reference bug."""
    if sys.version_info >= (3, 12) or not drops_none_references():
        return
    import PySide6
    raise UnsoundPySide(
        f"PySide6 {PySide6.__version__} 在 Python {sys.version_info.major}.{sys.version_info.minor} 上有引用计数缺陷"
        f"（PYSIDE-3474），程序运行一段时间后会崩溃；请安装 6.12 以下版本：pip install \"PySide6<6.12\""
    )

"""The desktop application (PySide6): windows, panes, dialogs. Calls app/ services only.

Importing `ui` applies one workaround before any Qt call: PySide6 6.12 on Python 3.11 drops a
reference to None (and True/False) on calls that return them, as if they were immortal (they are
only from Python 3.12 on); a long-running window or test session would abort after some tens of
thousands of such calls. Giving the three singletons a huge reference count makes that harmless.
"""

import ctypes
import sys

if sys.version_info < (3, 12):
    for _singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(_singleton)).value += 1 << 40

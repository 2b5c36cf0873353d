"""Run in a fresh process by the startup benchmark: open the main window, report first paint.

`python -m ui.bench.startup_probe DATABASE_URL STARTED_NS` prints the milliseconds from
STARTED_NS (time.time_ns() in the parent just before it started this process) to the first
paint of the main window, then exits.
"""

from __future__ import annotations

import sys
import time


def main() -> int:
    url, started_ns = sys.argv[1], int(sys.argv[2])
    from PySide6.QtCore import QEvent, QObject, QSettings

    from ui.app import application, open_context
    from ui.assembly import build_main_window
    from ui.theme import apply_theme

    app = application()
    apply_theme(app)

    class Args:
        db, demo, now, screenshot = url, False, None, None

    ctx = open_context(Args)
    window = build_main_window(ctx, QSettings("GridCC-bench", "startup"))

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                print(round((time.time_ns() - started_ns) / 1e6, 1), flush=True)
                app.exit(0)
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.resize(1920, 1080)
    window.restore_layout()  # as `gridcc` does: the page the user left (the queue at first) is built
    window.show()
    app.exec()
    window.watcher.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

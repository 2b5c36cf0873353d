"""The wall for `gridcc --screenshot DIR`: wall.png at 3840×2160 and wall_1080.png at 1920×1080,
both as a 98-inch panel read from 5 metres (the type as the wall would size it there)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent

from app.wall.options import WallOptions
from app.wall.readability import px_per_mm, type_scale
from ui.context import UiContext
from ui.wall.window import WallWindow

#: (file name, width, height)
SHOTS = (("wall.png", 3840, 2160), ("wall_1080.png", 1920, 1080))
PANEL_INCHES = 98.0


def render_wall(ctx: UiContext, folder: Path, settle: Callable[[], None]) -> list[Path]:
    """Draw the wall at each size (a window of its own for each) once its data and map are in."""
    options = WallOptions(diagonal_inches=PANEL_INCHES)
    written = []
    for name, width, height in SHOTS:
        window = WallWindow(ctx, options)
        try:
            window.apply_scale(type_scale(options.distance_m, height, px_per_mm(width, height,
                                                                                  diagonal_inches=PANEL_INCHES)))
            window.resize(width, height)
            window.show()
            settle()
            if window.pages.map is not None:
                window.pages.map.wait_until_ready()
            settle()
            path = folder / name
            window.grab().save(str(path))
            written.append(path)
        finally:
            window.close()
            window.deleteLater()  # a screenshot run leaves no window behind
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return written

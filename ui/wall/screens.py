"""Which screen the wall goes to, and the type scale that screen and the distance give."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QScreen

from app.wall.options import WallOptions
from app.wall.readability import TypeScale, px_per_mm, type_scale


def scale_for(screen: QScreen, options: WallOptions) -> TypeScale:
    """The type scale for `screen` (logical pixels, so 200 % scaling changes nothing on the glass)
    read from the options' distance; the panel's size from the options' diagonal, else the screen's."""
    geometry = screen.geometry()
    density = px_per_mm(geometry.width(), geometry.height(), width_mm=screen.physicalSize().width(),
                        diagonal_inches=options.diagonal_inches)
    return type_scale(options.distance_m, geometry.height(), density)


def chosen_screen(options: WallOptions) -> QScreen:
    """The screen numbered `options.screen` (from 1), or the last one when there are fewer."""
    screens = QGuiApplication.screens()
    return screens[min(options.screen, len(screens)) - 1]

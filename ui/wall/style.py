"""The wall's dark look, with every text size in pixels from the viewing distance (app.wall.readability)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QFont

from app.wall.readability import TypeScale
from ui.theme import pick_font_family

BACKGROUND = "#06121f"
PANEL = "#0b1a2e"
BORDER = "#1d3a5c"
TEXT = "#dfe7f2"
MUTED = "#8fa6c2"
ACCENT = "#5aa2ff"
RED = "#ff5a4e"
YELLOW = "#ffc23d"
GREEN = "#4cd07d"
STALE = "#ff8a3d"


@lru_cache(maxsize=64)
def wall_font(px: int, bold: bool = False) -> QFont:
    """A CJK font of `px` pixels (pixels, not points: the size comes from the distance); made once
    per size (a wall paints every two seconds for weeks)."""
    font = QFont()
    family = pick_font_family()
    if family:
        font.setFamily(family)
    font.setPixelSize(max(1, px))
    font.setBold(bold)
    return font


def style_sheet(scale: TypeScale) -> str:
    """The style sheet of the wall's top widget for this type scale."""
    body, title, headline = scale.body, scale.title, scale.headline
    pad = scale.spacing
    return f"""
QWidget#wall {{ background: {BACKGROUND}; color: {TEXT}; font-size: {body}px; }}
QWidget#wall QLabel {{ color: {TEXT}; font-size: {body}px; background: transparent; }}
QWidget#wall QLabel#wallDistrict {{ font-size: {title}px; font-weight: bold; color: white; }}
QWidget#wall QLabel#wallTitle {{ font-size: {title}px; color: {ACCENT}; font-weight: bold; }}
QWidget#wall QLabel#wallClock {{ font-size: {title}px; color: white; }}
QWidget#wall QLabel#wallBanner {{ background: #5c1a12; color: white; font-weight: bold; padding: {pad // 2}px {pad}px;
                     border: 2px solid {RED}; border-radius: 4px; }}
QWidget#wall QLabel#wallAnnounce {{ background: #4a3a05; color: {YELLOW}; font-weight: bold; padding: {pad // 2}px {pad}px;
                       border: 2px solid {YELLOW}; border-radius: 4px; }}
QWidget#wall QLabel#wallAnnounce[flash="on"] {{ background: {YELLOW}; color: #1a1200; }}
QFrame#wallPanel, QFrame#wallTile {{ background: {PANEL}; border: 1px solid {BORDER}; border-radius: 6px; }}
QWidget#wall QLabel#panelTitle {{ font-weight: bold; color: white; }}
QWidget#wall QLabel#panelStamp {{ color: {MUTED}; }}
QWidget#wall QLabel#panelStamp[stale="true"] {{ color: {STALE}; font-weight: bold; }}
QWidget#wall QLabel#tileLabel {{ color: {MUTED}; }}
QWidget#wall QLabel#tileValue {{ font-size: {headline}px; font-weight: bold; color: white; }}
QWidget#wall QLabel#tileValue[stale="true"] {{ color: {MUTED}; }}
QWidget#wall QLabel#tileChange {{ color: {MUTED}; }}
QWidget#wall QLabel#tileChange[trend="good"] {{ color: {GREEN}; }}
QWidget#wall QLabel#tileChange[trend="bad"] {{ color: {RED}; }}
QWidget#wall QLabel#mediationValue {{ font-size: {title}px; font-weight: bold; color: white; }}
"""

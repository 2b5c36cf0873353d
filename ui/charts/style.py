"""Chart themes (light for the desk and paper, dark for the wall) and what every chart shares:
CJK fonts on the axes, a plain background, category ticks that never hide the first label."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont

from ui.theme import pick_font_family


@dataclass(frozen=True)
class ChartTheme:
    """Colours of one look; `palette` gives the series colours in order."""

    name: str
    background: str
    foreground: str
    grid_alpha: float
    palette: tuple[str, ...]


LIGHT = ChartTheme("light", "#ffffff", "#1a2b3c", 0.25,
                   ("#1f5fae", "#1e8e3e", "#f2a600", "#d93025", "#7b4fb2", "#00838f"))
DARK = ChartTheme("dark", "#0b1a2e", "#dfe7f2", 0.2,
                  ("#5aa2ff", "#4cd07d", "#ffc94a", "#ff6b5e", "#b48cff", "#4dd0e1"))
_THEMES = {"light": LIGHT, "dark": DARK}


def theme_named(name: str) -> ChartTheme:
    """The theme called `name` ('light' or 'dark')."""
    return _THEMES[name]


def chart_font(point_size: int = 10, bold: bool = False) -> QFont:
    """A font that covers Chinese, for axis ticks, labels and titles."""
    font = QFont()
    family = pick_font_family()
    if family:
        font.setFamily(family)
    font.setPointSize(point_size)
    font.setBold(bold)
    return font


def style_plot(widget: pg.PlotWidget, theme: ChartTheme, *, show_grid: tuple[bool, bool]) -> None:
    """Background, axis pens and fonts, grid lines and no mouse interaction (a chart is read, not
    panned: a wall must not drift after a stray click)."""
    widget.setBackground(theme.background)
    plot = widget.getPlotItem()
    plot.setMenuEnabled(False)
    _adopt_menus(widget)
    plot.hideButtons()
    plot.getViewBox().setMouseEnabled(x=False, y=False)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(theme.foreground))
        axis.setTextPen(pg.mkPen(theme.foreground))
        axis.setStyle(tickFont=chart_font(10), autoExpandTextSpace=True, hideOverlappingLabels=False, maxTickLevel=0)
        axis.label.setFont(chart_font(10))
    plot.showGrid(x=show_grid[0], y=show_grid[1], alpha=theme.grid_alpha)


def set_title(widget: pg.PlotWidget, theme: ChartTheme, title: str) -> None:
    """The title above the plot, in the theme's colour and a CJK font."""
    plot = widget.getPlotItem()
    plot.setTitle(title, color=theme.foreground, size="13pt")
    plot.titleLabel.item.setFont(chart_font(13, bold=True))


def category_ticks(labels: tuple[str, ...], max_ticks: int) -> list[tuple[float, str]]:
    """Every k-th label so at most `max_ticks` show, always the first and the last."""
    if not labels:
        return []
    step = max(1, math.ceil(len(labels) / max(1, max_ticks)))
    shown = list(range(0, len(labels), step))
    last = len(labels) - 1
    if shown[-1] != last:
        if last - shown[-1] < step / 2 and len(shown) > 1:
            shown[-1] = last
        else:
            shown.append(last)
    return [(float(i), labels[i]) for i in shown]


def text_width(text: str, font: QFont) -> int:
    """Width in pixels of `text` in `font`."""
    from PySide6.QtGui import QFontMetrics
    return QFontMetrics(font).horizontalAdvance(text)


def brush(color: str, alpha: int = 255) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c


def value_text(value: float, value_format: str) -> str:
    """A bar's value as written beside it: '12' or '87.5%'."""
    if value_format == "percent":
        return f"{value * 100:.1f}%"
    return f"{value:g}" if value != int(value) else str(int(value))


def _adopt_menus(widget: pg.PlotWidget) -> None:
    """pyqtgraph makes the plot's and the view box's context menus without a parent: windows of
    their own that would outlive the chart. Made the chart's children (they stay disabled), they
    go with it — no window left behind when a page or the wall closes."""
    plot = widget.getPlotItem()
    for menu in (plot.ctrlMenu, plot.getViewBox().menu):
        if menu is not None and menu.parent() is None:
            menu.setParent(widget, menu.windowFlags())

"""Bar charts: `RankingChart` (horizontal bars, first rank on top: departments by 按期结案率,
categories by count) and `BarChart` (vertical bars: sources and their shares).

The bar item and the value labels are made once and fed new values with setOpts/setText/setPos;
labels beyond the current count are hidden, not deleted, so redrawing never grows the scene.
"""

from __future__ import annotations

import pyqtgraph as pg

from ui.charts.style import (
    ChartTheme, LIGHT, brush, category_ticks, chart_font, set_title, style_plot, text_width, value_text,
)

#: room beyond the longest bar for its value label, as a share of the longest bar
VALUE_ROOM = 0.22
BAR = 0.62


class _Bars(pg.PlotWidget):
    """What both bar charts share: one BarGraphItem, a pool of value labels, a theme, a title."""

    horizontal = True

    def __init__(self, parent=None, *, theme: ChartTheme = LIGHT):
        super().__init__(parent)
        self._theme = theme
        self._labels: list[pg.TextItem] = []
        self._value_format = "count"
        style_plot(self, theme, show_grid=(self.horizontal, not self.horizontal))
        self.bars = pg.BarGraphItem(x0=[], y=[], height=BAR, width=[]) if self.horizontal else \
            pg.BarGraphItem(x=[], y0=[], width=BAR, height=[])
        self.getPlotItem().addItem(self.bars)

    @property
    def value_labels(self) -> list[pg.TextItem]:
        return list(self._labels)

    def set_title(self, title: str) -> None:
        set_title(self, self._theme, title)

    def set_axis_label(self, text: str) -> None:
        axis = "bottom" if self.horizontal else "left"
        self.getPlotItem().getAxis(axis).setLabel(text, color=self._theme.foreground)

    def set_data(self, labels: tuple[str, ...], values: tuple[float, ...], *, value_format: str = "count",
                 colors: tuple[str, ...] | None = None) -> None:
        """Show one bar per label; percent values are fractions 0–1 drawn on a 0–100 scale."""
        scale = 100.0 if value_format == "percent" else 1.0
        lengths = [float(v) * scale for v in values]
        positions = list(range(len(labels)))
        palette = colors or (self._theme.palette[0],)
        brushes = [brush(palette[i % len(palette)]) for i in positions]
        pen = pg.mkPen(None)
        if self.horizontal:
            self.bars.setOpts(x0=[0] * len(lengths), y=positions, height=BAR, width=lengths, brushes=brushes, pen=pen)
        else:
            self.bars.setOpts(x=positions, y0=[0] * len(lengths), width=BAR, height=lengths, brushes=brushes, pen=pen)
        self._place_labels(values, lengths, value_format)
        longest = max([1.0] + lengths)
        self._set_axes(tuple(labels), longest * (1 + VALUE_ROOM) if value_format != "percent" else
                       max(100.0, longest) * (1 + VALUE_ROOM))

    def _place_labels(self, values, lengths, value_format: str) -> None:
        while len(self._labels) < len(values):
            label = pg.TextItem(color=self._theme.foreground, anchor=(0, 0.5) if self.horizontal else (0.5, 1))
            label.setFont(chart_font(9))
            self.getPlotItem().addItem(label)
            self._labels.append(label)
        for index, label in enumerate(self._labels):
            if index < len(values):
                label.setText(value_text(values[index], value_format))
                label.setPos(lengths[index], index) if self.horizontal else label.setPos(index, lengths[index])
                label.setVisible(True)
            else:
                label.setVisible(False)


class RankingChart(_Bars):
    """Horizontal bars, the first label on top; unit names on the left axis, values beside the bars."""

    horizontal = True

    def __init__(self, parent=None, *, theme: ChartTheme = LIGHT):
        super().__init__(parent, theme=theme)
        self.getPlotItem().getViewBox().invertY(True)

    def _set_axes(self, labels: tuple[str, ...], value_end: float) -> None:
        plot = self.getPlotItem()
        left = plot.getAxis("left")
        left.setTicks([[(float(i), name) for i, name in enumerate(labels)], []])
        font = chart_font(10)
        left.setWidth(max([40] + [text_width(name, font) for name in labels]) + 14)
        plot.setYRange(-0.6, max(0, len(labels) - 1) + 0.6, padding=0)
        plot.setXRange(0, value_end, padding=0)


class BarChart(_Bars):
    """Vertical bars with category names under them and the values on top."""

    horizontal = False

    def __init__(self, parent=None, *, theme: ChartTheme = LIGHT, max_ticks: int = 12):
        self._max_ticks = max_ticks
        super().__init__(parent, theme=theme)

    def _set_axes(self, labels: tuple[str, ...], value_end: float) -> None:
        plot = self.getPlotItem()
        plot.getAxis("bottom").setTicks([category_ticks(labels, self._max_ticks), []])
        plot.setXRange(-0.6, max(0, len(labels) - 1) + 0.6, padding=0)
        plot.setYRange(0, value_end, padding=0)

"""TrendChart: lines over days (registered and closed per day, …).

Its curves and legend are made once; `set_data` only feeds them new values (setData), so a wall
that redraws every minute for weeks makes no new scene items. The y range leaves a band free
above the highest point and the legend sits in it, so it never covers a line.
"""

from __future__ import annotations

import pyqtgraph as pg
from ui.charts.style import ChartTheme, LIGHT, category_ticks, chart_font, set_title, style_plot

#: the free band above the data, as a share of the highest value, where the legend goes
HEADROOM = 0.32


class TrendChart(pg.PlotWidget):
    """Lines of per-day values with category day labels on the x axis."""

    def __init__(self, parent=None, *, theme: ChartTheme = LIGHT, max_ticks: int = 10):
        super().__init__(parent)
        self._theme = theme
        self._max_ticks = max_ticks
        self._curves: list[pg.PlotDataItem] = []
        self._names: list[str] = []
        style_plot(self, theme, show_grid=(False, True))
        self.legend = pg.LegendItem(colCount=4, labelTextColor=theme.foreground, labelTextSize="10pt",
                                    horSpacing=16, frame=False)
        self.legend.setParentItem(self.getPlotItem().getViewBox())
        self.legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-8, 4))

    @property
    def curves(self) -> list[pg.PlotDataItem]:
        """The line items, one per series ever shown (kept and reused)."""
        return list(self._curves)

    def set_title(self, title: str) -> None:
        set_title(self, self._theme, title)

    def set_axis_label(self, text: str) -> None:
        self.getPlotItem().getAxis("left").setLabel(text, color=self._theme.foreground)

    def set_data(self, labels: tuple[str, ...], series: list[tuple[str, tuple[float, ...]]]) -> None:
        """Show `series` (name, one value per label) against the day `labels`."""
        while len(self._curves) < len(series):
            color = self._theme.palette[len(self._curves) % len(self._theme.palette)]
            curve = self.getPlotItem().plot([], [], pen=pg.mkPen(color, width=2.5),
                                            symbol="o", symbolSize=5, symbolBrush=color, symbolPen=None)
            self._curves.append(curve)
        xs = list(range(len(labels)))
        highest = 0.0
        for index, curve in enumerate(self._curves):
            if index < len(series):
                values = [float(v) for v in series[index][1]]
                curve.setData(xs, values)
                curve.setVisible(True)
                highest = max([highest] + values)
            else:
                curve.setData([], [])
                curve.setVisible(False)
        self._set_legend([name for name, _values in series])
        bottom = self.getPlotItem().getAxis("bottom")
        bottom.setTicks([category_ticks(tuple(labels), self._max_ticks), []])
        self.getPlotItem().setXRange(-0.6, max(0, len(labels) - 1) + 0.6, padding=0)
        self.getPlotItem().setYRange(0, max(1.0, highest) * (1 + HEADROOM), padding=0)

    def _set_legend(self, names: list[str]) -> None:
        """Re-label the legend only when the names change (rare), never on a plain data update."""
        if names == self._names:
            return
        self.legend.clear()
        for name, curve in zip(names, self._curves):
            self.legend.addItem(curve, name)
        for _sample, label in self.legend.items:
            label.item.setFont(chart_font(10))
            label.item.setDefaultTextColor(pg.mkColor(self._theme.foreground))
        self._names = names

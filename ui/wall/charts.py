"""The wall's charts: the shared pyqtgraph charts of ui/charts in their dark theme, with every text
in pixels from the viewing distance. Each chart is made once; a refresh only feeds it values."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QSizePolicy

from app.reports.series import DailySeries
from app.wall.snapshot import RankedUnit
from ui.charts import RankingChart, TrendChart
from ui.charts.style import DARK, text_width
from ui.wall.style import wall_font

#: day labels on the trend's axis at most (a wide wall label takes room)
TREND_TICKS = 4
#: unit names longer than this are cut with '…' (the bars need the room)
NAME_CHARS = 8


def _fluid(chart) -> None:
    """Let the layout decide the chart's size: a long axis label must not widen the wall."""
    chart.setMinimumSize(1, 1)
    chart.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)


def short_name(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[:NAME_CHARS - 1] + "…"


class WallTrend(TrendChart):
    """立案 and 结案 per day over the trend's days."""

    def __init__(self, parent=None):
        super().__init__(parent, theme=DARK, max_ticks=TREND_TICKS)
        _fluid(self)
        self._px = self._legend_px = 0

    def show_series(self, series: DailySeries) -> None:
        self.set_data(series.labels(), [(self.tr("立案"), series.registered), (self.tr("结案"), series.closed)])
        if self._px:
            self._legend_fonts()

    def _legend_fonts(self) -> None:
        if self._legend_px != self._px:
            self._legend_px = self._px
            self.legend.setLabelTextSize(f"{self._px}px")

    def set_body_px(self, px: int) -> None:
        self._px = px
        _fonts(self, px)
        self._legend_fonts()
        for curve in self.curves:
            curve.setSymbolSize(max(5, px // 4))
            curve.setPen(pg.mkPen(pg.mkPen(curve.opts["pen"]).color(), width=max(2, px / 9)))


class WallRanking(RankingChart):
    """Horizontal bars, the first on top: departments by 按期结案率, or counts by category/source."""

    def __init__(self, parent=None):
        super().__init__(parent, theme=DARK)
        _fluid(self)
        self._px = 0
        self._names: tuple[str, ...] = ()

    def show_units(self, rows: tuple[RankedUnit, ...], limit: int) -> None:
        rows = rows[:limit]
        self.show_values(tuple(short_name(row.unit) for row in rows), tuple(row.on_time_close_rate or 0.0 for row in rows),
                         value_format="percent")

    def show_counts(self, items: tuple[tuple[str, int], ...], limit: int) -> None:
        items = items[:limit]
        self.show_values(tuple(short_name(label) for label, _n in items), tuple(n for _label, n in items))

    def show_values(self, labels: tuple[str, ...], values: tuple[float, ...], value_format: str = "count") -> None:
        self._names = labels
        self.set_data(labels, values, value_format=value_format)
        self._fit()

    def set_body_px(self, px: int) -> None:
        self._px = px
        _fonts(self, px)
        self._fit()

    def _fit(self) -> None:
        if not self._px:
            return
        font = wall_font(self._px)
        for label in self.value_labels:
            label.setFont(font)
        left = self.getPlotItem().getAxis("left")
        left.setWidth(max([self._px * 2] + [text_width(name, font) for name in self._names]) + self._px // 2)


def _fonts(chart, px: int) -> None:
    """Axis ticks and labels in the wall's font size."""
    if not px:
        return
    font = wall_font(px)
    plot = chart.getPlotItem()
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setStyle(tickFont=font, tickTextOffset=max(3, px // 4))
        axis.label.setFont(font)

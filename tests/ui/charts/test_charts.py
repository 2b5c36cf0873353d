"""The shared chart widgets: items made once and updated in place, offscreen PNGs."""

from __future__ import annotations

from app.reports.charts import ChartSpec, Series, chart_png, has_chart_renderer
from ui.charts import BarChart, RankingChart, TrendChart, theme_named
from ui.charts.render import render_png
from ui.charts.renderer import install
from ui.charts.style import category_ticks

DAYS = tuple(f"10-{d:02d}" for d in range(1, 31))


def test_trend_chart_updates_its_curves_in_place(qtbot):
    """A second set_data feeds the same curve objects; nothing new is added to the plot."""
    chart = TrendChart(theme=theme_named("dark"))
    qtbot.addWidget(chart)
    chart.set_data(DAYS, [("立案", tuple(range(30))), ("结案", tuple(range(30, 0, -1)))])
    curves = chart.curves
    items = len(chart.getPlotItem().items)
    chart.set_data(DAYS, [("立案", (5,) * 30), ("结案", (7,) * 30)])
    assert chart.curves == curves
    assert [c is d for c, d in zip(chart.curves, curves)] == [True, True]
    assert len(chart.getPlotItem().items) == items
    assert list(curves[0].getData()[1]) == [5.0] * 30


def test_trend_chart_first_tick_and_legend_headroom(qtbot):
    """The first day is always labelled, and the y range leaves room above the data for the legend."""
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.set_data(DAYS, [("立案", (100,) * 30)])
    ticks = chart.getPlotItem().getAxis("bottom")._tickLevels[0]
    assert ticks[0] == (0.0, "10-01") and ticks[-1] == (29.0, "10-30")
    assert chart.getPlotItem().getViewBox().viewRange()[1][1] > 125


def test_ranking_chart_reuses_bars_and_labels(qtbot):
    """The bar item stays the same object; fewer units hide the spare value labels."""
    chart = RankingChart()
    qtbot.addWidget(chart)
    chart.set_data(("甲局", "乙局", "丙局"), (0.9, 0.8, 0.5), value_format="percent")
    bars, labels = chart.bars, chart.value_labels
    chart.set_data(("甲局", "乙局"), (0.7, 0.6), value_format="percent")
    assert chart.bars is bars and chart.value_labels == labels
    assert [label.isVisible() for label in labels] == [True, True, False]
    assert labels[0].toPlainText() == "70.0%"


def test_bar_chart_shows_values(qtbot):
    """Vertical bars carry their counts above them."""
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_data(("网格员上报", "12345热线"), (12, 3))
    assert [label.toPlainText() for label in chart.value_labels] == ["12", "3"]


def test_category_ticks_keep_first_and_last():
    """At most about max_ticks labels, the first and the last always among them."""
    ticks = category_ticks(DAYS, 7)
    assert ticks[0][1] == "10-01" and ticks[-1][1] == "10-30" and len(ticks) <= 8


def test_render_png_through_the_app_interface(qapp):
    """chart_png in app/ draws with the installed pyqtgraph renderer: a PNG of the asked size."""
    install()
    assert has_chart_renderer()
    spec = ChartSpec(kind="trend", title="近30日趋势", labels=DAYS,
                     series=(Series(name="立案", values=(3,) * 30),))
    data = chart_png(spec, (800, 400))
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage
    image = QImage.fromData(data)
    assert (image.width(), image.height()) == (800, 400)
    assert render_png(spec, (400, 300))[:4] == b"\x89PNG"

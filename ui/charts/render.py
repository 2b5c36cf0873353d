"""Charts drawn offscreen to PNG, for the workbook and the PDF: the same widgets the screens show."""

from __future__ import annotations

import os

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtWidgets import QApplication

from app.reports.charts import ChartSpec
from ui.charts.bars import BarChart, RankingChart
from ui.charts.style import LIGHT, ChartTheme
from ui.charts.trend import TrendChart


def chart_for(spec: ChartSpec, *, theme: ChartTheme = LIGHT, parent=None):
    """A chart widget showing `spec`."""
    if spec.kind == "trend":
        chart = TrendChart(parent, theme=theme)
        chart.set_data(spec.labels, [(s.name, s.values) for s in spec.series])
        if spec.axis_label:
            chart.set_axis_label(spec.axis_label)
    else:
        chart = RankingChart(parent, theme=theme) if spec.kind == "ranking" else BarChart(parent, theme=theme)
        values = spec.series[0].values if spec.series else ()
        chart.set_data(spec.labels, values, value_format=spec.value_format)
        if spec.axis_label:
            chart.set_axis_label(spec.axis_label)
    if spec.title:
        chart.set_title(spec.title)
    return chart


def render_png(spec: ChartSpec, size: tuple[int, int] = (1200, 600), *, theme: ChartTheme = LIGHT) -> bytes:
    """The chart at `size` pixels as PNG bytes, drawn offscreen (no window is shown)."""
    ensure_application()
    chart = chart_for(spec, theme=theme)
    try:
        chart.resize(*size)
        chart.grab()  # the first grab lays the axes out; the second draws them at their final size
        image = chart.grab().toImage()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())
    finally:
        chart.deleteLater()


def ensure_application() -> QApplication:
    """The running QApplication, or an offscreen one for a command-line run."""
    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    return app

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
    """A new chart widget of the spec's kind showing `spec` (later specs go to its set_spec)."""
    kinds = {"trend": TrendChart, "ranking": RankingChart, "bars": BarChart}
    chart = kinds[spec.kind](parent, theme=theme)
    chart.set_spec(spec)
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

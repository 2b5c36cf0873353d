"""Install the pyqtgraph renderer behind app.reports.charts.chart_png (called by the launcher and
the GUI; pyqtgraph is imported only when a chart is actually drawn)."""

from __future__ import annotations

from app.reports.charts import ChartSpec, register_chart_renderer


def _render(spec: ChartSpec, size: tuple[int, int]) -> bytes:
    from ui.charts.render import render_png
    return render_png(spec, size)


def install() -> None:
    """Make chart_png draw with the widgets of ui/charts."""
    register_chart_renderer(_render)

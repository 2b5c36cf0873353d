"""Charts as data: a `ChartSpec` says what to draw; a renderer registered by the GUI layer draws it.

The reports (workbook, PDF) need chart images but app/ never imports Qt, so the drawing is
registered from ui/ (`ui.charts.renderer.install`) and reached here through `chart_png`. The wall
and the Reports page draw the same specs live with the widgets of ui/charts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.cases.errors import CaseError

#: what a chart shows: a daily trend (lines), vertical bars (shares), a horizontal ranking
KINDS = ("trend", "bars", "ranking")
#: how values read: counts, or fractions 0–1 shown as percentages
VALUE_FORMATS = ("count", "percent")


class ChartUnavailable(CaseError):
    """No chart renderer is installed (app/ used without the GUI layer)."""


@dataclass(frozen=True, kw_only=True)
class Series:
    """One line or one set of bars: a name for the legend and one value per label."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True, kw_only=True)
class ChartSpec:
    """What to draw: the kind, a title, the category labels (days, categories, units) and the series."""

    kind: str
    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    value_format: str = "count"
    axis_label: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown chart kind {self.kind!r}")
        if self.value_format not in VALUE_FORMATS:
            raise ValueError(f"unknown value format {self.value_format!r}")
        for series in self.series:
            if len(series.values) != len(self.labels):
                raise ValueError(f"series {series.name!r} has {len(series.values)} values for {len(self.labels)} labels")


Renderer = Callable[[ChartSpec, tuple[int, int]], bytes]
_renderer: list[Renderer] = []


def register_chart_renderer(renderer: Renderer) -> None:
    """Install the function that turns a spec into PNG bytes (the GUI layer does this once)."""
    _renderer[:] = [renderer]


def has_chart_renderer() -> bool:
    return bool(_renderer)


def chart_png(spec: ChartSpec, size: tuple[int, int] = (1200, 600)) -> bytes:
    """The chart as PNG bytes, drawn by the installed renderer."""
    if not _renderer:
        raise ChartUnavailable("未安装图表绘制组件，无法生成图表")
    return _renderer[0](spec, size)

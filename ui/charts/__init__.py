"""pyqtgraph charts shared by the Reports page, the wall and the report images."""

from ui.charts.bars import BarChart, RankingChart
from ui.charts.style import ChartTheme, theme_named
from ui.charts.trend import TrendChart

__all__ = ["BarChart", "ChartTheme", "RankingChart", "TrendChart", "theme_named"]

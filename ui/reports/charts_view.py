"""The 图表 tab of 统计考核: the score ranking and the rates of the units, as pyqtgraph bars.

Drawn from the rows the table shows (the figures are never computed here): 综合得分 in ranking
order, and 结案率, 按期结案率, 返工率 each ranked by itself. Units without a value (not scored,
nothing due) are left out of that chart; a level with many units shows its first MAX_BARS.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from app.assessment.figures import UnitFigures
from ui.charts import RankingChart
from ui.reports.assessment_model import GRADE_COLORS

MAX_BARS = 20


class AssessmentCharts(QWidget):
    """Four ranking charts in a grid, with a line saying what is shown."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.score = RankingChart()
        self.close_rate = RankingChart()
        self.on_time = RankingChart()
        self.rework = RankingChart()
        self.note = QLabel()
        self.note.setStyleSheet("color: #5f6b7a;")
        grid = QGridLayout()
        for number, chart in enumerate((self.score, self.on_time, self.close_rate, self.rework)):
            chart.setMinimumHeight(240)
            grid.addWidget(chart, number // 2, number % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.note)
        layout.addLayout(grid, 1)

    def show_rows(self, rows: list[UnitFigures], level_name: str) -> None:
        """Draw the charts of `rows` (as `assess` ranked them) for units of `level_name`."""
        scored = [row for row in rows if row.score is not None][:MAX_BARS]
        self.score.set_title(self.tr("综合得分排名"))
        self.score.set_data(tuple(row.unit for row in scored), tuple(row.score for row in scored),
                            colors=tuple(GRADE_COLORS.get(row.grade, "#1f5fae") for row in scored))
        self._rate(self.on_time, self.tr("按期结案率"), rows, "on_time_close_rate")
        self._rate(self.close_rate, self.tr("结案率"), rows, "close_rate")
        self._rate(self.rework, self.tr("返工率（由高到低）"), rows, "rework_rate")
        shown = len([row for row in rows if row.score is not None])
        self.note.setText(self.tr("{level}共 {n} 个，参与评分 {scored} 个；每张图最多显示前 {most} 个").format(
            level=level_name, n=len(rows), scored=shown, most=MAX_BARS))

    @staticmethod
    def _rate(chart: RankingChart, title: str, rows: list[UnitFigures], name: str) -> None:
        """One rate, highest first."""
        valued = sorted((row for row in rows if getattr(row, name) is not None),
                        key=lambda row: (-getattr(row, name), row.unit_code))
        valued = valued[:MAX_BARS]
        chart.set_title(title)
        chart.set_data(tuple(row.unit for row in valued), tuple(getattr(row, name) for row in valued),
                       value_format="percent")


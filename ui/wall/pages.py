"""The wall's two pages, each made of panels: 实时态势 (the red and yellow list, the map, the trend,
mediation) and 分析研判 (departments by 按期结案率, categories, sources, the whole red and yellow list
when it is long). Every widget is made here once; a refresh only feeds them (`show`)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from app.wall.readability import TypeScale
from app.wall.snapshot import TREND_DAYS, Snapshot
from ui.context import UiContext
from ui.wall.alarm_board import AlarmBoard
from ui.wall.charts import WallRanking, WallTrend
from ui.wall.map_panel import WallMap
from ui.wall.mediation_panel import MediationView
from ui.wall.panel import Panel

#: bars the ranking and the breakdowns show at most
RANKED_BARS = 10
BREAKDOWN_BARS = 8


class WallPages:
    """The panels and the two page widgets holding them."""

    def __init__(self, ctx: UiContext, *, with_map: bool = True):
        self.alarms = AlarmBoard()
        self.alarms.day_seconds = ctx.cases.config().calendar.office_hours.standard_day_seconds
        self.map = WallMap(ctx) if with_map else None
        self.trend = WallTrend()
        self.mediation = MediationView()
        self.ranking = WallRanking()
        self.categories = WallRanking()
        self.sources = WallRanking()
        days = TREND_DAYS
        self.alarm_panel = Panel(translate("WallPages", "红黄灯案件"), self.alarms)
        self.map_panel = Panel(translate("WallPages", "一张图 · 网格亮灯"),
                               self.map or QLabel(translate("WallPages", "地图未启用")))
        self.trend_panel = Panel(translate("WallPages", "近{n}日立案与结案").format(n=days), self.trend)
        self.mediation_panel = Panel(translate("WallPages", "矛盾纠纷调解"), self.mediation)
        self.ranking_panel = Panel(translate("WallPages", "部门按期结案率（近{n}日）").format(n=days), self.ranking)
        self.categories_panel = Panel(translate("WallPages", "案件类别（近{n}日）").format(n=days), self.categories)
        self.sources_panel = Panel(translate("WallPages", "案件来源（近{n}日）").format(n=days), self.sources)
        self.panels = (self.alarm_panel, self.map_panel, self.trend_panel, self.mediation_panel,
                       self.ranking_panel, self.categories_panel, self.sources_panel)
        self.overview = QWidget()
        grid = QGridLayout(self.overview)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.alarm_panel, 0, 0, 2, 1)
        grid.addWidget(self.map_panel, 0, 1, 2, 1)
        grid.addWidget(self.trend_panel, 0, 2)
        grid.addWidget(self.mediation_panel, 1, 2)
        for column, stretch in enumerate((38, 36, 26)):
            grid.setColumnStretch(column, stretch)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        self.analysis = QWidget()
        second = QGridLayout(self.analysis)
        second.setContentsMargins(0, 0, 0, 0)
        second.addWidget(self.ranking_panel, 0, 0)
        second.addWidget(self.categories_panel, 0, 1)
        second.addWidget(self.sources_panel, 0, 2)
        for column, stretch in enumerate((40, 30, 30)):
            second.setColumnStretch(column, stretch)
        self.grids = (grid, second)
        self.titles = (translate("WallPages", "实时态势"), translate("WallPages", "分析研判"))

    def apply_scale(self, scale: TypeScale) -> None:
        for grid in self.grids:
            grid.setSpacing(scale.spacing)
        for panel in self.panels:
            panel.set_spacing(scale.spacing)
        self.alarms.set_body_px(scale.body)
        if self.map is not None:
            self.map.set_body_px(scale.body)
        for chart in (self.trend, self.ranking, self.categories, self.sources):
            chart.set_body_px(scale.body)

    def show(self, snapshot: Snapshot, tz) -> None:
        """Feed every panel from one snapshot and stamp them with its time."""
        alarms = snapshot.alarms
        self.alarms.set_rows(alarms.rows)
        self.alarm_panel.extra.setText(translate("WallPages", "  红 {red} · 黄 {yellow}").format(
            red=alarms.red, yellow=alarms.yellow))
        self.trend.show_series(snapshot.trend)
        self.ranking.show_units(snapshot.ranking, RANKED_BARS)
        self.categories.show_counts(snapshot.categories, BREAKDOWN_BARS)
        self.sources.show_counts(snapshot.sources, BREAKDOWN_BARS)
        mediation = snapshot.mediation
        self.mediation_panel.setVisible(mediation.exists)
        if mediation.exists:
            self.mediation.show_today(mediation)
        for panel in self.panels:
            panel.set_read(snapshot.read_at, tz)

    def set_stale(self, tz) -> None:
        for panel in self.panels:
            panel.set_stale(tz)

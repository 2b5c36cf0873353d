"""The 通报's four charts as ChartSpecs (drawn by ui/charts through app.reports.charts): the
month's daily trend, the top categories, the sources, and the departments by 按期结案率."""

from __future__ import annotations

from app.reports.charts import ChartSpec, Series, chart_png
from app.reports.monthly import MonthlyReport

#: categories and departments a chart shows (the rest are in the tables)
TOP_CATEGORIES = 10
TOP_DEPARTMENTS = 15
#: pixel size of the images put in the workbook and the PDF
IMAGE_SIZE = (960, 450)


def trend_spec(report: MonthlyReport) -> ChartSpec:
    trend = report.trend
    return ChartSpec(kind="trend", title=f"{report.month.label}每日立案与结案", labels=trend.labels(),
                     series=(Series(name="立案", values=trend.registered), Series(name="结案", values=trend.closed)),
                     axis_label="件")


def categories_spec(report: MonthlyReport) -> ChartSpec:
    top = report.breakdowns.categories[:TOP_CATEGORIES]
    return ChartSpec(kind="ranking", title=f"高发问题（前 {len(top)} 类）", labels=tuple(c.label for c in top),
                     series=(Series(name="件数", values=tuple(c.count for c in top)),), axis_label="件")


def sources_spec(report: MonthlyReport) -> ChartSpec:
    sources = report.breakdowns.sources
    return ChartSpec(kind="bars", title="案件来源", labels=tuple(s.label for s in sources),
                     series=(Series(name="件数", values=tuple(s.count for s in sources)),), axis_label="件")


def ranking_spec(report: MonthlyReport) -> ChartSpec:
    """Departments with cases due this month, by their 按期结案率 from the assessment table."""
    rows = sorted((row for row in report.departments if row.on_time_close_rate is not None),
                  key=lambda row: (-row.on_time_close_rate, row.unit_code))[:TOP_DEPARTMENTS]
    return ChartSpec(kind="ranking", title="各部门按期结案率", labels=tuple(row.unit for row in rows),
                     series=(Series(name="按期结案率", values=tuple(row.on_time_close_rate for row in rows)),),
                     value_format="percent", axis_label="%")


def chart_specs(report: MonthlyReport) -> list[ChartSpec]:
    """The charts in the order the 通报 shows them."""
    return [trend_spec(report), categories_spec(report), sources_spec(report), ranking_spec(report)]


def chart_images(report: MonthlyReport, size: tuple[int, int] = IMAGE_SIZE) -> list[tuple[ChartSpec, bytes]]:
    """Each chart with its PNG, drawn once for both the workbook and the PDF."""
    return [(spec, chart_png(spec, size)) for spec in chart_specs(report)]

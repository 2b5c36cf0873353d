"""Reports built on the assessment: the monthly 通报 and what it is made of.

- `periods`: the month, the month before (环比), the same month a year earlier (同比);
- `series.daily_series`: per-day 立案/结案 for trend charts (the wall and the Reports page too);
- `breakdowns`, `backlog`, `totals`: sources, categories, hot spots; overdue open cases; totals
  with 同比/环比 — all on the assessment's definitions (app/assessment);
- `monthly`: the whole 通报 as data; `monthly_text`, `monthly_xlsx`, `monthly_pdf`: its words,
  workbook and paper; `charts` / `monthly_charts`: charts as ChartSpecs drawn by ui/charts.
"""

"""The assessment table as a workbook a person would have made (openpyxl): a title row, styled
and frozen headers, widths fitted to Chinese text, counts as numbers, rates in percentage format,
a 合计 row, A4 landscape with the title and header rows repeated on every printed page (the look
is app/xlsx_style.py's, shared with the other workbooks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from app.assessment.figures import UnitFigures, average_hours, capped_ratio
from app.assessment.table import totals
from app.assessment.units import LEVELS
from app.xlsx_style import fit_widths, print_setup, save_book, write_headers, write_row, write_title

#: (field, heading, kind) — kind: text, count, rate, hours, score
COLUMNS = (
    ("unit", "单位", "text"), ("unit_code", "编码", "text"), ("registered", "立案数", "count"),
    ("due_to_close", "应结案数", "count"), ("closed", "结案数", "count"),
    ("closed_on_time", "按期结案数", "count"), ("close_rate", "结案率", "rate"),
    ("on_time_close_rate", "按期结案率", "rate"), ("handled", "处置数", "count"),
    ("reworked", "返工数", "count"), ("rework_rate", "返工率", "rate"), ("extended", "延期数", "count"),
    ("extension_rate", "延期率", "rate"), ("yellow_cards", "黄牌", "count"), ("red_cards", "红牌", "count"),
    ("avg_handle_hours", "平均处置时长（工作时）", "hours"), ("score", "综合得分", "score"), ("grade", "等级", "text"),
)
TITLE_ROW, HEADER_ROW = 1, 2


def title_of(level: str, start: date, end: date) -> str:
    """'部门考核表（2025-10-01 至 2025-10-31）' — the last day counted, not the exclusive end."""
    last = date.fromordinal(end.toordinal() - 1)
    return f"{LEVELS[level]}考核表（{start.isoformat()} 至 {last.isoformat()}）"


def write_workbook(rows: list[UnitFigures], path: str | Path, *, level: str, start: date, end: date) -> Path:
    """Write the table to `path` (.xlsx); a path that cannot be written is one Chinese line."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"{LEVELS[level]}考核"
    write_table_sheet(sheet, rows, title_of(level, start, end))
    return save_book(book, path)


def write_table_sheet(sheet, rows: list[UnitFigures], title: str, *, omit: tuple[str, ...] = ()) -> None:
    """The table on `sheet`: title, frozen headers, one row per unit, the 合计 row, print setup;
    the fields in `omit` are left out."""
    columns = [column for column in COLUMNS if column[0] not in omit]
    headings = [heading for _name, heading, _kind in columns]
    kinds = [kind for _name, _heading, kind in columns]
    write_title(sheet, TITLE_ROW, title, len(columns))
    write_headers(sheet, HEADER_ROW, headings)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    for offset, row in enumerate(rows):
        write_row(sheet, HEADER_ROW + 1 + offset, [_cell_value(row, name) for name, _h, _k in columns], kinds)
    total = dict(zip((name for name, _h, _k in COLUMNS), _total_values(rows)))
    write_row(sheet, HEADER_ROW + 1 + len(rows), [total[name] for name, _h, _k in columns], kinds, total=True)
    texts = {column: [str(getattr(row, name)) for row in rows]
             for column, (name, _h, kind) in enumerate(columns, start=1) if kind == "text"}
    fit_widths(sheet, headings, kinds, texts)
    print_setup(sheet, f"{TITLE_ROW}:{HEADER_ROW}")


def _cell_value(row: UnitFigures, name: str):
    value = getattr(row, name)
    return "" if value is None and name == "grade" else value


def _total_values(rows: list[UnitFigures]) -> list:
    """The 合计 row: counts added up, rates of the sums (not averages of rates), no score."""
    t = totals(rows)
    values = {
        "unit": "合计", "unit_code": "", "registered": t.registered, "due_to_close": t.due_to_close,
        "closed": t.closed, "closed_on_time": t.closed_on_time,
        "close_rate": capped_ratio(t.closed, t.due_to_close),
        "on_time_close_rate": capped_ratio(t.closed_on_time, t.due_to_close), "handled": t.handled,
        "reworked": t.reworked, "rework_rate": capped_ratio(t.reworked, t.handled), "extended": t.extended,
        "extension_rate": capped_ratio(t.extended, t.registered), "yellow_cards": t.yellow_cards,
        "red_cards": t.red_cards, "avg_handle_hours": average_hours(t), "score": None, "grade": "",
    }
    return [values[name] for name, _h, _k in COLUMNS]

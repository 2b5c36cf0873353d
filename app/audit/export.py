"""The audit log for an inspector: an .xlsx in the program's workbook look, or a CSV (UTF-8 with
BOM, so Excel opens the Chinese right).

Both start with what the file is — the filter used, who exported it and when — then one row per
entry, newest first, times in district local time. A file is written beside its target and moved
into place when complete, so a failed export leaves no half file under the chosen name.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from app.audit.query import AuditRow
from app.cases.errors import CaseError
from app.imports.errors import why_not_written
from app.xlsx_style import fit_widths, print_setup, save_book, write_headers, write_row, write_title

DISTRICT_TZ = ZoneInfo("Asia/Shanghai")
TITLE = "审计日志"
HEADINGS = ("时间", "登录名", "工作站", "操作", "对象", "记录", "详情")
KINDS = ("datetime", "text", "text", "text", "text", "text", "text")
FORMATS = ("xlsx", "csv")
#: an .xlsx holds at most this many entries (a bigger export: narrow the filter or use CSV)
XLSX_MAX_ROWS = 100_000


class ExportTooLarge(CaseError):
    """More entries than an .xlsx export holds."""


@dataclass(frozen=True, kw_only=True)
class ExportHeader:
    """What the file says about itself."""

    filter_text: str
    exported_by: str
    exported_at: datetime


def export_format(path: Path) -> str:
    """'xlsx' or 'csv' from the file name; CaseError for anything else."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise CaseError(f"导出文件“{path.name}”应以 .xlsx 或 .csv 结尾")
    return suffix


def local_text(at: datetime) -> str:
    """YYYY-MM-DD HH:MM:SS in district local time."""
    return at.astimezone(DISTRICT_TZ).strftime("%Y-%m-%d %H:%M:%S")


def write_export(path: Path, header: ExportHeader, rows: Iterable[AuditRow]) -> int:
    """Write the file (format from the suffix); the number of entries written."""
    kind = export_format(path)
    partial = path.with_name(path.name + ".part")
    try:
        count = (_write_xlsx if kind == "xlsx" else _write_csv)(partial, header, rows)
        os.replace(partial, path)
    except OSError as exc:
        raise CaseError(f"无法写入文件“{path}”：{why_not_written(exc)}") from None
    finally:
        if partial.exists():
            partial.unlink()
    return count


def _preamble(header: ExportHeader) -> list[tuple[str, str]]:
    return [("筛选条件", header.filter_text or "全部"), ("导出人", header.exported_by),
            ("导出时间", local_text(header.exported_at))]


def _cells(row: AuditRow) -> tuple:
    return (local_text(row.at), row.actor, row.workstation, row.action_label, row.entity_label, row.record, row.detail)


def _write_csv(path: Path, header: ExportHeader, rows: Iterable[AuditRow]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([TITLE])
        out.writerows(_preamble(header))
        out.writerow([])
        out.writerow(HEADINGS)
        for row in rows:
            out.writerow(_cells(row))
            count += 1
    return count


def _write_xlsx(path: Path, header: ExportHeader, rows: Iterable[AuditRow]) -> int:
    book = Workbook()
    sheet = book.active
    sheet.title = TITLE
    write_title(sheet, 1, TITLE, len(HEADINGS))
    for number, (label, value) in enumerate(_preamble(header), start=2):
        sheet.cell(row=number, column=1, value=label)
        sheet.cell(row=number, column=2, value=value)
    first = len(_preamble(header)) + 3
    write_headers(sheet, first, HEADINGS)
    texts: dict[int, list[str]] = {column: [] for column in range(2, len(HEADINGS) + 1)}
    count = 0
    for count, row in enumerate(rows, start=1):
        if count > XLSX_MAX_ROWS:
            raise ExportTooLarge(f"超过 {XLSX_MAX_ROWS} 条，Excel 文件放不下：请缩小时间范围或改为导出 .csv")
        values = (row.at.astimezone(DISTRICT_TZ).replace(tzinfo=None),) + _cells(row)[1:]
        write_row(sheet, first + count, values, KINDS)
        if count <= 500:  # widths from the first rows: enough to size the columns
            for column in texts:
                texts[column].append(str(values[column - 1]))
    fit_widths(sheet, HEADINGS, KINDS, texts, widest=60)
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    print_setup(sheet, f"{first}:{first}")
    save_book(book, path)
    return count

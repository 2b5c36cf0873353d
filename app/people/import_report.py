"""The reports an import leaves next to its file, for the user to open in Excel.

NAME.rejects.xlsx: every rejected row with its original cells, its row number and the reason, so
it can be corrected and imported again. NAME.conflicts.xlsx: every value that differs from what
the ledger already holds (the stored value was kept). A report with nothing in it is removed,
so an old one never misleads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from app.imports.table_reader import ImportFileError


@dataclass(frozen=True)
class RowReject:
    """A row that was not imported: its Excel row number, original cells and the reason."""

    row_number: int
    cells: Sequence
    reason: str


@dataclass(frozen=True)
class Conflict:
    """A value in the file that differs from the stored one (which was kept)."""

    row_number: int
    name: str
    id_number: str
    column: str
    stored: object
    incoming: object


def report_path(path: Path, kind: str) -> Path:
    """NAME.rejects.xlsx / NAME.conflicts.xlsx next to the imported file."""
    return path.with_name(f"{path.stem}.{kind}.xlsx")


def write_reports(path: Path, rejects: list[RowReject], conflicts: list[Conflict],
                  labels: Sequence[str]) -> tuple[Path | None, Path | None]:
    """Write (or remove) both reports; returns the paths written."""
    width = max([len(labels)] + [len(r.cells) for r in rejects])
    header = [*(labels[i] if i < len(labels) and labels[i] else f"列{i + 1}" for i in range(width)), "行号", "原因"]
    reject_rows = [[*_text_cells(r.cells, width), r.row_number, r.reason] for r in rejects]
    conflict_rows = [[c.row_number, c.name, c.id_number, c.column, _cell(c.stored), _cell(c.incoming)]
                     for c in conflicts]
    return (
        _write_or_remove(report_path(path, "rejects"), "未导入的行", header, reject_rows),
        _write_or_remove(report_path(path, "conflicts"), "与台账不一致",
                         ["行号", "姓名", "身份证号", "项目", "台账中（已保留）", "表格中"], conflict_rows),
    )


def _text_cells(cells: Sequence, width: int) -> list:
    """The original cells, padded; long numbers as text so the report shows what the file held."""
    out = list(cells) + [None] * (width - len(cells))
    return [str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) >= 1e11 else v
            for v in out]


def _cell(value):
    return "" if value is None else str(value)


def _write_or_remove(target: Path, title: str, header: list, rows: list) -> Path | None:
    if not rows:
        target.unlink(missing_ok=True)
        return None
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_bold(sheet, text, bold) for text in header])
    for row in rows:
        sheet.append(row)
    try:
        workbook.save(target)
    except OSError as exc:
        raise ImportFileError(f"无法写入报告“{target}”：{exc.strerror or exc}（文件是否正在 Excel 中打开？）") from None
    return target


def _bold(sheet, text, font):
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = font
    return cell

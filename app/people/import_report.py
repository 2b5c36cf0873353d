"""The reports an import leaves next to its file, for the user to open in Excel.

NAME.rejects.xlsx: every rejected row with its original cells, its row number and the reason, so
it can be corrected and imported again. NAME.conflicts.xlsx (sheet "已存在，内容不同，未更新"):
every value of a person already in the ledger that differs from what the ledger holds (the
stored value was kept). NAME.labels.xlsx (sheet "未识别的类别"): every category label that matched
nothing, with how many rows carry it, for a clerk to map. A report with nothing in it is
removed, so an old one never misleads.

Writing is split around the import's commit so that an import never half-succeeds in the
user's eyes: `stage_reports` writes each report to a new file beside its target before the
commit (a folder that cannot be written stops the import, nothing is saved); `publish_reports`
moves them into place after the commit. If that move fails (the previous report is open in
Excel) the import is still done: a warning names the report that could not be replaced and the
file that holds the new one. A preview (dry run) writes nothing; `write_reports` produces the
reports on request.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from app.imports.errors import ImportFileError, why_not_written

KINDS = ("rejects", "conflicts", "labels")
CONFLICTS_TITLE = "已存在，内容不同，未更新"
LABELS_TITLE = "未识别的类别"


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


@dataclass(frozen=True)
class ReportContent:
    """What an import found worth reporting, and the header labels of its sheet."""

    rejects: Sequence[RowReject]
    conflicts: Sequence[Conflict]
    unmapped: dict[str, list[int]]
    labels: Sequence[str]


@dataclass(frozen=True)
class StagedReport:
    """One report written beside its target (`staged`), or None when the target is to be removed."""

    target: Path
    staged: Path | None


def report_path(path: Path, kind: str) -> Path:
    """NAME.rejects.xlsx / NAME.conflicts.xlsx / NAME.labels.xlsx next to the imported file."""
    return path.with_name(f"{path.stem}.{kind}.xlsx")


def stage_reports(path: Path, content: ReportContent) -> list[StagedReport]:
    """Write every non-empty report to a new file beside its target; ImportFileError (and nothing
    left behind) when one cannot be written."""
    staged: list[StagedReport] = []
    try:
        for kind, (title, header, rows) in _tables(content).items():
            target = report_path(path, kind)
            if not rows:
                staged.append(StagedReport(target, None))
                continue
            temporary = target.with_name(f"{path.stem}.{kind}.{uuid.uuid4().hex[:8]}.xlsx")
            staged.append(StagedReport(target, temporary))
            _save(temporary, title, header, rows)
    except BaseException:
        discard_reports(staged)
        raise
    return staged


def publish_reports(staged: list[StagedReport]) -> tuple[dict[str, Path], list[str]]:
    """Move the staged reports into place and remove stale ones; ({kind: path written}, warnings).

    Never raises for a file that cannot be replaced: the data is already saved, so the warning
    says which report could not go where and which file holds it instead."""
    written: dict[str, Path] = {}
    warnings: list[str] = []
    for kind, report in zip(KINDS, staged):
        try:
            if report.staged is None:
                report.target.unlink(missing_ok=True)
                continue
            os.replace(report.staged, report.target)
            written[kind] = report.target
        except OSError as exc:
            if report.staged is None:
                warnings.append(f"旧报告“{report.target}”无法删除（{why_not_written(exc)}），它不属于本次导入")
            else:
                written[kind] = report.staged
                warnings.append(f"报告无法写入“{report.target}”（{why_not_written(exc)}），已保存为“{report.staged.name}”")
    return written, warnings


def discard_reports(staged: list[StagedReport]) -> None:
    """Remove staged files (the import was not committed, so they describe nothing)."""
    for report in staged:
        if report.staged is not None:
            report.staged.unlink(missing_ok=True)


def write_reports(path: Path, content: ReportContent) -> tuple[dict[str, Path], list[str]]:
    """The reports produced on request (after a preview): staged and published at once."""
    return publish_reports(stage_reports(path, content))


def _tables(content: ReportContent) -> dict[str, tuple[str, list, list]]:
    labels, rejects = content.labels, content.rejects
    width = max([len(labels)] + [len(r.cells) for r in rejects])
    header = [*(labels[i] if i < len(labels) and labels[i] else f"列{i + 1}" for i in range(width)), "行号", "原因"]
    return {
        "rejects": ("未导入的行", header, [[*_text_cells(r.cells, width), r.row_number, r.reason] for r in rejects]),
        "conflicts": (CONFLICTS_TITLE, ["行号", "姓名", "身份证号", "项目", "台账中（已保留）", "表格中（未更新）"],
                      [[c.row_number, c.name, c.id_number, c.column, _cell(c.stored), _cell(c.incoming)]
                       for c in content.conflicts]),
        "labels": (LABELS_TITLE, ["类别（表格中的写法）", "行数", "行号"],
                   [[label, len(rows), _row_list(rows)] for label, rows in sorted(
                       content.unmapped.items(), key=lambda item: (-len(item[1]), item[0]))]),
    }


def _row_list(rows: list[int], shown: int = 50) -> str:
    text = "、".join(str(n) for n in rows[:shown])
    return text + (f" 等{len(rows)}行" if len(rows) > shown else "")


def _text_cells(cells: Sequence, width: int) -> list:
    """The original cells, padded; long numbers as text so the report shows what the file held."""
    out = list(cells) + [None] * (width - len(cells))
    return [str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) >= 1e11 else v
            for v in out]


def _cell(value):
    return "" if value is None else str(value)


def _save(target: Path, title: str, header: list, rows: list) -> None:
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
        target.unlink(missing_ok=True)
        raise ImportFileError(f"无法写入报告“{target.parent / target.name}”：{exc.strerror or exc}"
                              f"（文件夹是否只读？），未导入任何数据") from None


def _bold(sheet, text, font):
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = font
    return cell

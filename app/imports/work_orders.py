"""Hotline work-order files (.xlsx/.csv) read into validated rows and row-level rejections.

The file half of `gridcc cases import FILE`. Each row's cells are read (numbers, times, the
urgency word, the 时限 text), then checked by `clean_case_draft`'s rules — the same rules as the
intake form and the case service — so a row the form would refuse is refused here, with its row
number and the column's name. A bad row never stops the file; it becomes a RowReject with every
reason found. Work-order numbers are compared in their folded form (ＷＯ０００５０１ is WO000501).

类别 and 来源 are read through the label aliases the ledger's categories use (app/config/aliases):
a hotline system's 邻里矛盾 is the configured category 0802 and its 市民热线 the source 12345热线. A
category no word matches rejects its row; a source no word matches is kept as written.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.calendar import parse_time_limit
from app.cases.draft_rules import case_draft_problems
from app.config.aliases import LabelResolver, load_resolver
from app.imports.cell_parsers import (
    as_shown,
    cell_error_in,
    clean_line,
    clean_text,
    integral_text,
    is_blank,
    parse_datetime,
    parse_number,
    to_halfwidth,
)
from app.imports.errors import why_not_written
from app.imports.table_reader import ColumnSpec, TableRow, read_table
from app.validation import normalize_identifier

DISTRICT_TZ = ZoneInfo("Asia/Shanghai")
DEFAULT_SOURCE = "12345热线"
REJECT_COLUMNS = ("行号", "工单编号", "原因")

WORK_ORDER_COLUMNS = (
    ColumnSpec(field="external_no", label="工单编号", required=True,
               aliases=("工单号", "工单编码", "工单号码", "受理编号", "编号", "work order no", "order no")),
    ColumnSpec(field="source", label="来源", aliases=("工单来源", "事件来源", "信息来源", "来源渠道", "渠道")),
    ColumnSpec(field="category", label="类别", required=True,
               aliases=("事件类别", "问题类别", "工单类别", "诉求类别", "类别编码", "类别代码", "事件类型",
                        "问题类型", "分类", "category code")),
    ColumnSpec(field="title", label="标题", aliases=("工单标题", "事件标题", "诉求标题", "主题")),
    ColumnSpec(field="description", label="内容", required=True,
               aliases=("诉求内容", "事件描述", "问题描述", "工单内容", "来电内容", "反映内容", "详细内容", "描述")),
    ColumnSpec(field="address", label="地址",
               aliases=("发生地址", "事发地点", "事发地址", "发生地点", "问题地址", "详细地址", "地点")),
    ColumnSpec(field="lon", label="经度", aliases=("lng", "longitude")),
    ColumnSpec(field="lat", label="纬度", aliases=("latitude",)),
    ColumnSpec(field="reported_at", label="上报时间", required=True,
               aliases=("受理时间", "来电时间", "登记时间", "反映时间", "上报日期", "report time")),
    ColumnSpec(field="urgency", label="紧急程度", aliases=("紧急度", "缓急程度", "紧急等级", "priority")),
    ColumnSpec(field="time_limit", label="时限", aliases=("处理时限", "办理时限", "办结时限", "处置时限")),
    ColumnSpec(field="reporter", label="上报人",
               aliases=("联系人", "来电人", "来电人姓名", "反映人", "诉求人", "姓名")),
    ColumnSpec(field="phone", label="联系电话",
               aliases=("手机", "电话", "手机号", "手机号码", "电话号码", "联系方式", "来电号码", "tel", "mobile")),
)
_DRAFT_FIELDS = {"reporter": "reporter_name", "phone": "reporter_phone"}
#: a case draft's fields named by this file's columns, for the reasons in the report
DRAFT_LABELS = {_DRAFT_FIELDS.get(column.field, column.field): column.label for column in WORK_ORDER_COLUMNS}

_URGENCY_NAMES = {
    "一般": "一般", "普通": "一般", "normal": "一般",
    "紧急": "紧急", "急": "紧急", "加急": "紧急", "urgent": "紧急",
    "特急": "特急", "非常紧急": "特急", "特别紧急": "特急", "critical": "特急",
}


@dataclass(frozen=True)
class WorkOrderWords:
    """What the words of a file's 类别 and 来源 columns mean, as the database says now."""

    categories: LabelResolver
    sources: LabelResolver

    def category(self, text: str) -> str:
        """The configured code a category word names, or the word as written (the rules refuse it)."""
        return self.categories.resolve(text) or text

    def source(self, text: str | None) -> str | None:
        """The configured source a word names, or the word as written."""
        return (self.sources.resolve(text) or text) if text else text


def load_work_order_words(session: Session) -> WorkOrderWords:
    """The category and source resolvers for one import (read once, used for every row)."""
    return WorkOrderWords(load_resolver(session, "case_category"), load_resolver(session, "source"))


@dataclass(frozen=True, kw_only=True)
class WorkOrderRow:
    """One valid work order: cleaned values plus the row number the user sees in the file."""

    row_number: int
    external_no: str
    source: str | None
    category: str
    title: str
    description: str
    address: str | None
    lon: float | None
    lat: float | None
    reported_at: datetime
    urgency: str
    time_limit: str | None
    reporter: str | None
    phone: str | None
    #: the 工单编号 exactly as the cell held it, to find orders stored before numbers were folded
    written_no: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class RowReject:
    """A row left out of the import, with every reason found, joined by "；"."""

    row_number: int
    external_no: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class WorkOrderFile:
    """Everything read from one file: valid rows and rejected rows, both in file order."""

    path: Path
    header_row_number: int
    rows: list[WorkOrderRow]
    rejects: list[RowReject]


def read_work_orders(path: str | Path, *, now: datetime, tz: tzinfo = DISTRICT_TZ,
                     rules=None, words: WorkOrderWords | None = None) -> WorkOrderFile:
    """Read a hotline work-order file; every non-blank row ends up in ``rows`` or ``rejects``.

    Naive times in the file are in ``tz``; a report later than ``now`` is rejected. With ``rules``
    (a CaseRules) an unknown category rejects its row too; with ``words`` 类别 and 来源 are read
    through their aliases. Raises ImportFileError when the file as a whole cannot be used (type,
    damage, header, columns).
    """
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware datetime")
    table = read_table(path, WORK_ORDER_COLUMNS)
    rows: list[WorkOrderRow] = []
    rejects: list[RowReject] = []
    first_seen: dict[str, int] = {}
    for row in table.rows:
        error = cell_error_in(list(row.values.values()))
        if error is not None:
            shown_no = integral_text(as_shown([row.get("external_no")])[0])
            rejects.append(RowReject(row_number=row.row_number, external_no=shown_no, reason=error.message))
            continue
        written_no = integral_text(row.get("external_no"))
        external_no = normalize_identifier(written_no)
        check = _RowCheck(row, words)
        if external_no in first_seen:
            check.problems["external_no"] = f"与第{first_seen[external_no]}行重复"
        elif external_no:
            first_seen[external_no] = row.row_number
        order = check.work_order(written_no, now=now, tz=tz, rules=rules)
        if order is None:
            rejects.append(RowReject(row_number=row.row_number, external_no=external_no, reason=check.reason))
        else:
            rows.append(order)
    return WorkOrderFile(
        path=Path(path), header_row_number=table.header_row_number, rows=rows, rejects=rejects
    )


def write_rejects_csv(rejects: Iterable[RowReject], path: str | Path, *,
                      columns: Sequence[str] = REJECT_COLUMNS) -> Path:
    """Write rejected rows as CSV in UTF-8 with BOM, so Excel opens the Chinese text correctly."""
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(columns)
        writer.writerows((reject.row_number, reject.external_no, reject.reason) for reject in rejects)
    return path


def rejects_path_for(input_path: str | Path) -> Path:
    """Where the rejects of an import go: NAME.rejects.csv next to the input file."""
    input_path = Path(input_path)
    return input_path.with_name(f"{input_path.stem}.rejects.csv")


def put_rejects_report(input_path: str | Path, lines: Sequence[RowReject], *,
                       columns: Sequence[str] = REJECT_COLUMNS) -> tuple[Path | None, str | None]:
    """Write NAME.rejects.csv (or remove a stale one) for an import about to commit: (the report,
    None), or (None, a warning saying where it could not go). Every CSV-reporting import calls it
    inside its transaction, so a report that cannot be written never turns a saved import into an
    error."""
    report = rejects_path_for(input_path)
    try:
        if lines:
            return write_rejects_csv(lines, report, columns=columns), None
        report.unlink(missing_ok=True)
        return None, None
    except OSError as exc:
        action = "写入" if lines else "删除上次的"
        return None, f"导入已完成，但无法{action}报告“{report}”：{why_not_written(exc)}"



def parse_urgency(value: object) -> str:
    """Map an urgency cell to 一般, 紧急 or 特急 (blank means 一般); unknown words raise ValueError."""
    text = to_halfwidth(clean_line(value)).lower()
    if not text:
        return "一般"
    try:
        return _URGENCY_NAMES[text]
    except KeyError:
        raise ValueError(f"“{clean_line(value)}”无法识别：应为一般、紧急或特急") from None


class _RowCheck:
    """Reads one row's cells into a draft's values, then checks them by the rules of every case.

    A cell that cannot be read becomes a problem of its field; the rules then add theirs, and the
    reason lists them all in column order.
    """

    def __init__(self, row: TableRow, words: WorkOrderWords | None = None) -> None:
        self._row = row
        self._words = words
        self.problems: dict[str, str] = {}
        self.reason = ""

    def work_order(self, written_no: str, *, now: datetime, tz: tzinfo, rules) -> WorkOrderRow | None:
        """The row as a WorkOrderRow, or None (with ``reason`` set) when anything is wrong."""
        if not written_no:
            self.problems.setdefault("external_no", "必须填写")
        source = clean_line(self._row.get("source")) or None
        category = integral_text(self._row.get("category"))
        if self._words is not None:
            source, category = self._words.source(source), self._words.category(category)
        lon, lat = self._read("lon", self._coordinates) or (None, None)
        time_limit = self._read("time_limit", self._time_limit)
        values = {
            "external_no": written_no, "source": source or DEFAULT_SOURCE,
            "category": category,
            "title": clean_line(self._row.get("title")), "description": clean_text(self._row.get("description")),
            "address": clean_line(self._row.get("address")), "lon": lon, "lat": lat,
            "reported_at": self._read("reported_at", lambda: self._reported_at(tz)),
            "urgency": self._read("urgency", lambda: parse_urgency(self._row.get("urgency"))),
            "time_limit": time_limit and parse_time_limit(time_limit),
            "reporter_name": clean_line(self._row.get("reporter")),
            "reporter_phone": clean_text(self._row.get("phone")),
        }
        clean, problems = case_draft_problems(values, now=now, rules=rules, known=self.problems)
        if problems:
            self.reason = "；".join(problem.describe(DRAFT_LABELS) for problem in problems)
            return None
        return WorkOrderRow(
            row_number=self._row.row_number, external_no=clean["external_no"], source=source,
            category=clean["category"], title=clean["title"], description=clean["description"],
            address=clean["address"], lon=clean["lon"], lat=clean["lat"], reported_at=clean["reported_at"],
            urgency=clean["urgency"], time_limit=time_limit, reporter=clean["reporter_name"],
            phone=clean["reporter_phone"], written_no=written_no,
        )

    def _read(self, field: str, read: Callable[[], object]) -> object:
        """Run ``read``; a ValueError or OverflowError becomes the field's problem and the value None."""
        try:
            return read()
        except (ValueError, OverflowError) as exc:
            self.problems.setdefault(field, str(exc) if isinstance(exc, ValueError) else "超出可处理的范围")
            return None

    def _reported_at(self, tz: tzinfo) -> datetime | None:
        """The report time as an aware datetime (None when blank; the rules then say it is missing)."""
        value = self._row.get("reported_at")
        if is_blank(value):
            return None
        try:
            return parse_datetime(value, tz=tz)
        except OverflowError:
            raise ValueError(f"不是有效的日期时间：“{clean_line(value)}”超出可处理的范围") from None

    def _coordinates(self) -> tuple[float | None, float | None]:
        """Longitude and latitude as numbers; (0, 0), the usual export placeholder, means none."""
        lon_cell, lat_cell = self._row.get("lon"), self._row.get("lat")
        lon = None if is_blank(lon_cell) else self._read("lon", lambda: parse_number(lon_cell))
        lat = None if is_blank(lat_cell) else self._read("lat", lambda: parse_number(lat_cell))
        if lon == 0 and lat == 0:
            return None, None
        return lon, lat

    def _time_limit(self) -> str | None:
        """The time limit's text as written, checked by the calendar's parser; blank means none."""
        text = clean_line(self._row.get("time_limit"))
        if not text:
            return None
        try:
            parse_time_limit(text)
        except ValueError as exc:
            raise ValueError(str(exc).removeprefix("时限")) from None
        return text

"""Hotline work-order files (.xlsx/.csv) read into validated rows and row-level rejections.

The file half of `gridcc cases import FILE`: no database here, so the category stays raw text for
the caller to look up. A bad row never stops the file; it becomes a RowReject with its reasons.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from app.calendar import parse_time_limit
from app.imports.cell_parsers import (
    as_shown,
    cell_error_in,
    clean_line,
    clean_text,
    integral_text,
    is_blank,
    parse_datetime,
    parse_number,
    parse_phone,
    to_halfwidth,
)
from app.imports.table_reader import ColumnSpec, TableRow, read_table

DISTRICT_TZ = ZoneInfo("Asia/Shanghai")
TITLE_LENGTH = 20
LON_RANGE = (73.0, 136.0)
LAT_RANGE = (3.0, 54.0)
URGENCIES = ("一般", "紧急", "特急")
REJECT_COLUMNS = ("行号", "工单编号", "原因")
_TITLE_TRAILING_MARKS = "，,。.；;：:、 "

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
_LABELS = {column.field: column.label for column in WORK_ORDER_COLUMNS}

_URGENCY_NAMES = {
    "一般": "一般", "普通": "一般", "normal": "一般",
    "紧急": "紧急", "急": "紧急", "加急": "紧急", "urgent": "紧急",
    "特急": "特急", "非常紧急": "特急", "特别紧急": "特急", "critical": "特急",
}


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


def read_work_orders(path: str | Path, *, now: datetime, tz: tzinfo = DISTRICT_TZ) -> WorkOrderFile:
    """Read a hotline work-order file; every non-blank row ends up in ``rows`` or ``rejects``.

    Naive times in the file are in ``tz``; a report later than ``now`` is rejected. Raises
    ImportFileError when the file as a whole cannot be used (type, damage, header, columns).
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
        external_no = integral_text(row.get("external_no"))
        check = _RowCheck(row)
        if external_no in first_seen:
            check.reasons.append(f"工单编号与第{first_seen[external_no]}行重复")
        elif external_no:
            first_seen[external_no] = row.row_number
        order = check.work_order(external_no, now=now, tz=tz)
        if order is None:
            reason = "；".join(check.reasons)
            rejects.append(RowReject(row_number=row.row_number, external_no=external_no, reason=reason))
        else:
            rows.append(order)
    return WorkOrderFile(
        path=Path(path), header_row_number=table.header_row_number, rows=rows, rejects=rejects
    )


def write_rejects_csv(rejects: Iterable[RowReject], path: str | Path) -> Path:
    """Write rejected rows as CSV in UTF-8 with BOM, so Excel opens the Chinese text correctly."""
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(REJECT_COLUMNS)
        writer.writerows((reject.row_number, reject.external_no, reject.reason) for reject in rejects)
    return path


def rejects_path_for(input_path: str | Path) -> Path:
    """Where the rejects of an import go: NAME.rejects.csv next to the input file."""
    input_path = Path(input_path)
    return input_path.with_name(f"{input_path.stem}.rejects.csv")


def parse_urgency(value: object) -> str:
    """Map an urgency cell to 一般, 紧急 or 特急 (blank means 一般); unknown words raise ValueError."""
    text = to_halfwidth(clean_line(value)).lower()
    if not text:
        return "一般"
    try:
        return _URGENCY_NAMES[text]
    except KeyError:
        raise ValueError(f"紧急程度“{clean_line(value)}”无法识别：应为一般、紧急或特急") from None


def derive_title(description: str) -> str:
    """A title from the description's first line, cut to about twenty characters and marked "…"."""
    first_line = description.splitlines()[0] if description else ""
    if len(first_line) <= TITLE_LENGTH:
        return first_line
    return first_line[:TITLE_LENGTH].rstrip(_TITLE_TRAILING_MARKS) + "…"


class _RowCheck:
    """Validates one row's cells, appending a reason for every problem instead of stopping early."""

    def __init__(self, row: TableRow) -> None:
        self._row = row
        self.reasons: list[str] = []

    def work_order(self, external_no: str, *, now: datetime, tz: tzinfo) -> WorkOrderRow | None:
        """The row as a WorkOrderRow, or None when any reason was recorded."""
        if not external_no:
            self.reasons.append("缺少工单编号")
        category = self._required_text("category", integral_text)
        description = self._required_text("description", clean_text)
        reported_at = self._reported_at(now=now, tz=tz)
        lon, lat = self._guard(self._coordinates) or (None, None)
        urgency = self._guard(lambda: parse_urgency(self._row.get("urgency")))
        time_limit = self._guard(self._time_limit)
        phone = self._guard(self._phone)
        if self.reasons:
            return None
        return WorkOrderRow(
            row_number=self._row.row_number,
            external_no=external_no,
            source=clean_line(self._row.get("source")) or None,
            category=category,
            title=clean_line(self._row.get("title")) or derive_title(description),
            description=description,
            address=clean_line(self._row.get("address")) or None,
            lon=lon,
            lat=lat,
            reported_at=reported_at,
            urgency=urgency,
            time_limit=time_limit,
            reporter=clean_line(self._row.get("reporter")) or None,
            phone=phone,
        )

    def _guard(self, check: Callable[[], object]) -> object:
        """Run ``check``; a ValueError becomes a reason and the result None."""
        try:
            return check()
        except ValueError as exc:
            self.reasons.append(str(exc))
            return None

    def _required_text(self, field: str, clean: Callable[[object], str]) -> str:
        """The cleaned text of a required cell, or a "缺少…" reason."""
        text = clean(self._row.get(field))
        if not text:
            self.reasons.append(f"缺少{_LABELS[field]}")
        return text

    def _reported_at(self, *, now: datetime, tz: tzinfo) -> datetime | None:
        """The report time as an aware datetime, not later than ``now``."""
        value = self._row.get("reported_at")
        if is_blank(value):
            self.reasons.append("缺少上报时间")
            return None
        try:
            reported_at = parse_datetime(value, tz=tz)
        except ValueError as exc:
            self.reasons.append(f"上报时间{exc}")
            return None
        if reported_at > now:
            self.reasons.append("上报时间晚于当前时间")
        return reported_at

    def _coordinates(self) -> tuple[float | None, float | None]:
        """Longitude and latitude, both or neither, inside China; (0, 0) counts as no location."""
        lon_cell, lat_cell = self._row.get("lon"), self._row.get("lat")
        if is_blank(lon_cell) and is_blank(lat_cell):
            return None, None
        if is_blank(lon_cell) or is_blank(lat_cell):
            missing = "经度" if is_blank(lon_cell) else "纬度"
            raise ValueError(f"缺少{missing}：经度和纬度要么都填，要么都不填")
        lon, lat = _number("lon", lon_cell), _number("lat", lat_cell)
        if lon == 0 and lat == 0:
            return None, None
        if _within(lat, LON_RANGE) and _within(lon, LAT_RANGE):
            raise ValueError(f"经度和纬度疑似填反（经度{_shown(lon)}，纬度{_shown(lat)}）")
        for field, number, (low, high) in (("lon", lon, LON_RANGE), ("lat", lat, LAT_RANGE)):
            if not _within(number, (low, high)):
                raise ValueError(f"{_LABELS[field]}{_shown(number)}超出范围：应在{_shown(low)}～{_shown(high)}之间")
        return lon, lat

    def _time_limit(self) -> str | None:
        """The time limit's text as written, checked by the calendar's parser; blank means none."""
        text = clean_line(self._row.get("time_limit"))
        if not text:
            return None
        parse_time_limit(text)
        return text

    def _phone(self) -> str | None:
        """The normalised phone number, or None when blank."""
        value = self._row.get("phone")
        if is_blank(value):
            return None
        try:
            return parse_phone(value)
        except ValueError as exc:
            raise ValueError(f"联系电话{exc}") from None


def _number(field: str, value: object) -> float:
    """A coordinate cell as a number; the reason names the column."""
    try:
        return parse_number(value)
    except ValueError as exc:
        raise ValueError(f"{_LABELS[field]}{exc}") from None


def _within(number: float, bounds: tuple[float, float]) -> bool:
    low, high = bounds
    return low <= number <= high


def _shown(number: float) -> str:
    """A number as people write it: no trailing zeros, no exponent."""
    return f"{number:.6f}".rstrip("0").rstrip(".")

"""Docket sheets (.xlsx/.xls/.csv) the communities keep, read into dispute drafts or row rejections.

The file half of `gridcc disputes import`: the header is found under title rows with Chinese
synonyms (app.imports.table_reader); every non-blank row becomes a draft or a RowReject naming
its row number and reason. No database here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from app.imports.cell_parsers import clean_line, clean_text, integral_text, is_blank, parse_datetime, parse_number
from app.imports.table_reader import ColumnSpec, TableRow, read_table
from app.imports.work_orders import RowReject
from app.mediation.drafts import DisputeDraft, PartyDraft
from app.validation import normalize_identifier

DOCKET_COLUMNS = (
    ColumnSpec(field="external_no", label="编号", required=True,
               aliases=("纠纷编号", "台账编号", "登记编号", "案号", "卷宗号")),
    ColumnSpec(field="registered_at", label="登记日期", required=True,
               aliases=("登记时间", "受理日期", "受理时间", "排查日期", "日期")),
    ColumnSpec(field="type", label="纠纷类型", required=True, aliases=("类型", "纠纷类别", "类别", "纠纷种类")),
    ColumnSpec(field="source", label="来源", aliases=("纠纷来源", "受理方式", "来源渠道", "受理来源")),
    ColumnSpec(field="applicant", label="申请人", required=True,
               aliases=("申请人姓名", "当事人", "当事人(申请人)", "甲方")),
    ColumnSpec(field="respondent", label="被申请人", aliases=("被申请人姓名", "对方当事人", "乙方")),
    ColumnSpec(field="community", label="社区", aliases=("村(社区)", "社区/村", "所属社区", "村居", "村社区")),
    ColumnSpec(field="grid", label="网格", aliases=("所属网格", "网格编码")),
    ColumnSpec(field="location", label="地点", aliases=("发生地点", "纠纷地点", "地址", "发生地址")),
    ColumnSpec(field="facts", label="简要案情", required=True,
               aliases=("纠纷简要情况", "主要事实", "案情", "纠纷情况", "基本情况", "纠纷简况")),
    ColumnSpec(field="claims", label="请求事项", aliases=("诉求", "申请事项", "当事人诉求")),
    ColumnSpec(field="people", label="涉及人数", aliases=("人数", "涉及人员")),
    ColumnSpec(field="amount", label="涉及金额", aliases=("金额", "标的额", "争议金额", "涉及金额(元)")),
    ColumnSpec(field="mediator", label="调解员", aliases=("承办人", "调解人员", "承办调解员")),
    ColumnSpec(field="referring_body", label="移送单位", aliases=("委托单位", "转办单位", "委派单位")),
    ColumnSpec(field="referring_no", label="移送文号", aliases=("委托文号", "原案号", "转办编号")),
    ColumnSpec(field="risk", label="风险标记", aliases=("风险", "风险类型", "风险点")),
    ColumnSpec(field="warning", label="预警等级", aliases=("预警", "风险等级")),
)

SOURCE_NAMES = {
    "申请": "申请", "当事人申请": "申请", "来访": "申请", "主动": "主动调解", "主动调解": "主动调解", "排查": "主动调解",
    "排查发现": "主动调解", "网格员": "网格员", "网格员上报": "网格员", "网格上报": "网格员", "公安": "公安移交",
    "公安移交": "公安移交", "110": "公安移交", "公调对接": "公安移交", "法院委派": "法院委派", "委派": "法院委派",
    "法院委托": "法院委托", "委托": "法院委托", "诉调对接": "法院委派", "信访": "信访转来", "信访转来": "信访转来",
    "访调对接": "信访转来", "检察": "检察转来", "检察转来": "检察转来", "仲裁": "仲裁转来", "仲裁转来": "仲裁转来",
    "政府指定": "政府指定", "政府": "政府指定",
}
_SPLIT = re.compile(r"[、,，;；/]+")


@dataclass(frozen=True, kw_only=True)
class DocketRow:
    row_number: int
    external_no: str
    draft: DisputeDraft


@dataclass(frozen=True, kw_only=True)
class DocketFile:
    rows: list[DocketRow]
    rejects: list[RowReject]


def read_docket(path: str | Path, *, now: datetime, tz: tzinfo) -> DocketFile:
    """Read a docket sheet; rows repeated in the file (same 编号) are rejected naming the first one."""
    table = read_table(path, DOCKET_COLUMNS)
    rows, rejects, first_seen = [], [], {}
    for row in table.rows:
        cell = row.get("external_no")
        number = "" if is_blank(cell) else normalize_identifier(integral_text(cell))
        reasons: list[str] = []
        if not number:
            reasons.append("缺少编号")
        elif number in first_seen:
            reasons.append(f"编号与第{first_seen[number]}行重复")
        else:
            first_seen[number] = row.row_number
        draft = _draft(row, number, now, tz, reasons)
        if reasons:
            rejects.append(RowReject(row_number=row.row_number, external_no=number, reason="；".join(reasons)))
        else:
            rows.append(DocketRow(row_number=row.row_number, external_no=number, draft=draft))
    return DocketFile(rows=rows, rejects=rejects)


def _draft(row: TableRow, number: str, now: datetime, tz: tzinfo, reasons: list[str]) -> DisputeDraft | None:
    registered_at = _when(row, now, tz, reasons)
    source = clean_line(row.get("source")) or "申请"
    if source not in SOURCE_NAMES:
        reasons.append(f"来源“{source}”无法识别")
    facts = clean_text(row.get("facts"))
    if not facts:
        reasons.append("缺少简要案情")
    type_text = clean_line(row.get("type"))
    if not type_text:
        reasons.append("缺少纠纷类型")
    people = _number(row, "people", "涉及人数", reasons)
    amount = _number(row, "amount", "涉及金额", reasons)
    parties = tuple(PartyDraft(role="申请人", name=name) for name in _names(row.get("applicant")))
    parties += tuple(PartyDraft(role="被申请人", name=name) for name in _names(row.get("respondent")))
    if not any(p.role == "申请人" for p in parties):
        reasons.append("缺少申请人")
    if reasons:
        return None
    return DisputeDraft(
        type=type_text, facts=facts, source=SOURCE_NAMES[source], claims=clean_text(row.get("claims")) or None,
        community=clean_line(row.get("community")) or None, grid=integral_text(row.get("grid")) or None,
        location=clean_line(row.get("location")) or None, people_involved=round(people) if people else None,
        amount=amount, mediator=clean_line(row.get("mediator")) or None,
        referring_body=clean_line(row.get("referring_body")) or None,
        referring_no=clean_line(row.get("referring_no")) or None,
        risk_flags=tuple(_names(row.get("risk"))), warning=clean_line(row.get("warning")) or None,
        parties=parties, registered_at=registered_at, external_no=number, channel="台账导入",
    )


def _when(row: TableRow, now: datetime, tz: tzinfo, reasons: list[str]) -> datetime | None:
    value = row.get("registered_at")
    if is_blank(value):
        reasons.append("缺少登记日期")
        return None
    try:
        moment = parse_datetime(value, tz=tz)
    except ValueError as exc:
        reasons.append(str(exc))
        return None
    if moment > now:
        reasons.append("登记日期晚于当前时间")
    return moment


def _number(row: TableRow, field: str, label: str, reasons: list[str]) -> float | None:
    value = row.get(field)
    if is_blank(value):
        return None
    try:
        number = parse_number(value)
    except ValueError:
        reasons.append(f"{label}“{clean_line(value)}”不是数字")
        return None
    if number < 0:
        reasons.append(f"{label}不能为负数")
        return None
    return number


def _names(value) -> list[str]:
    if is_blank(value):
        return []
    return [name.strip() for name in _SPLIT.split(clean_line(value)) if name.strip()]

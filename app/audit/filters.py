"""Filters as people give them: dates of the district's calendar, and the filter described in words
for the header of an export (and the audit entry of the export)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.audit.labels import action_label
from app.cases.errors import CaseError
from app.audit.query import AuditFilter

DISTRICT_TZ = ZoneInfo("Asia/Shanghai")
#: years a date filter may name
YEARS = (2000, 2200)


class BadDate(CaseError):
    """A date filter that is not a date (the message says which and how to write it)."""


def parse_day(text: str, label: str) -> date:
    """YYYY-MM-DD within YEARS, or BadDate naming `label`."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise BadDate(f"{label} 的值“{text[:40]}”不是日期，应写成 YYYY-MM-DD，例如 2025-09-30") from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise BadDate(f"{label} 的值“{text[:40]}”超出范围：年份应在 {YEARS[0]}–{YEARS[1]} 之间")
    return day


def day_start(day: date) -> datetime:
    """00:00 district time of `day` (where a "since" day begins)."""
    return datetime.combine(day, time(0), tzinfo=DISTRICT_TZ)


def day_end(day: date) -> datetime:
    """00:00 district time of the day after `day` (an "until" day counts whole)."""
    return day_start(day + timedelta(days=1))


def span(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    """The instants of a span of whole days; BadDate when it ends before it begins."""
    if since and until and until < since:
        raise BadDate(f"截止日期 {until} 早于起始日期 {since}")
    return (day_start(since) if since else None), (day_end(until) if until else None)


def describe(flt: AuditFilter, record: str | None = None) -> str:
    """The filter in words, e.g. 操作人：zhang；类型：登录；2025-09-01 至 2025-09-30; '' for none."""
    parts = []
    if flt.actor:
        parts.append(f"操作人：{flt.actor}")
    if flt.action:
        parts.append(f"类型：{action_label(flt.action)}")
    if record or flt.entity_id:
        parts.append(f"记录：{record or flt.entity_id}")
    if flt.since or flt.until:
        start = flt.since.astimezone(DISTRICT_TZ).date().isoformat() if flt.since else "最早"
        end = (flt.until.astimezone(DISTRICT_TZ) - timedelta(seconds=1)).date().isoformat() if flt.until else "现在"
        parts.append(f"时间：{start} 至 {end}")
    return "；".join(parts)

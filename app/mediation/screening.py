"""Screening (排查): each community reports every period — monthly by default, the cadence is the
setting `screening_cadence` (monthly, half_monthly, quarterly) — even when nothing was found
(零报告); communities without a report for a period are listed as missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from app.audit.changes import edit_entry
from app.cases.errors import MissingInput
from db.schema import Region, ScreeningReport

CADENCES = ("monthly", "half_monthly", "quarterly")
CORRECT_ACTION = "correct_screening"


@dataclass(frozen=True, kw_only=True)
class MissingCommunity:
    code: str
    name: str
    street: str | None


@dataclass(frozen=True, kw_only=True)
class ReportResult:
    period: str
    community: str
    found: int
    corrected: bool


def parse_month(text: str) -> tuple[int, int]:
    """'2026-11' → (2026, 11); a bad month is refused naming it."""
    year, _, month = str(text or "").strip().partition("-")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
        raise MissingInput(f"月份“{text}”无效，应为 YYYY-MM，如 2026-11")
    return int(year), int(month)


def cadence(service) -> str:
    value = service.config().rules.setting("screening_cadence", "monthly")
    return value if value in CADENCES else "monthly"


def period_of(cadence_name: str, year: int, month: int, day: int | None = None) -> str:
    """The reporting period containing a day of a month ('2026-11', '2026-11上', '2026-Q4')."""
    if cadence_name == "quarterly":
        return f"{year}-Q{(month - 1) // 3 + 1}"
    if cadence_name == "half_monthly":
        return f"{year}-{month:02d}{'上' if (day or 1) <= 15 else '下'}"
    return f"{year}-{month:02d}"


def periods_of_month(cadence_name: str, year: int, month: int) -> list[str]:
    if cadence_name == "half_monthly":
        return [period_of(cadence_name, year, month, 1), period_of(cadence_name, year, month, 16)]
    return [period_of(cadence_name, year, month)]


def _current_period(service, year: int, month: int) -> str:
    now = service.now().astimezone(service.tz)
    day = now.day if (now.year, now.month) == (year, month) else 28
    return period_of(cadence(service), year, month, day)


def file_report(service, community: str, month: str, *, found: int = 0, prevented: int = 0,
                note: str | None = None, actor: str, at: datetime | None = None) -> ReportResult:
    """File (or correct) a community's report for the period of `month` the cadence says."""
    year, number = parse_month(month)
    if found < 0 or prevented < 0:
        raise MissingInput("排查发现数和预防数不能为负数")
    period = _current_period(service, year, number)
    with service.database.write() as session:
        region = session.scalar(select(Region).where(Region.level == "community", Region.deleted_at.is_(None),
                                                     or_(Region.code == community, Region.name == community)))
        if region is None:
            raise MissingInput(f"找不到社区/村“{community}”")
        row = session.scalar(select(ScreeningReport).where(ScreeningReport.community_id == region.id,
                                                           ScreeningReport.period == period))
        corrected = row is not None
        if row is None:
            row = ScreeningReport(community_id=region.id, period=period)
            session.add(row)
        before = {"found": row.found, "prevented": row.prevented, "note": row.note, "reporter": row.reporter}
        row.found, row.prevented, row.note = found, prevented, note
        row.reporter, row.reported_at = actor, at or service.now()
        if corrected:  # a correction overwrites what was filed: the old values go to the audit log
            entry = edit_entry(actor=actor, workstation=getattr(service, "workstation", None), action=CORRECT_ACTION,
                               entity="screening_report", entity_id=row.id, before=before,
                               after={"found": found, "prevented": prevented, "note": note, "reporter": actor},
                               extra={"community": region.name, "period": period})
            if entry is not None:
                session.add(entry)
        return ReportResult(period=period, community=region.name, found=found, corrected=corrected)


def missing_reports(service, month: str) -> tuple[str, list[MissingCommunity]]:
    """The period of `month` being checked and the communities with no report for it."""
    year, number = parse_month(month)
    period = _current_period(service, year, number)
    street = aliased(Region)
    reported = select(ScreeningReport.community_id).where(ScreeningReport.period == period)
    query = (select(Region.code, Region.name, street.name).outerjoin(street, street.id == Region.parent_id)
             .where(Region.level == "community", Region.deleted_at.is_(None), Region.id.not_in(reported))
             .order_by(Region.code))
    with service.database.read() as session:
        rows = session.execute(query).all()
    return period, [MissingCommunity(code=c, name=n, street=s) for c, n, s in rows]

"""Importing hotline work orders (12345) as registered cases waiting for dispatch.

Every row ends up imported, unchanged (its 工单编号 is already in the database) or rejected
with its row number and reason in NAME.rejects.csv. The whole file is one transaction: a
failure halfway leaves the database as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.calendar import parse_time_limit
from app.cases.drafts import CaseDraft
from app.cases.service import CaseCreator, CaseService
from app.cases.states import CaseStatus
from app.imports.work_orders import RowReject, WorkOrderRow, read_work_orders, rejects_path_for, write_rejects_csv
from db.schema import Case

DEFAULT_SOURCE = "12345热线"
_CHUNK = 500


@dataclass(frozen=True)
class ImportResult:
    imported: int
    unchanged: int
    rejects: list[RowReject]
    rejects_file: Path | None


def import_work_orders(service: CaseService, path: str | Path, *, actor: str) -> ImportResult:
    """Import one file; raises ImportFileError when the file as a whole cannot be read."""
    config = service.config()
    now = service.now()
    parsed = read_work_orders(path, now=now, tz=config.tz)
    rejects = list(parsed.rejects)
    imported = unchanged = 0
    with service.database.write() as session:
        existing = _existing_numbers(session, [row.external_no for row in parsed.rows])
        creator = CaseCreator(session, config, now, service.workstation)
        for row in parsed.rows:
            if row.external_no in existing:
                unchanged += 1
                continue
            if config.rules.category(row.category) is None:
                rejects.append(_reject(row, f"未知的事件类别“{row.category}”"))
                continue
            creator.create(_draft(row), actor)
            imported += 1
    rejects.sort(key=lambda r: r.row_number)
    return ImportResult(imported, unchanged, rejects, _write_report(path, rejects))


def _existing_numbers(session, numbers: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start:start + _CHUNK]
        found.update(session.scalars(select(Case.external_no).where(Case.external_no.in_(chunk))))
    return found


def _draft(row: WorkOrderRow) -> CaseDraft:
    return CaseDraft(
        source=row.source or DEFAULT_SOURCE, category=row.category, description=row.description,
        reported_at=row.reported_at, urgency=row.urgency, title=row.title, address=row.address,
        lon=row.lon, lat=row.lat, reporter_name=row.reporter, reporter_phone=row.phone,
        external_no=row.external_no,
        time_limit=parse_time_limit(row.time_limit) if row.time_limit else None,
        status=CaseStatus.REGISTERED,
    )


def _reject(row: WorkOrderRow, reason: str) -> RowReject:
    return RowReject(row_number=row.row_number, external_no=row.external_no, reason=reason)


def _write_report(path: str | Path, rejects: list[RowReject]) -> Path | None:
    """Write NAME.rejects.csv, or remove a stale one when nothing was rejected this time."""
    report = rejects_path_for(path)
    if rejects:
        return write_rejects_csv(rejects, report)
    report.unlink(missing_ok=True)
    return None

"""`gridcc disputes import FILE`: a community's docket sheet into registered disputes.

Each row is imported (a dispute registered on its 登记日期, waiting for the 告知书), unchanged (a
dispute with that 编号 is already in the database) or rejected with its row number and reason
in NAME.rejects.csv next to the file. The whole file is one transaction; a row the service
refuses (unknown type, community or mediator …) is rejected without touching the others.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.cases.errors import CaseError
from app.imports.work_orders import RowReject, rejects_path_for
from app.mediation.import_rows import read_docket
from app.mediation.registration import DisputeRegistrar
from db.schema import Dispute

REPORT_COLUMNS = ("行号", "编号", "原因")


@dataclass(frozen=True)
class DocketImport:
    imported: int
    unchanged: int
    rejects: list[RowReject]
    report_file: Path | None


def import_docket(service, path: str | Path, *, actor: str) -> DocketImport:
    """Import one file; raises ImportFileError when the file as a whole cannot be read."""
    config = service.config()
    now = service.now()
    parsed = read_docket(path, now=now, tz=config.calendar.tz)
    rejects = list(parsed.rejects)
    imported = unchanged = 0
    with service.database.write() as session:
        numbers = [row.external_no for row in parsed.rows]
        existing = set(session.scalars(select(Dispute.external_no).where(Dispute.external_no.in_(numbers)))) \
            if numbers else set()
        registrar = DisputeRegistrar(session, config.rules, config.calendar, now, service.workstation)
        for row in parsed.rows:
            if row.external_no in existing:
                unchanged += 1
                continue
            try:
                registrar.register(row.draft, actor)
            except CaseError as exc:
                rejects.append(RowReject(row_number=row.row_number, external_no=row.external_no, reason=str(exc)))
                continue
            imported += 1
    rejects.sort(key=lambda r: r.row_number)
    return DocketImport(imported, unchanged, rejects, _write_report(path, rejects))


def _write_report(path: str | Path, rejects: list[RowReject]) -> Path | None:
    """Write NAME.rejects.csv (UTF-8 with BOM for Excel), or remove a stale one."""
    report = rejects_path_for(path)
    if not rejects:
        report.unlink(missing_ok=True)
        return None
    with report.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(REPORT_COLUMNS)
        writer.writerows((r.row_number, r.external_no, r.reason) for r in rejects)
    return report

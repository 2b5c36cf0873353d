"""`gridcc disputes import FILE`: a community's docket sheet into registered disputes.

Each row is imported (a dispute registered on its 登记日期, waiting for the 告知书), unchanged (a
dispute with that 编号 is already in the database) or rejected with its row number and reason
in NAME.rejects.csv next to the file. The whole file is one transaction; a row the service
refuses (unknown type, community or mediator …) is rejected without touching the others. The
report is written before the commit; one that cannot be written leaves the import done, with a
warning saying where it could not go.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.cases.errors import CaseError
from app.imports.work_orders import RowReject, put_rejects_report
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
    report_warning: str | None = None


def import_docket(service, path: str | Path, *, actor: str) -> DocketImport:
    """Import one file; raises ImportFileError when the file as a whole cannot be read."""
    service.require("dispute.import")
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
        report, warning = put_rejects_report(path, rejects, columns=REPORT_COLUMNS)
    return DocketImport(imported, unchanged, rejects, report, warning)


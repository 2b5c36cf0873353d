"""Importing hotline work orders (12345) as registered cases waiting for dispatch.

Every row ends up in one of four groups: imported; unchanged (its 工单编号 is already stored with
the same content); different ("已存在，内容不同，未更新" — stored with other content, which is
left as it is and the differing columns named); or rejected with its row number and reasons.
Rejected and different rows are listed in NAME.rejects.csv next to the file.

The whole file is one transaction: a failure halfway leaves the database as it was. The report
is written inside the transaction, before the commit, so an import never looks done while its
report is missing; a report that cannot be written (a read-only folder, the previous report open
in Excel) does not undo the import — the result carries a warning that says where it could not go.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.accounts.scope import case_row_in_scope
from app.calendar import parse_time_limit
from app.cases.drafts import CaseDraft
from app.cases.creator import CaseCreator
from app.cases.service import CaseService
from app.cases.states import CaseStatus
from app.imports.work_orders import (
    DEFAULT_SOURCE, RowReject, WorkOrderRow, load_work_order_words, put_rejects_report, read_work_orders,
)
from app.validation import normalize_identifier
from db.schema import Case

DIFFERENT = "已存在，内容不同，未更新"
OUTSIDE = "位置不在本账户的管辖范围（{scope}）内，未导入"
_CHUNK = 500
_COORDINATE_TOLERANCE = 1e-7


@dataclass(frozen=True)
class ImportResult:
    """What an import did; `report_warning` says why the report could not be written, if so."""

    imported: int
    unchanged: int
    rejects: list[RowReject]
    rejects_file: Path | None
    different: list[RowReject]
    report_warning: str | None = None

    @property
    def complete(self) -> bool:
        """Every row of the file is in the database as written (nothing rejected or left different)."""
        return not (self.rejects or self.different)


def import_work_orders(service: CaseService, path: str | Path, *, actor: str) -> ImportResult:
    """Import one file; raises ImportFileError when the file as a whole cannot be read."""
    service.require("case.import")
    config = service.config()
    now = service.now()
    with service.database.read() as session:
        words = load_work_order_words(session)
    parsed = read_work_orders(path, now=now, tz=config.tz, rules=config.rules, words=words)
    unchanged = 0
    different: list[RowReject] = []
    outside: list[RowReject] = []
    with service.database.write() as session:
        stored = _stored_cases(session, parsed.rows)
        grids = _grids_of(session, service, [row for row in parsed.rows if row.external_no not in stored])
        new_rows = []
        for row in parsed.rows:
            case = stored.get(row.external_no)
            problem = _out_of_scope(service, case, grids.get(row.row_number))
            if problem:  # a street's dispatcher imports its street's work orders only
                outside.append(RowReject(row_number=row.row_number, external_no=row.external_no, reason=problem))
                continue
            if case is None:
                new_rows.append(row)
                continue
            changed = differing_columns(case, row, config.rules)
            if changed:
                reason = f"{DIFFERENT}：{'、'.join(changed)}不同"
                different.append(RowReject(row_number=row.row_number, external_no=row.external_no, reason=reason))
            else:
                unchanged += 1
        creator = CaseCreator(session, config, now, service.workstation)
        drafts = (_draft(row, grids.get(row.row_number)) for row in new_rows)
        imported = creator.create_many(drafts, actor, checked=True)
        rejects = sorted(parsed.rejects + outside, key=lambda r: r.row_number)
        report, warning = put_rejects_report(path, sorted(rejects + different, key=lambda r: r.row_number))
    return ImportResult(imported, unchanged, rejects, report, different, warning)


def _grids_of(session, service: CaseService, rows: list[WorkOrderRow]) -> dict[int, uuid.UUID | None]:
    """The grid of each new row (by row number) for a scoped account, whose scope is checked before
    anything is written; none looked up district-wide (the creator places the cases as before)."""
    if service.principal.scope.whole_district or not rows:
        return {}
    from app.geo.locator import GridLocator  # numpy and shapely: only for a scoped import

    locator = GridLocator.from_session(session)
    return {row.row_number: locator.locate(row.lon, row.lat) if row.lon is not None and row.lat is not None else None
            for row in rows}


def _out_of_scope(service: CaseService, case: Case | None, grid_id: uuid.UUID | None) -> str | None:
    """Why the acting account may not import this row (None: it may): the new case's grid, or the
    stored case the row names, must be in its scope (app.accounts.scope's rule). A stored case
    outside it is not described, so the reason does not tell what it holds."""
    scope = service.principal.scope
    if scope.whole_district:
        return None
    if case is not None:
        inside = case_row_in_scope(scope, case.grid_id, case.department_id)
    else:
        inside = case_row_in_scope(scope, grid_id, None)
    return None if inside else OUTSIDE.format(scope=scope.label)



def differing_columns(case: Case, row: WorkOrderRow, rules) -> list[str]:
    """The columns (by their Chinese names) in which a stored case differs from a file's row.

    A blank 时限 means "the category's limit" and is not compared.
    """
    category = rules.category(row.category)
    same = [
        ("来源", case.source == (row.source or DEFAULT_SOURCE)),
        ("类别", category is not None and case.category_id == category.id),
        ("标题", case.title == row.title),
        ("内容", case.description == row.description),
        ("地址", case.address == row.address),
        ("经纬度", _same_number(case.lon, row.lon) and _same_number(case.lat, row.lat)),
        ("上报时间", case.reported_at == row.reported_at),
        ("紧急程度", case.urgency == row.urgency),
        ("时限", not row.time_limit or _same_limit(case, row.time_limit)),
        ("上报人", case.reporter_name == row.reporter),
        ("联系电话", case.reporter_phone == row.phone),
    ]
    return [name for name, equal in same if not equal]


def _same_limit(case: Case, text: str) -> bool:
    limit = parse_time_limit(text)
    return (case.limit_amount, case.limit_unit) == (limit.amount, limit.unit.value)


def _same_number(stored: float | None, written: float | None) -> bool:
    if stored is None or written is None:
        return stored is written
    return math.isclose(stored, written, abs_tol=_COORDINATE_TOLERANCE)


def _stored_cases(session, rows: list[WorkOrderRow]) -> dict[str, Case]:
    """Stored cases by their folded 工单编号, found by the folded and the as-written numbers."""
    numbers = sorted({row.external_no for row in rows} | {row.written_no for row in rows if row.written_no})
    found: dict[str, Case] = {}
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start:start + _CHUNK]
        for case in session.scalars(select(Case).where(Case.external_no.in_(chunk))):
            found.setdefault(normalize_identifier(case.external_no), case)
    return found


def _draft(row: WorkOrderRow, grid_id: uuid.UUID | None = None) -> CaseDraft:
    return CaseDraft(
        grid_id=grid_id,
        source=row.source or DEFAULT_SOURCE, category=row.category, description=row.description,
        reported_at=row.reported_at, urgency=row.urgency, title=row.title, address=row.address,
        lon=row.lon, lat=row.lat, reporter_name=row.reporter, reporter_phone=row.phone,
        external_no=row.external_no,
        time_limit=parse_time_limit(row.time_limit) if row.time_limit else None,
        status=CaseStatus.REGISTERED,
    )

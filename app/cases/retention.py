"""Retention of reporters' phones: a closed case keeps its reporter's phone for N months, then the
phone is cleared (the case, its history and the reporter's name stay).

A phone is kept only as long as the case may need a call back or a visit; the setting (stored with
the data so every desk agrees) is a number of months from 1 to 120, 24 by default, or 0 to keep
phones. Clearing runs in batches, each its own transaction, so a desk waiting to write on SQLite
waits for one batch only; a run writes one audit entry with how many phones it cleared (never a
phone). The run is the program's own job (the desktop's periodic upkeep, or `gridcc db retention`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.audit.changes import edit_entry
from app.cases.errors import CaseError
from app.cases.states import CaseStatus
from db.engine import Database
from db.schema import Case, Setting
from db.schema.audit import audit_entry

SETTINGS_KEY = "cases.reporter_phone_months"
DEFAULT_MONTHS = 24
MONTHS_RANGE = (0, 120)
KEEP = 0
BATCH = 500
ACTION = "retention_clear"


@dataclass(frozen=True)
class RetentionResult:
    """What a run found or did: the rule in force, the closing time before which phones go, how many."""

    months: int
    cutoff: datetime | None
    cleared: int
    dry_run: bool = False


def months_before(moment: datetime, months: int) -> datetime:
    """`moment` moved back whole calendar months (31 March − 1 month = 28/29 February)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    last_day = (datetime(year + month // 12, month % 12 + 1, 1) - datetime(year, month, 1)).days
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def read_months(session: Session) -> int:
    """The months in force; the default when none is stored or it cannot be read."""
    text = session.scalar(select(Setting.value).where(Setting.key == SETTINGS_KEY, Setting.deleted_at.is_(None)))
    try:
        months = int(text) if text else DEFAULT_MONTHS
    except ValueError:
        return DEFAULT_MONTHS
    return months if MONTHS_RANGE[0] <= months <= MONTHS_RANGE[1] else DEFAULT_MONTHS


def retention_months(database: Database) -> int:
    """The months a closed case keeps its reporter's phone (0: kept)."""
    with database.read() as session:
        return read_months(session)


def set_retention_months(database: Database, months: int, principal: Principal = SYSTEM) -> int:
    """Store the setting (needs config.edit); the change is audited with its old and new value."""
    low, high = MONTHS_RANGE
    if not isinstance(months, int) or not low <= months <= high:
        raise CaseError(f"报告人电话保留月数 {months} 超出范围，应为 {low}–{high}（0 = 一直保留）")
    require(database, principal, "config.edit", entity="settings")
    with database.write() as session:
        before = read_months(session)
        row = session.scalar(select(Setting).where(Setting.key == SETTINGS_KEY))
        if row is None:
            session.add(Setting(key=SETTINGS_KEY, value=str(months)))
        else:
            row.value, row.deleted_at = str(months), None
        entry = edit_entry(actor=principal.login, workstation=principal.workstation, action="change_settings",
                           entity="settings", before={"months": before}, after={"months": months},
                           extra={"key": SETTINGS_KEY})
        if entry is not None:
            session.add(entry)
    return months


def clear_old_phones(database: Database, now: datetime, *, principal: Principal = SYSTEM, dry_run: bool = False,
                     batch: int = BATCH) -> RetentionResult:
    """Clear the reporter's phone of every case closed more than the setting's months before `now`;
    with `dry_run` only count them. One audit entry per run that cleared any."""
    require(database, principal, "config.edit", entity="cases")
    months = retention_months(database)
    if months == KEEP:
        return RetentionResult(months, None, 0, dry_run)
    cutoff = months_before(now, months)
    due = (Case.status == CaseStatus.CLOSED.value, Case.closed_at < cutoff, Case.reporter_phone.is_not(None))
    if dry_run:
        with database.read() as session:
            count = session.query(Case.id).where(*due).count()
        return RetentionResult(months, cutoff, count, True)
    cleared = 0
    try:
        while True:
            with database.write() as session:
                ids = session.scalars(select(Case.id).where(*due).limit(batch)).all()
                if ids:  # the phone tested again: another desk's run may have cleared some meanwhile
                    cleared += session.execute(
                        update(Case).where(Case.id.in_(ids), Case.reporter_phone.is_not(None))
                        .values(reporter_phone=None, version=Case.version + 1)
                        .execution_options(synchronize_session=False)).rowcount
            if len(ids) < batch:
                break
    finally:
        if cleared:
            with database.write() as session:
                session.add(audit_entry(actor=principal.login, workstation=principal.workstation, action=ACTION,
                                        entity="cases", detail={"cleared": cleared, "months": months,
                                                                "closed_before": cutoff.isoformat()}))
    return RetentionResult(months, cutoff, cleared)

"""Calling the workflows' own re-derivation for the records a push added events to.

The rules live with the workflows (app.cases.rederive, app.mediation.rederive); this module only
loads the records, calls them and turns each action that could not apply into a `workflow`
conflict naming the record, the action, who did it and why it did not apply.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from db.schema import Case, Dispute


def rederive_records(session: Session, records: dict[str, set[uuid.UUID]], conflict) -> None:
    """Re-derive the cases and disputes in `records` ({table: ids}); report refused actions."""
    case_ids = sorted(records.get("cases", ()))
    if case_ids:
        from app.cases.rederive import rederive_case
        from app.cases.service import load_config

        config = load_config(session)
        for case_id in case_ids:
            row = session.get(Case, case_id)
            for rejected in rederive_case(session, row, config):
                _report(conflict, "cases", row.id, row.case_no, rejected)
    dispute_ids = sorted(records.get("disputes", ()))
    if dispute_ids:
        from app.config.calendar_config import load_calendar
        from app.mediation.rederive import rederive_dispute
        from app.mediation.rules import load_mediation_rules
        from app.mediation.service import MediationConfig

        mediation = MediationConfig(load_mediation_rules(session), load_calendar(session))
        for dispute_id in dispute_ids:
            row = session.get(Dispute, dispute_id)
            for rejected in rederive_dispute(session, row, mediation):
                _report(conflict, "disputes", row.id, row.dispute_no, rejected)
    session.flush()


def _report(conflict, table: str, row_id: uuid.UUID, number: str, rejected) -> None:
    conflict("workflow", table, row_id, None, fields={"action": {
        "base": None, "local": rejected.action, "server": None, "actor": rejected.actor, "seq": rejected.seq,
    }}, detail=f"{number}：{rejected.actor} 的操作“{rejected.action}”（第 {rejected.seq} 条记录）未生效：{rejected.reason}")

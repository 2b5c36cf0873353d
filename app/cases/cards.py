"""Supervision cards (督办单) awaiting a reply, and replying to one.

A card awaits a reply while it has none, is not closed, and its case is still open. Replies use
the card's `version` like any edit: a reply to a card someone else answered first is refused.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, select
from sqlalchemy.orm.exc import StaleDataError

from app.cases.errors import CaseError, ConflictError, MissingInput
from app.cases.service import CaseService
from app.cases.states import OPEN_STATUSES
from db.schema import Case, Department, SupervisionCard
from db.schema.audit import audit_entry

CARD_LABELS = {"red": "红牌督办", "yellow": "黄牌督办", "leader": "领导督办"}
_OPEN = [s.value for s in OPEN_STATUSES]
_COLOR_ORDER = case((SupervisionCard.color == "red", 0), (SupervisionCard.color == "leader", 1), else_=2)


class CardNotFound(CaseError):
    """No supervision card with that id."""


class _Changed(Exception):
    """The card is no longer as the user saw it (raised inside the write, answered outside)."""


@dataclass(frozen=True, kw_only=True)
class CardItem:
    """A supervision card as lists show it, with the version a reply must quote."""

    id: str
    case_no: str
    case_title: str
    color: str
    reason: str
    issuer: str
    department: str | None
    issued_at: datetime
    reply: str | None
    replied_at: datetime | None
    version: int

    @property
    def label(self) -> str:
        """黄牌督办 / 红牌督办 / 领导督办."""
        return CARD_LABELS.get(self.color, "督办")


def _card_select():
    return (
        select(SupervisionCard.id, Case.case_no, Case.title, SupervisionCard.color, SupervisionCard.reason,
               SupervisionCard.issuer, Department.name, SupervisionCard.issued_at, SupervisionCard.reply,
               SupervisionCard.replied_at, SupervisionCard.version)
        .select_from(SupervisionCard)
        .join(Case, Case.id == SupervisionCard.case_id)
        .outerjoin(Department, Department.id == SupervisionCard.department_id)
        .where(SupervisionCard.deleted_at.is_(None), Case.deleted_at.is_(None))
    )


def _item(row) -> CardItem:
    (card_id, case_no, title, color, reason, issuer, department, issued_at, reply, replied_at, version) = row
    return CardItem(id=str(card_id), case_no=case_no, case_title=title, color=color, reason=reason,
                    issuer=issuer, department=department, issued_at=issued_at, reply=reply,
                    replied_at=replied_at, version=version)


def awaiting_reply(service: CaseService, *, limit: int | None = None) -> list[CardItem]:
    """Cards of open cases still waiting for a reply: red first, then leaders', then yellow; oldest first."""
    query = service.scoped(
        _card_select()
        .where(SupervisionCard.reply.is_(None), SupervisionCard.closed_at.is_(None), Case.status.in_(_OPEN))
        .order_by(_COLOR_ORDER, SupervisionCard.issued_at, Case.case_no)
        .limit(limit)
    )
    with service.database.read() as session:
        return [_item(row) for row in session.execute(query)]


def get_card(service: CaseService, card_id: str) -> CardItem:
    """One card by id, whatever its state."""
    with service.database.read() as session:
        row = session.execute(service.scoped(_card_select().where(SupervisionCard.id == _card_uuid(card_id)))).first()
    if row is None:
        raise CardNotFound(f"找不到督办单“{card_id}”")
    return _item(row)


def reply_to_card(service: CaseService, card_id: str, note: str, *, actor: str,
                  expected_version: int | None = None) -> CardItem:
    """Record the reply `note` to a card (who and when go to the audit log) and return the card.

    `expected_version` is the version the user saw; if the card changed since, or was already
    answered, nothing is written and ConflictError says so.
    """
    text = (note or "").strip()
    if not text:
        raise MissingInput("回复督办单需要填写回复内容")
    service.require("case.supervise", get_card(service, card_id).case_no)
    now = service.now()
    try:
        with service.database.write() as session:
            card = session.get(SupervisionCard, _card_uuid(card_id))
            if card is None or card.deleted_at is not None:
                raise CardNotFound(f"找不到督办单“{card_id}”")
            if card.reply is not None or (expected_version is not None and card.version != expected_version):
                raise _Changed
            card.reply = text
            card.replied_at = now
            session.add(audit_entry(actor=actor, workstation=service.workstation, action="reply",
                                    entity="supervision_card", entity_id=card.id, detail={"reply": text}))
            session.flush()
    except (StaleDataError, _Changed):
        raise _conflict(service, card_id) from None
    return get_card(service, card_id)


def _conflict(service: CaseService, card_id: str) -> ConflictError:
    card = get_card(service, card_id)
    if card.reply is not None:
        return ConflictError(f"案件 {card.case_no} 的{card.label}单已由他人回复；本次回复未保存")
    return ConflictError(f"案件 {card.case_no} 的{card.label}单已被他人修改；本次回复未保存，请刷新后重试")


def _card_uuid(card_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(card_id))
    except ValueError:
        raise CardNotFound(f"督办单编号“{card_id}”无效") from None

"""The ladder (调解小组 → 村居调委会 → 镇街调委会 → 区县调解中心) and typed transfers.

"小事不出村、大事不出镇、难事不出区": escalation moves a dispute to the committee one rung up
whose area contains the current committee's area (or the dispute's community); transfers hand
it to another body (公调 police, 诉调 court, 访调 petitions, 检调 procuratorate, 仲调
arbitration), which returns a receipt and, later, the outcome.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cases.errors import MissingInput
from app.mediation.rules import CommitteeInfo, MediationRules
from app.mediation.states import LEVELS, TRANSFER_KINDS
from db.schema import Region


def level_number(text: str | int | None) -> int | None:
    """A ladder level from its number or name ('3', '镇街调委会'); None when not given."""
    if text is None or text == "":
        return None
    if isinstance(text, int) or str(text).isdigit():
        number = int(text)
        if number in LEVELS:
            return number
    for number, name in LEVELS.items():
        if str(text).strip() in (name, name[:2]):
            return number
    raise MissingInput(f"调处层级“{text}”无效，应为 {'、'.join(f'{n} {name}' for n, name in LEVELS.items())}")


def ancestors(session: Session, region_id: uuid.UUID | None) -> list[uuid.UUID]:
    """The region and every region above it, nearest first."""
    chain = []
    while region_id is not None and region_id not in chain:
        chain.append(region_id)
        region_id = session.scalar(select(Region.parent_id).where(Region.id == region_id))
    return chain


def committee_above(session: Session, rules: MediationRules, level: int,
                    region_id: uuid.UUID | None) -> CommitteeInfo | None:
    """The committee at `level` covering `region_id` (the nearest one up the region tree)."""
    by_region = {c.region_id: c for c in rules.committees.values() if c.level == level}
    for region in ancestors(session, region_id):
        if region in by_region:
            return by_region[region]
    candidates = [c for c in rules.committees.values() if c.level == level]
    return candidates[0] if len(candidates) == 1 else None


def transfer_body(kind: str, body: str | None) -> str:
    """The receiving body of a transfer: as given, or the kind's default (公调 → 公安机关)."""
    if kind not in TRANSFER_KINDS:
        raise MissingInput(f"移交类型“{kind}”无效，应为 {'、'.join(TRANSFER_KINDS)}")
    return (body or "").strip() or TRANSFER_KINDS[kind]

"""Registering disputes inside one write transaction (one form, an import file, the demo).

Checks the draft (type, source, referral body, community, committee, mediator, parties; every text
against its column's size and the counts within sane bounds, before the database sees them, so
SQLite and PostgreSQL refuse alike), links parties to ledger persons by ID number, numbers the
dispute, records its 'register' event and starts the clock when its rule runs from registration
(court referrals).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.calendar import WorkingCalendar
from app.cases.errors import MissingInput
from app.mediation.drafts import ActionInputs, DisputeDraft, PartyDraft
from app.mediation.effects import Act, start_limit
from app.mediation.ladder import committee_above, level_number
from app.mediation.numbering import DisputeNumberer
from app.mediation.projection import relight
from app.mediation.risk import is_major, raises_alert, resolve_flags, warning_of, with_major
from app.mediation.rules import MediationRules
from app.mediation.states import PARTY_ROLES, REFERRAL_SOURCES, SOURCE_LIMITS, SOURCES, DisputeStatus
from app.people.id_numbers import parse_id
from app.validation import check_max_length
from db.schema import Dispute, DisputeEvent, DisputeParty, Mediator, Person, Region


#: the dispute's own length-limited texts and their labels (the import's column names)
_DISPUTE_TEXTS = {"external_no": "编号", "location": "地点", "referring_body": "移送单位", "referring_no": "移送文号",
                  "arose_place": "发生地点"}
_PARTY_TEXTS = {"name": "姓名", "ethnicity": "民族", "occupation": "职业", "phone": "电话", "address": "住址",
                "representative": "代表人"}
#: the most people one dispute can involve, and the largest amount in dispute (yuan)
MAX_PEOPLE = 100_000
MAX_AMOUNT = 1e12


def check_sizes(draft: DisputeDraft) -> None:
    """Refuse a text longer than its column, or a count or amount out of bounds, naming the field."""
    for field, label in _DISPUTE_TEXTS.items():
        _fits(label, getattr(draft, field), Dispute.__table__.c[field].type.length)
    for party in draft.parties:
        for field, label in _PARTY_TEXTS.items():
            _fits(f"{party.role}{label}", getattr(party, field), DisputeParty.__table__.c[field].type.length)
    if draft.people_involved is not None and not 0 <= draft.people_involved <= MAX_PEOPLE:
        raise MissingInput(f"涉及人数 {draft.people_involved:g} 超出范围：应在 0～{MAX_PEOPLE} 之间")
    if draft.amount is not None and not 0 <= draft.amount <= MAX_AMOUNT:
        raise MissingInput(f"涉及金额 {draft.amount:g} 超出范围：最多 {MAX_AMOUNT:g} 元")


def _fits(label: str, text: str | None, limit: int) -> None:
    try:
        check_max_length(text, limit)
    except ValueError as exc:
        raise MissingInput(f"{label}：{exc}") from None


class DisputeRegistrar:
    """Creates disputes in one session, numbering them as it goes."""

    def __init__(self, session: Session, rules: MediationRules, calendar: WorkingCalendar, now: datetime,
                 workstation: str | None = None):
        self.session = session
        self.rules = rules
        self.calendar = calendar
        self.now = now
        self.workstation = workstation
        self._numberer: DisputeNumberer | None = None

    def register(self, draft: DisputeDraft, actor: str) -> Dispute:
        """Insert one dispute with its parties and its 'register' event; refuse a bad draft."""
        check_sizes(draft)
        rules = self.rules
        kind = rules.type(draft.type)
        if kind is None:
            raise MissingInput(f"未知的纠纷类型“{draft.type}”")
        if draft.source not in SOURCES:
            raise MissingInput(f"纠纷来源“{draft.source}”无效，应为 {'、'.join(SOURCES)}")
        if draft.source in REFERRAL_SOURCES and not (draft.referring_body or "").strip():
            raise MissingInput(f"“{draft.source}”的纠纷须记录移送单位")
        if not (draft.facts or "").strip():
            raise MissingInput("纠纷需要简要案情")
        if not draft.parties:
            raise MissingInput("纠纷需要至少一方当事人")
        if draft.limit_code and draft.limit_code not in rules.limits:
            raise MissingInput(f"未知的调解期限规则“{draft.limit_code}”")
        community_id, grid_id = self._places(draft)
        committee, level = self._committee(draft, community_id)
        registered_at = draft.registered_at or self.now
        people = draft.people_involved or len(draft.parties)
        flags = with_major(rules, resolve_flags(rules, draft.risk_flags),
                           is_major(rules, people=people, amount=draft.amount, type_code=kind.code))
        warning = warning_of(rules, flags, draft.warning)
        mediator_id = self._mediator(draft.mediator)
        parties = [self._party(seq_no, party) for seq_no, party in enumerate(draft.parties, start=1)]
        number, seq = self.numberer().next(registered_at.astimezone(self.calendar.tz).year)
        row = Dispute(
            dispute_no=number, year=registered_at.astimezone(self.calendar.tz).year,
            seq=seq, external_no=draft.external_no, committee_id=committee, community_id=community_id,
            grid_id=grid_id, location=draft.location, source=draft.source, channel=draft.channel,
            referring_body=draft.referring_body, referring_no=draft.referring_no, type_id=kind.id,
            stat_type_id=rules.statistics_type(kind.id).id,
            facts=draft.facts.strip(), claims=draft.claims, arose_at=draft.arose_at, arose_place=draft.arose_place,
            people_involved=people, amount=draft.amount, invited=list(draft.invited) or None, registrar=actor,
            registered_at=registered_at, mediator_id=mediator_id,
            status=DisputeStatus.REGISTERED.value, is_open=True, level=level, risk_flags=flags or None,
            warning=warning, alert=raises_alert(rules, flags, warning),
            limit_code=draft.limit_code or SOURCE_LIMITS.get(draft.source, "default"), event_count=1,
        )
        self.session.add(row)
        self.session.flush()
        for party in parties:
            party.dispute_id = row.id
            self.session.add(party)
        start_limit(Act(self.session, row, rules, self.calendar, ActionInputs(), actor, registered_at), "register")
        relight(row, (), rules, self.calendar)
        self.session.add(DisputeEvent(
            dispute_id=row.id, seq=1, action="register", actor=actor, at=registered_at, note=None, from_status=None,
            to_status=row.status, data={"source": draft.source, "type": kind.name, "level": level},
            workstation=self.workstation))
        return row

    def numberer(self) -> DisputeNumberer:
        if self._numberer is None:
            self._numberer = DisputeNumberer(self.session, self.rules.setting("dispute_no_area", ""))
        return self._numberer

    def _places(self, draft: DisputeDraft) -> tuple[uuid.UUID | None, uuid.UUID | None]:
        grid = self._region(draft.grid, "grid") if draft.grid else None
        if draft.community:
            community = self._region(draft.community, "community")
        else:
            community = self.session.scalar(select(Region.parent_id).where(Region.id == grid)) if grid else None
        return community, grid

    def _region(self, text: str, level: str) -> uuid.UUID:
        found = self.session.scalar(select(Region.id).where(
            Region.level == level, Region.deleted_at.is_(None), or_(Region.code == text, Region.name == text)).limit(1))
        if found is None:
            raise MissingInput(f"找不到{'社区/村' if level == 'community' else '网格'}“{text}”")
        return found

    def _committee(self, draft: DisputeDraft, community_id) -> tuple[uuid.UUID | None, int]:
        if draft.committee:
            found = self.rules.committee(draft.committee)
            if found is None:
                raise MissingInput(f"找不到调解组织“{draft.committee}”")
            return found.id, found.level
        level = level_number(draft.level) or 2
        found = committee_above(self.session, self.rules, level, community_id)
        return (found.id if found else None), level

    def _mediator(self, name: str | None) -> uuid.UUID | None:
        if not name:
            return None
        found = self.session.scalar(select(Mediator.id).where(Mediator.name == name.strip(),
                                                              Mediator.deleted_at.is_(None)).limit(1))
        if found is None:
            raise MissingInput(f"调解员名册中找不到“{name}”")
        return found

    def _party(self, seq: int, party: PartyDraft) -> DisputeParty:
        """A party row checked before anything is written (its dispute is set once it exists)."""
        name = (party.name or "").strip()
        if not name:
            raise MissingInput(f"第{seq}位当事人缺少姓名或名称")
        if party.role not in PARTY_ROLES:
            raise MissingInput(f"当事人“{name}”的身份“{party.role}”无效，应为 {'、'.join(PARTY_ROLES)}")
        if party.kind not in ("natural", "legal"):
            raise MissingInput(f"当事人“{name}”的类型应为 natural（自然人）或 legal（法人、其他组织）")
        id_number = None
        if party.id_number:
            try:
                id_number = parse_id(party.id_number)
            except ValueError:
                raise MissingInput(f"当事人“{name}”的身份证号无效") from None
        person_id = party.person_id
        if person_id is None and id_number:
            person_id = self.session.scalar(select(Person.id).where(Person.id_number == id_number,
                                                                    Person.deleted_at.is_(None)))
        return DisputeParty(
            seq=seq, role=party.role, kind=party.kind, person_id=person_id, name=name,
            sex=party.sex, ethnicity=party.ethnicity, age=party.age, occupation=party.occupation, phone=party.phone,
            address=party.address, id_number=id_number, representative=party.representative)

"""`gridcc demo` mediation docket: committees on every rung, a mediator register, a few hundred
disputes over the past year and the communities' screening history.

Disputes go through the docket's own workflow (app.mediation.service.apply_action) with
planned instants, so every state, light, countdown and statistic is what the service would
produce: all levels, types, sources and outcomes, parties from the demo ledger where it has
residents, sessions, written and oral agreements, confirmations, obligations, visits,
escalations, transfers and risk flags. A few communities have not reported this month.
Deterministic for a seed (the keys are time-based, the content is not).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo.docket_texts import COMPANIES, dispute_text
from app.demo.people_names import person_name, phone_number
from app.mediation.drafts import ActionInputs, DisputeDraft, ObligationDraft, PartyDraft
from app.mediation.registration import DisputeRegistrar
from app.mediation.rules import load_mediation_rules
from app.mediation.screening import period_of
from app.mediation.service import MediationConfig, apply_action
from app.mediation.states import DisputeAction
from app.config.calendar_config import load_calendar
from db.schema import MediationCommittee, Mediator, Person, Region, ScreeningReport

DEFAULT_DISPUTES = 300
HISTORY_DAYS = 365
MISSING_THIS_MONTH = 3
SOURCE_WEIGHTS = {"申请": 40, "主动调解": 22, "网格员": 16, "公安移交": 7, "法院委派": 4, "法院委托": 3,
                  "信访转来": 4, "检察转来": 1, "仲裁转来": 1, "政府指定": 2}
TYPE_WEIGHTS = {"婚姻家庭": 14, "邻里": 26, "房屋宅基地": 7, "合同": 8, "生产经营": 3, "损害赔偿": 8, "山林土地": 2,
                "征地拆迁": 3, "环境污染": 3, "劳动争议": 8, "消费": 4, "医疗": 2, "道路交通事故": 5, "物业": 5,
                "其他": 2}
LEVEL_WEIGHTS = {1: 10, 2: 65, 3: 17, 4: 8}
OUTCOME_WEIGHTS = {"agree_written": 45, "agree_oral": 27, "fail": 13, "terminate": 4, "refuse": 5, "transfer": 6}
LEGAL_TYPES = ("劳动争议", "合同", "消费", "物业", "医疗")
BODIES = {"公安移交": "青澜区公安分局", "法院委派": "青澜区人民法院", "法院委托": "青澜区人民法院",
          "信访转来": "青澜区信访局", "检察转来": "青澜区人民检察院", "仲裁转来": "青澜区劳动人事争议仲裁院",
          "政府指定": "青澜区人民政府"}
A = DisputeAction


def fill_docket(session: Session, seed: int = 1, *, now: datetime, disputes: int = DEFAULT_DISPUTES) -> int:
    """Write the demo docket in the demo build's transaction (after its district and residents);
    returns how many disputes."""
    rng = random.Random(seed * 104729 + 11)
    places = _committees(session, rng)
    config = MediationConfig(load_mediation_rules(session), load_calendar(session))
    residents = _residents(session)
    registrar = DisputeRegistrar(session, config.rules, config.calendar, now)
    starts = sorted(now - timedelta(days=HISTORY_DAYS * rng.random() ** 1.2, hours=rng.randrange(12))
                    for _ in range(disputes))
    for n, start in enumerate(starts):
        _dispute(_World(session, rng, config, registrar, now, places, residents), start, n)
    _screening(session, rng, now, config.calendar.tz, [c for c, _street in places["communities"]])
    return disputes


class _World:
    """What every generated dispute needs."""

    def __init__(self, session, rng, config, registrar, now, places, residents):
        self.session, self.rng, self.config, self.registrar = session, rng, config, registrar
        self.now, self.places, self.residents = now, places, residents


def _committees(session: Session, rng: random.Random) -> dict:
    """A committee per community (and a mediation group in its first grid), street and the district,
    two or three mediators each."""
    regions = session.execute(select(Region.id, Region.code, Region.name, Region.level, Region.parent_id)).all()
    by_level: dict[str, list] = {}
    for region in sorted(regions, key=lambda r: r.code):
        by_level.setdefault(region.level, []).append(region)
    committees = {1: [], 2: [], 3: [], 4: []}
    names = {1: "{}第一调解小组", 2: "{}人民调解委员会", 3: "{}人民调解委员会", 4: "{}矛盾纠纷调处中心"}
    first_grid = {}
    for grid in by_level.get("grid", []):
        first_grid.setdefault(grid.parent_id, grid)
    units = [(4, r) for r in by_level.get("district", [])] + [(3, r) for r in by_level.get("street", [])]
    units += [(2, r) for r in by_level.get("community", [])]
    units += [(1, first_grid[r.id]) for r in by_level.get("community", []) if r.id in first_grid]
    for level, region in units:
        label = region.name.replace("第一网格", "") if level == 1 else region.name
        row = MediationCommittee(code=f"TJ{level}-{region.code}", name=names[level].format(label), level=level,
                                 region_id=region.id)
        session.add(row)
        session.flush()
        committees[level].append(row.name)
        for k in range(3 if level >= 3 else 2):
            session.add(Mediator(name=person_name(rng), committee_id=row.id, kind="专职" if k == 0 else "兼职",
                                 phone=phone_number(rng)))
    streets = {r.id: r for r in by_level.get("street", [])}
    return {"communities": [(c, streets.get(c.parent_id)) for c in by_level.get("community", [])],
            "grids": {c.id: [g for g in by_level.get("grid", []) if g.parent_id == c.id]
                      for c in by_level.get("community", [])}}


def _residents(session: Session) -> dict:
    """Ledger residents by community (a sample), to be parties of the disputes."""
    grid_parent = dict(session.execute(select(Region.id, Region.parent_id).where(Region.level == "grid")).all())
    rows = session.execute(select(Person.id, Person.name, Person.sex, Person.phone, Person.grid_id)
                           .where(Person.deleted_at.is_(None)).order_by(Person.id).limit(20_000)).all()
    by_community: dict = {}
    for row in rows:
        by_community.setdefault(grid_parent.get(row.grid_id), []).append(row)
    return by_community


def _dispute(world: _World, start: datetime, n: int) -> None:
    rng = world.rng
    community, street = rng.choice(world.places["communities"])
    grids = world.places["grids"].get(community.id) or []
    type_name = _pick(rng, TYPE_WEIGHTS)
    source = _pick(rng, SOURCE_WEIGHTS)
    level = _pick(rng, LEVEL_WEIGHTS)
    facts, claims, terms, duty, amount = dispute_text(rng, type_name)
    people = rng.choice((2, 2, 2, 3, 4)) if rng.random() > 0.05 else rng.randrange(10, 40)
    flags = tuple(rng.sample(("民转刑", "群体性上访", "自杀/自伤", "涉法涉诉", "群体性械斗"), 1)) if rng.random() < 0.08 else ()
    committee = _committee_for(world, level, community, street, grids)
    draft = DisputeDraft(
        type=type_name, facts=facts, claims=claims, source=source, channel="网格员上报" if source == "网格员" else None,
        referring_body=BODIES.get(source), referring_no=f"（{start.year}）转{n + 1:04d}号" if source in BODIES else None,
        committee=committee, community=community.code, grid=rng.choice(grids).code if grids else None,
        location=f"{community.name}{rng.randrange(1, 40)}号楼附近", arose_at=start - timedelta(days=rng.randrange(1, 20)),
        people_involved=people, amount=amount, risk_flags=flags, registered_at=start,
        parties=_parties(world, community, type_name))
    row = world.registrar.register(draft, "clerk")
    _play(world, row, start, terms, duty, amount)


def _committee_for(world, level, community, street, grids) -> str:
    if level == 1 and grids:
        return f"{grids[0].name.replace('第一网格', '')}第一调解小组"
    if level == 3 and street is not None:
        return f"{street.name}人民调解委员会"
    if level == 4:
        return world.session.scalar(select(MediationCommittee.name).where(MediationCommittee.level == 4).limit(1))
    return f"{community.name}人民调解委员会"


def _parties(world: _World, community, type_name: str) -> tuple[PartyDraft, ...]:
    rng = world.rng
    pool = world.residents.get(community.id) or []
    chosen = rng.sample(pool, 2) if len(pool) >= 2 else []
    parties = [PartyDraft(role="申请人", name=p.name, person_id=p.id, sex=p.sex, phone=p.phone) for p in chosen[:1]]
    if not parties:
        parties.append(PartyDraft(role="申请人", name=person_name(rng), phone=phone_number(rng)))
    if type_name in LEGAL_TYPES and rng.random() < 0.7:
        company = rng.choice(COMPANIES)
        parties.append(PartyDraft(role="被申请人", name=company, kind="legal", representative=person_name(rng)))
    elif len(chosen) > 1:
        p = chosen[1]
        parties.append(PartyDraft(role="被申请人", name=p.name, person_id=p.id, sex=p.sex, phone=p.phone))
    else:
        parties.append(PartyDraft(role="被申请人", name=person_name(rng)))
    return tuple(parties)


def _play(world: _World, row, start: datetime, terms, duty: str, amount: float | None) -> None:
    """Take the dispute as far along its planned path as the time since its registration allows."""
    rng, at = world.rng, start
    steps: list[tuple[DisputeAction, ActionInputs, float]] = [(A.NOTIFY, ActionInputs(), rng.uniform(0.05, 1))]
    outcome = _pick(rng, OUTCOME_WEIGHTS)
    if outcome == "refuse":
        steps += [(A.REFUSE, ActionInputs(note="一方当事人不同意调解"), rng.uniform(0.5, 2)),
                  (A.CLOSE, ActionInputs(), rng.uniform(1, 5)), (A.FILE, ActionInputs(), rng.uniform(5, 20))]
    else:
        steps.append((A.ACCEPT, ActionInputs(), rng.uniform(0.1, 2)))
        if rng.random() < 0.3:
            steps.append((A.INVESTIGATE, ActionInputs(note="走访双方及周边群众，了解纠纷经过", subject="周边住户"),
                          rng.uniform(1, 4)))
        if rng.random() < 0.1 and row.level < 4:
            steps.append((A.ESCALATE, ActionInputs(note="案情复杂，提请上级调处"), rng.uniform(1, 3)))
        for k in range(rng.choice((1, 1, 2, 3))):
            steps.append((A.SESSION, ActionInputs(note=f"第{k + 1}次调解：听取双方意见，释法明理", place="调解室",
                                                  session_result="继续调解" if k else "初步沟通"), rng.uniform(2, 8)))
        steps += _ending(world, outcome, terms, duty, amount)
    for action, inputs, days in steps:
        at = at + timedelta(days=days)
        if at >= world.now:
            return
        apply_action(world.session, row, action, _timed(inputs, at), actor="mediator", config=world.config, at=at)


def _ending(world: _World, outcome: str, terms, duty: str, amount) -> list:
    rng = world.rng
    if outcome == "transfer":
        kind = rng.choice(("公调", "诉调", "访调", "检调", "仲调"))
        return [(A.TRANSFER, ActionInputs(kind=kind, note="移交有关部门处理"), rng.uniform(1, 5)),
                (A.TRANSFER_RECEIPT, ActionInputs(), rng.uniform(1, 3)),
                (A.TRANSFER_OUTCOME, ActionInputs(note="对方已依法处理并反馈"), rng.uniform(10, 40)),
                (A.CLOSE, ActionInputs(), rng.uniform(1, 5)), (A.FILE, ActionInputs(), rng.uniform(5, 20))]
    if outcome in ("fail", "terminate"):
        note = "双方分歧较大，已告知仲裁、行政、司法途径" if outcome == "fail" else "一方要求终止调解"
        return [(A(outcome), ActionInputs(note=note), rng.uniform(1, 10)), (A.CLOSE, ActionInputs(), rng.uniform(1, 5)),
                (A.FILE, ActionInputs(), rng.uniform(5, 20))]
    written = outcome == "agree_written"
    duties = ()
    if written and amount and rng.random() < 0.85:
        duties = (ObligationDraft(what=duty, amount=amount, due_on=date.max, obligor=None),)
    steps = [(A(outcome), ActionInputs(terms=tuple(terms), obligations=duties, performance="当面交付"),
              rng.uniform(1, 6))]
    if written and rng.random() < 0.25:
        steps += [(A.APPLY_CONFIRMATION, ActionInputs(body="青澜区人民法院"), rng.uniform(2, 20)),
                  (A.CONFIRM, ActionInputs(decision="confirmed" if rng.random() < 0.9 else "rejected"),
                   rng.uniform(5, 15))]
    if duties:
        steps.append((A.FULFIL, ActionInputs(evidence="收款收据"), rng.uniform(3, 35)))
    elif written:
        steps.append((A.ADD_DOCUMENT, ActionInputs(item="performance", title="履行情况说明"), rng.uniform(3, 20)))
    steps.append((A.VISIT, ActionInputs(note="回访双方，协议已履行，关系缓和", satisfied=True), rng.uniform(3, 20)))
    steps += [(A.CLOSE, ActionInputs(), rng.uniform(1, 5)), (A.FILE, ActionInputs(), rng.uniform(5, 20))]
    return steps


def _timed(inputs: ActionInputs, at: datetime) -> ActionInputs:
    """The inputs with a due date for obligations (a month after the agreement) where one is pending."""
    if inputs.obligations and inputs.obligations[0].due_on == date.max:
        due = (at + timedelta(days=30)).date()
        obligations = tuple(ObligationDraft(what=o.what, amount=o.amount, due_on=due, obligor=o.obligor)
                            for o in inputs.obligations)
        return ActionInputs(**{**inputs.__dict__, "obligations": obligations})
    return inputs


def _screening(session: Session, rng: random.Random, now: datetime, tz, communities) -> None:
    """Twelve months of monthly reports; this month a few communities have not reported yet."""
    local = now.astimezone(tz)
    missing = {c.id for c in rng.sample(communities, min(MISSING_THIS_MONTH, len(communities)))}
    for back in range(12):
        year, month = divmod(local.year * 12 + local.month - 1 - back, 12)
        month += 1
        for community in communities:
            if back == 0 and community.id in missing:
                continue
            found = rng.choice((0, 0, 1, 1, 2, 3))
            reported = datetime(year, month, min(25, local.day if back == 0 else 25), 10, tzinfo=tz)
            session.add(ScreeningReport(community_id=community.id, period=period_of("monthly", year, month),
                                        found=found, prevented=rng.randrange(0, found + 1), reporter="clerk",
                                        reported_at=min(reported, now), note=None if found else "零报告"))


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]

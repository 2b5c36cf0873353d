"""The demo docket: every level, type family, source and outcome, parties from the ledger,
screening with a few communities missing this month, the same content for the same seed."""

from collections import Counter

import pytest
from sqlalchemy import func, select

from app.demo.builder import fill_demo
from app.mediation.alerts import dispute_alerts
from app.mediation.screening import missing_reports
from app.mediation.service import MediationService
from db.schema import Dispute, DisputeParty, DisputeTransfer, DisputeType


@pytest.fixture
def docket(service, database, clock):
    """The seed-1 demo with 300 residents (and its docket) at the test clock; a MediationService on it."""
    fill_demo(service, seed=1, cases=0, persons=300)
    return MediationService(database, now=clock)


def _counts(database, *columns):
    with database.read() as session:
        return Counter(session.execute(select(*columns)).all())


def test_demo_docket_covers_the_docket(docket, database):
    """Levels 1–4, most 司法部 types, every outcome, confirmations, transfers, escalations and flags are there."""
    assert docket.count() == 300
    assert {level for (level,) in _counts(database, Dispute.level)} == {1, 2, 3, 4}
    results = {result for (result,) in _counts(database, Dispute.result)}
    assert {"书面协议", "口头协议", "调解不成", "终止", "不予受理", "移交"} <= results
    assert len(_counts(database, DisputeType.name).keys() & {(t,) for t in ("邻里", "婚姻家庭", "劳动争议")}) == 3
    assert {"confirmed"} <= {c for (c,) in _counts(database, Dispute.confirmation_status)}
    kinds = {k for (k,) in _counts(database, DisputeTransfer.kind)}
    assert "升级" in kinds and len(kinds & {"公调", "诉调", "访调", "检调", "仲调"}) >= 3
    assert dispute_alerts(docket)
    with database.read() as session:
        linked = session.scalar(select(func.count()).select_from(DisputeParty)
                                .where(DisputeParty.person_id.is_not(None)))
        sources = set(session.scalars(select(Dispute.source).distinct()))
    assert linked > 100 and len(sources) >= 7


def test_demo_screening_misses_three_communities_this_month(docket, clock):
    """Three communities have not reported for the current month; the previous month is complete."""
    this_month = clock().astimezone(docket.tz).strftime("%Y-%m")
    assert len(missing_reports(docket, this_month)[1]) == 3


def test_demo_docket_is_deterministic(tmp_path, clock):
    """The same seed gives the same disputes (numbers, facts, states, results) in two databases."""
    from app.cases.service import CaseService
    from app.database import upgrade_and_seed
    from db.engine import Database

    contents = []
    for name in ("a", "b"):
        database = Database(f"sqlite:///{tmp_path / name}.db")
        upgrade_and_seed(database)
        fill_demo(CaseService(database, now=clock), seed=3, cases=0, persons=0)
        with database.read() as session:
            contents.append(session.execute(select(Dispute.dispute_no, Dispute.facts, Dispute.status,
                                                   Dispute.result, Dispute.registered_at)
                                            .order_by(Dispute.dispute_no)).all())
        database.dispose()
    assert contents[0] == contents[1] and len(contents[0]) == 300

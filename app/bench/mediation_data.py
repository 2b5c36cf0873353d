"""200,000 generated disputes for `gridcc bench mediation`: a large city's five years.

Rows are written straight into the tables (db.bulk.insert_rows) with the columns the workflow
would have projected: most disputes long closed and filed, the recent ones open with their
light thresholds, a few old ones still open and overdue. 200 communities, each with a
committee, plus street and district committees and a mediator register.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from app.mediation.states import LEVELS, SOURCES
from db.bulk import insert_rows
from db.ids import uuid7
from db.schema import Dispute, DisputeType, MediationCommittee, Mediator, Region

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)
DISPUTES = 200_000
YEARS = 5
COMMUNITIES = 200
_OPEN = ("registered", "notified", "accepted", "investigating", "mediating", "agreed")
_RESULTS = ("书面协议", "书面协议", "口头协议", "口头协议", "调解不成", "终止", "移交")


def fill(database, disputes: int = DISPUTES, seed: int = 11) -> None:
    """Write the regions, committees, mediators and `disputes` disputes."""
    rng = random.Random(seed)
    with database.write() as session:
        communities, committees, mediators = _places(session, rng)
        rows = session.execute(select(DisputeType.id, DisputeType.scheme, DisputeType.code, DisputeType.maps_to)).all()
        sfb = {code: type_id for type_id, scheme, code, _maps in rows if scheme == "sfb"}
        types = [(type_id, sfb[code] if scheme == "sfb" else sfb[maps]) for type_id, scheme, code, maps in rows]
        insert_rows(session, Dispute.__table__, _rows(rng, disputes, types, communities, committees, mediators),
                    same={"version": 1, "deleted_at": None, "extension_seconds": 0.0, "registrar": "bench",
                          "facts": "楼上漏水损坏楼下吊顶", "claims": None, "channel": None, "external_no": None,
                          "grid_id": None, "location": None, "arose_at": None, "arose_place": None, "invited": None,
                          "limit_code": "default", "referring_no": None, "filer": None, "retention": None,
                          "confirmation_status": None, "agreement_kind": None})


def _places(session, rng):
    district = Region(code="B0", name="基准区", level="district")
    session.add(district)
    session.flush()
    streets = []
    for s in range(10):
        street = Region(code=f"B0{s:02d}", name=f"基准街道{s}", level="street", parent_id=district.id)
        session.add(street)
        streets.append(street)
    session.flush()
    communities = []
    for c in range(COMMUNITIES):
        community = Region(code=f"B0{c % 10:02d}{c:03d}", name=f"基准社区{c}", level="community",
                           parent_id=streets[c % 10].id)
        session.add(community)
        communities.append(community)
    session.flush()
    committees = {4: [MediationCommittee(code="BJ4", name="基准区调处中心", level=4, region_id=district.id)]}
    committees[3] = [MediationCommittee(code=f"BJ3-{s.code}", name=f"{s.name}调委会", level=3, region_id=s.id)
                     for s in streets]
    committees[2] = [MediationCommittee(code=f"BJ2-{c.code}", name=f"{c.name}调委会", level=2, region_id=c.id)
                     for c in communities]
    committees[1] = committees[2][:50]
    rows = [c for level in (4, 3, 2) for c in committees[level]]
    session.add_all(rows)
    session.flush()
    mediators = [Mediator(name=f"调解员{n}", committee_id=rng.choice(rows).id) for n in range(600)]
    session.add_all(mediators)
    session.flush()
    return ([c.id for c in communities], {k: [c.id for c in v] for k, v in committees.items()},
            [m.id for m in mediators])


def _rows(rng, count, types, communities, committees, mediators):
    span = YEARS * 365 * 86400
    moments = sorted(NOW - timedelta(seconds=rng.random() * span) for _ in range(count))
    seqs: dict[int, int] = {}
    for registered in moments:
        year = registered.year
        seqs[year] = seqs.get(year, 0) + 1
        level = rng.choices(list(LEVELS), weights=(10, 65, 17, 8))[0]
        age = (NOW - registered).days
        still_open = age < 45 or rng.random() < 0.01
        accepted = registered + timedelta(hours=rng.randrange(2, 72)) if rng.random() > 0.04 else None
        due = accepted + timedelta(days=30) if accepted else None
        status = rng.choice(_OPEN) if still_open else rng.choice(("filed", "filed", "filed", "closed"))
        result = rng.choice(_RESULTS) if (not still_open and accepted) or status == "agreed" else None
        concluded = accepted + timedelta(days=rng.randrange(1, 40)) if result and accepted else None
        running = still_open and accepted is not None and status != "agreed"
        kind = rng.choice(types)
        flags = ["criminal"] if rng.random() < 0.03 else (["group_petition"] if rng.random() < 0.02 else None)
        yield {
            "id": uuid7(), "created_at": registered, "updated_at": registered, "dispute_no": f"（{year}）基准人调字第{seqs[year]}号",
            "year": year, "seq": seqs[year], "committee_id": rng.choice(committees[level]),
            "community_id": rng.choice(communities), "source": rng.choice(SOURCES),
            "referring_body": None, "type_id": kind[0], "stat_type_id": kind[1], "people_involved": rng.choice((2, 2, 3, 5, 12)),
            "amount": float(rng.randrange(0, 50000, 100)), "registered_at": registered,
            "mediator_id": rng.choice(mediators), "status": status, "is_open": still_open, "level": level,
            "result": result, "risk_flags": flags, "warning": "红" if flags else None, "alert": bool(flags),
            "accepted_at": accepted, "limit_seconds": 30 * 86400.0 if accepted else None,
            "consumed_seconds": 0.0, "running_since": accepted if running else None,
            "mediation_due_at": due, "due_at": due if running else None,
            "yellow_at": accepted + timedelta(days=24) if running else None,
            "red_at": due if running else None, "concluded_at": concluded,
            "overdue": bool(concluded and due and concluded > due), "agreement_amount": 1000.0 if result else None,
            "effective_at": concluded if result in ("书面协议", "口头协议") else None,
            "confirmation_due_at": None, "performed_at": concluded, "closed_at": concluded,
            "filed_at": concluded if status == "filed" else None, "event_count": 5,
        }

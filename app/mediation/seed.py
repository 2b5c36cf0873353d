"""Loading the default docket configuration from resources/mediation into an empty database.

Seeded once, while `dispute_types` is empty; afterwards the database is the truth and an
administrator's edits survive every upgrade.
"""

from __future__ import annotations

import json
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.schema import DisputeType, MediationFileItem, MediationLimit, RiskFlag, Setting


def default_file(name: str) -> dict:
    """One of the JSON files of resources/mediation."""
    return json.loads(resources.files("resources.mediation").joinpath(name).read_text(encoding="utf-8"))


def mediation_seeded(session: Session) -> bool:
    """True when the docket's configuration is in the database."""
    return bool(session.scalar(select(func.count()).select_from(DisputeType)))


def seed_mediation(session: Session) -> bool:
    """Fill the empty docket configuration with the defaults; False (no change) otherwise."""
    if mediation_seeded(session):
        return False
    types = default_file("types.json")
    for scheme in ("sfb", "zz"):
        for order, row in enumerate(types[scheme]):
            session.add(DisputeType(code=row["code"], name=row["name"], scheme=scheme,
                                    maps_to=row.get("maps_to"), sort_order=order))
    rules = default_file("rules.json")
    for row in rules["limits"]:
        session.add(MediationLimit(code=row["code"], name=row["name"], amount=row["amount"], unit=row["unit"],
                                   yellow_ratio=row.get("yellow_ratio", 0.8), red_ratio=row.get("red_ratio", 1.0),
                                   starts=row["starts"]))
    for order, row in enumerate(rules["file_items"]):
        session.add(MediationFileItem(code=row["code"], name=row["name"], required_when=row["required_when"],
                                      satisfied_by=row["satisfied_by"], sort_order=order))
    for order, row in enumerate(rules["risk_flags"]):
        session.add(RiskFlag(code=row["code"], name=row["name"], color=row["color"], alert=row["alert"],
                             stat_key=row["stat_key"], sort_order=order))
    existing = set(session.scalars(select(Setting.key)))
    for key, value in rules["settings"].items():
        if key not in existing:
            session.add(Setting(key=key, value=str(value)))
    session.flush()
    return True

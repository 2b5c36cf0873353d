"""Where the assessment weights live: three rows of the settings table, JSON each.

`assessment.department`, `assessment.area` (weights and 立案数 bands) and `assessment.grades`
are seeded from resources/assessment/defaults.json; after that the database is the truth and
an administrator changes them through `change_assessment` (the Settings page) or `change_weights`, which checks that
they add to 100 % and moves the configuration revision so every workstation reloads them.
"""

from __future__ import annotations

import json
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.guard import require
from app.accounts.principal import SYSTEM, Principal
from app.assessment.scoring import (
    GROUPS, AssessmentConfig, AssessmentConfigError, check_weights, config_data, config_from_data,
)
from app.audit.changes import changed_fields
from app.config.revision import bump_config_revision
from db.engine import Database
from db.schema import Setting
from db.schema.audit import audit_entry

KEY_PREFIX = "assessment."
_PARTS = (*GROUPS, "grades")


def default_data() -> dict:
    """The shipped defaults, as JSON data."""
    text = resources.files("resources.assessment").joinpath("defaults.json").read_text(encoding="utf-8")
    return json.loads(text)


def assessment_seeded(session: Session) -> bool:
    """True when every assessment row is stored."""
    keys = set(session.scalars(select(Setting.key).where(Setting.key.startswith(KEY_PREFIX))))
    return all(KEY_PREFIX + part in keys for part in _PARTS)


def seed_assessment(session: Session) -> bool:
    """Store the default rows that are missing (never overwriting an administrator's); True if any."""
    stored = _stored(session)
    defaults = default_data()
    missing = [part for part in _PARTS if part not in stored]
    for part in missing:
        session.add(Setting(key=KEY_PREFIX + part, value=json.dumps(defaults[part], ensure_ascii=False)))
    if missing:
        session.flush()
        bump_config_revision(session)
    return bool(missing)


def restore_default_weights(session: Session) -> None:
    """Put the shipped weights, bands and grades back (an administrator's "restore defaults")."""
    defaults = default_data()
    for part in _PARTS:
        text = json.dumps(defaults[part], ensure_ascii=False)
        row = session.scalar(select(Setting).where(Setting.key == KEY_PREFIX + part))
        if row is None:
            session.add(Setting(key=KEY_PREFIX + part, value=text))
        elif row.value != text:
            row.value = text
    session.flush()
    bump_config_revision(session)


def load_assessment_config(session: Session) -> AssessmentConfig:
    """The configuration in force: stored rows over the defaults, checked (bad rows refused)."""
    data = default_data()
    data.update(_stored(session))
    return config_from_data(data)


def read_weights(database: Database) -> AssessmentConfig:
    """The weights, bands and grades in force (for the Settings page and the reports)."""
    with database.read() as session:
        return load_assessment_config(session)


def change_weights(database: Database, group: str, weights: dict, *, actor: str,
                   workstation: str | None = None, principal: Principal = SYSTEM) -> AssessmentConfig:
    """Store new weights for `group` ('department' or 'area') if they add to 100 %; else refused.

    The change is audited and bumps the configuration revision in the same transaction; the
    acting `principal` needs config.edit.
    """
    require(database, principal, "config.edit", entity="settings")
    if group not in GROUPS:
        raise AssessmentConfigError(f"未知的考核对象“{group}”，可用：{'、'.join(GROUPS)}")
    clean = check_weights(group, weights)
    with database.write() as session:
        stored = _stored(session)
        part = stored.get(group) or default_data()[group]
        _put(session, group, {**part, "weights": clean})
        session.add(audit_entry(actor=actor, workstation=workstation, action="change_assessment_weights",
                                entity="settings", detail={"group": group, "weights": clean,
                                                           "changes": changed_fields(part.get("weights") or {}, clean)}))
        session.flush()
        bump_config_revision(session)
        return load_assessment_config(session)


def change_assessment(database: Database, data: dict, *, actor: str,
                      workstation: str | None = None, principal: Principal = SYSTEM) -> AssessmentConfig:
    """Store the whole configuration (weights and 立案数 bands of both groups, grade bands) if every
    part passes its check (weights add to 100 %, bands rising, grades falling to 0); else refused
    with the first fault and nothing stored. Audited; bumps the configuration revision; the
    acting `principal` needs config.edit."""
    require(database, principal, "config.edit", entity="settings")
    config = config_from_data(data)
    clean = config_data(config)
    with database.write() as session:
        before = config_data(load_assessment_config(session))
        for part in _PARTS:
            _put(session, part, clean[part])
        session.add(audit_entry(actor=actor, workstation=workstation, action="change_assessment",
                                entity="settings", detail={**clean, "changes": changed_fields(before, clean)}))
        session.flush()
        bump_config_revision(session)
        return load_assessment_config(session)


def _put(session: Session, part: str, value) -> None:
    text = json.dumps(value, ensure_ascii=False)
    row = session.scalar(select(Setting).where(Setting.key == KEY_PREFIX + part))
    if row is None:
        session.add(Setting(key=KEY_PREFIX + part, value=text))
    else:
        row.value = text


def _stored(session: Session) -> dict:
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.startswith(KEY_PREFIX)))
    stored = {}
    for key, value in rows:
        try:
            stored[key[len(KEY_PREFIX):]] = json.loads(value)
        except ValueError:
            raise AssessmentConfigError(f"设置“{key}”不是有效的 JSON，请在设置中重新保存考核权重") from None
    return stored

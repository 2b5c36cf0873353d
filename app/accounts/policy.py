"""The account security settings: lockout after failed logins, and the idle lock.

Stored with the data (the Setting row `accounts.policy`, JSON) so every desk of a center agrees.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.errors import AccountError
from db.schema import Setting

SETTINGS_KEY = "accounts.policy"
RANGES = {"lock_attempts": (3, 20), "lock_minutes": (1, 24 * 60), "idle_minutes": (1, 480)}
_log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class AccountPolicy:
    """After `lock_attempts` wrong passwords in a row an account is locked for `lock_minutes`
    (or until an administrator unlocks it); a desk left alone `idle_minutes` locks its screen."""

    lock_attempts: int = 5
    lock_minutes: int = 30
    idle_minutes: int = 15


def validate_policy(policy: AccountPolicy) -> AccountPolicy:
    """The policy as stored, or AccountError naming the value out of range."""
    labels = {"lock_attempts": "锁定前允许的失败次数", "lock_minutes": "锁定时长（分钟）", "idle_minutes": "闲置锁屏（分钟）"}
    for name, (low, high) in RANGES.items():
        value = getattr(policy, name)
        if not isinstance(value, int) or not low <= value <= high:
            raise AccountError(f"{labels[name]} {value} 超出范围，应为 {low}–{high}")
    return policy


def read_policy(session: Session) -> AccountPolicy:
    """The stored policy; the defaults when none is stored or it cannot be read."""
    text = session.scalar(select(Setting.value).where(Setting.key == SETTINGS_KEY, Setting.deleted_at.is_(None)))
    if not text:
        return AccountPolicy()
    try:
        return validate_policy(AccountPolicy(**{k: int(v) for k, v in json.loads(text).items() if k in RANGES}))
    except (ValueError, TypeError, AttributeError, AccountError):
        _log.warning("账户安全设置 %s 无法读取，按默认值处理", SETTINGS_KEY)
        return AccountPolicy()


def write_policy(session: Session, policy: AccountPolicy) -> AccountPolicy:
    """Check and store the policy (in the caller's transaction)."""
    value = json.dumps(asdict(validate_policy(policy)))
    row = session.scalar(select(Setting).where(Setting.key == SETTINGS_KEY))
    if row is None:
        session.add(Setting(key=SETTINGS_KEY, value=value))
    else:
        row.value, row.deleted_at = value, None
    return policy

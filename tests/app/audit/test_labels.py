"""Every action name the program writes to the audit log has a Chinese label."""

from __future__ import annotations

import re
from pathlib import Path

from app.accounts import audit_actions
from app.accounts.guard import DENIED
from app.audit.labels import ACTION_LABELS
from app.audit.service import EXPORT_ACTION
from app.cases.retention import ACTION as RETENTION
from app.mediation.screening import CORRECT_ACTION
from app.paper.printing import PRINT_ACTION
from app.people.sensitive_reads import DENIED_ACTION, READ_ACTION

APP = Path(__file__).resolve().parents[3] / "app"
#: action="…" inside an audit_entry( or edit_entry( call, and _audit(session, "…" in the ledger's reveal
_LITERALS = (re.compile(r"(?:audit_entry|edit_entry)\((?:[^()]|\([^()]*\))*?action=\"(\w+)\"", re.S),
             re.compile(r"_audit\(session, \"(\w+)\""))


def test_every_action_written_has_a_label():
    """Literal action names in the sources and the named constants are all in ACTION_LABELS."""
    found = {name for path in APP.rglob("*.py") for pattern in _LITERALS
             for name in pattern.findall(path.read_text(encoding="utf-8"))}
    constants = {value for name, value in vars(audit_actions).items() if name.isupper()}
    constants |= {DENIED, EXPORT_ACTION, RETENTION, CORRECT_ACTION, PRINT_ACTION, READ_ACTION, DENIED_ACTION}
    assert {"reveal", "reveal_denied", "export", "backup"} <= found
    assert sorted((found | constants) - set(ACTION_LABELS)) == []

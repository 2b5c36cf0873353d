"""Searching, filtering and exporting by a sensitive category: permitted, refused, audited.

A list of the members of 社区矫正对象 or 吸毒人员 discloses exactly the membership every masked
list hides (each row shows only 敏感类别), so naming a sensitive category in a search word, a
`--category`, the ledger's category filter or an export follows the reveal permission of
app.people.privacy:
- a viewer without it is refused with one line (the CLI exits 2), and the refusal is audited;
- a permitted read is audited once it is done, with what it found.
An entry says who, from which workstation, through what (`via`: search, ledger, export), the
category codes, the other filters (grid, age band …; never the search text, which may hold an ID
or phone tail) and how many persons were found. The ledger audits its count — what a person
sees of a filter, once per filter shown — and refuses every page of a refused filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NoReturn

from sqlalchemy.orm import Session

from app.people.privacy import RevealDenied, Viewer, denied_message
from db.engine import Database
from db.schema.audit import audit_entry

READ_ACTION = "sensitive_read"
DENIED_ACTION = "sensitive_read_denied"
NO_VIEWER = "（未指明操作人）"


class SensitiveReadDenied(RevealDenied):
    """The viewer may not list persons by a sensitive category (the refusal was audited)."""


def permitted(session: Session, viewer: Viewer | None, codes: Sequence[str]) -> bool:
    """True when no sensitive category is named, or the viewer may reveal."""
    return not codes or (viewer is not None and viewer.may_reveal(session))


def refuse(database: Database, viewer: Viewer | None, via: str, codes: Sequence[str], filters: dict) -> NoReturn:
    """Write the refusal to the audit log and raise SensitiveReadDenied."""
    actor = viewer.actor if viewer else NO_VIEWER
    with database.write() as session:
        session.add(audit_entry(actor=actor, workstation=viewer.workstation if viewer else None,
                                action=DENIED_ACTION, entity="persons",
                                detail={"via": via, "categories": list(codes), **_plain(filters)}))
    raise SensitiveReadDenied(denied_message(actor, "按敏感类别查找、筛选或导出人员"))


def record(database: Database, viewer: Viewer, via: str, codes: Sequence[str], filters: dict, rows: int,
           **extra) -> None:
    """Write a permitted read of sensitive categories, and how many persons it found, to the audit log."""
    with database.write() as session:
        session.add(audit_entry(actor=viewer.actor, workstation=viewer.workstation, action=READ_ACTION,
                                entity="persons", detail={"via": via, "categories": list(codes),
                                                          **_plain(filters), "rows": rows, **extra}))


def _plain(filters: dict) -> dict:
    """The filters that were given, as JSON-friendly text."""
    return {key: str(value) for key, value in filters.items() if value not in (None, "")}

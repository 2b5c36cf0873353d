"""The file (卷宗) checklist: which items a dispute's file needs and which are missing.

An item is required for the results its rule lists ('*' = always) and is present when one of
its events happened or a document was filed under its code. Closing with a required item
missing is refused with a message naming every missing item.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.cases.errors import ActionNotAllowed
from app.mediation.rules import FileItem


@dataclass(frozen=True, kw_only=True)
class ChecklistLine:
    code: str
    name: str
    required: bool
    present: bool


def checklist(items: Iterable[FileItem], *, result: str | None, actions: set[str],
              documents: set[str]) -> list[ChecklistLine]:
    """Every checklist item with whether the dispute's result requires it and whether it is there."""
    lines = []
    for item in items:
        required = "*" in item.required_when or (result is not None and result in item.required_when)
        present = item.code in documents or any(action in actions for action in item.satisfied_by)
        lines.append(ChecklistLine(code=item.code, name=item.name, required=required, present=present))
    return lines


def missing(lines: Iterable[ChecklistLine]) -> list[ChecklistLine]:
    return [line for line in lines if line.required and not line.present]


def check_complete(lines: Iterable[ChecklistLine]) -> None:
    """Refuse closing while a required item is missing, naming what is missing."""
    gaps = missing(lines)
    if gaps:
        names = "、".join(line.name for line in gaps)
        raise ActionNotAllowed(f"卷宗材料不全，不能结案：缺少{names}")

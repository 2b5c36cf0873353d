"""What the intake form offers, read once in the background: categories, grids and the hint
under the category field (its limits per urgency and the department it is usually sent to)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from app.cases.lookups import Choice, category_choices, grid_choices
from app.cases.states import URGENCIES
from ui.context import UiContext


@dataclass(frozen=True, kw_only=True)
class Choices:
    """The lists the form offers, read once in the background, with a hint per category."""

    categories: list[Choice]
    grids: list[Choice]
    hints: dict[str, str]
    tz: object


def _category_hint(rules, info) -> str:
    """'时限：一般 3工作日　紧急 1工作日　·　建议派遣：城管局' under the category field."""
    limits = "　".join(f"{u} {rules.limit(info.id, u)}" for u in URGENCIES if rules.limit(info.id, u))
    hint = QCoreApplication.translate("IntakePage", "时限：{limits}").format(
        limits=limits or QCoreApplication.translate("IntakePage", "未配置"))
    department = rules.departments.get(info.default_department_id)
    if department:
        hint += "　·　" + QCoreApplication.translate("IntakePage", "建议派遣：{department}").format(
            department=department.name)
    return hint


def load_choices(ctx: UiContext) -> Choices:
    """Categories, grids and per-category hints (limits, suggested department); runs in a worker."""
    config = ctx.cases.config()
    rules = config.rules
    hints = {info.code: _category_hint(rules, info) for info in rules.categories.values()}
    return Choices(categories=category_choices(ctx.cases), grids=grid_choices(ctx.cases), hints=hints,
                   tz=config.tz)

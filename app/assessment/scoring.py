"""Composite scores (综合得分) and grades (等级): weights, bands and thresholds are data.

Department score = 立案数分值 × w1 + 结案率 × w2 + 按期处置率 × w3 + (1 − 返工率) × w4, the parts on a
0–100 scale and the weights in per cent adding to 100 (defaults 10/30/30/30). 按期处置率 (handled
on time) would need the clock at the first feedback, which the case row does not keep, so
按期结案率 (closed on time against 应结案数) stands in for it. Grids, communities, streets and grid
workers use the area weights (default 立案数分值 20 + 结案率 40 + 按期结案率 40); 监督举报率 is not
recorded by the case data, so it has no weight by default.

立案数分值 comes from bands of the number registered: the first band whose upper bound is at
least the count gives the value (0–50 → 100, 51–100 → 90, … > 1000 → 0). A rate that is
undefined (nothing was due, nothing handled) scores full marks: nothing failed.
Grades: A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E below.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.cases.errors import CaseError

#: the parts a score can weigh, with the names an administrator sees
PARTS = {
    "registered_score": "立案数分值",
    "close_rate": "结案率",
    "on_time_close_rate": "按期结案率",
    "rework_free_rate": "1−返工率",
}
GROUPS = {"department": "部门", "area": "网格/区域"}
_TOLERANCE = 1e-9


class AssessmentConfigError(CaseError):
    """Weights, bands or grades that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class ScoreRule:
    """One group's weights (per cent, adding to 100) and 立案数 bands ((upper or None, value), …)."""

    weights: dict[str, float]
    bands: tuple[tuple[int | None, float], ...]


@dataclass(frozen=True)
class AssessmentConfig:
    """The rules for departments and for areas, and the grade thresholds (highest first)."""

    department: ScoreRule
    area: ScoreRule
    grades: tuple[tuple[str, float], ...]

    def rule_for(self, level: str) -> ScoreRule:
        return self.department if level == "department" else self.area


def check_weights(group: str, weights: dict) -> dict[str, float]:
    """The weights as numbers if they name known parts, lie in 0–100 and add to 100; else refused."""
    label = GROUPS.get(group, group)
    unknown = [name for name in weights if name not in PARTS]
    if unknown:
        raise AssessmentConfigError(f"{label}权重中有未知的指标：{'、'.join(unknown)}；可用：{'、'.join(PARTS)}")
    clean = {}
    for name, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            raise AssessmentConfigError(f"{label}权重“{PARTS[name]}”应为 0–100 之间的数（收到 {value}）")
        clean[name] = float(value)
    total = sum(clean.values())
    if abs(total - 100) > _TOLERANCE:
        raise AssessmentConfigError(f"{label}各项权重之和应为 100%，现为 {total:g}%，未保存")
    return {name: clean.get(name, 0.0) for name in PARTS}


def check_bands(group: str, bands) -> tuple[tuple[int | None, float], ...]:
    """Bands with rising upper bounds and a last open band (upper null); else refused."""
    label = GROUPS.get(group, group)
    try:
        clean = tuple((None if upper is None else int(upper), float(value)) for upper, value in bands)
    except (TypeError, ValueError):
        raise AssessmentConfigError(f"{label}立案数分档格式不对，应为 [[上限, 分值], …, [null, 分值]]") from None
    uppers = [upper for upper, _ in clean]
    if not clean or uppers[-1] is not None or None in uppers[:-1] or uppers[:-1] != sorted(set(uppers[:-1])):
        raise AssessmentConfigError(f"{label}立案数分档的上限应逐档递增，最后一档不设上限")
    if any(upper is not None and upper < 0 for upper in uppers):
        raise AssessmentConfigError(f"{label}立案数分档的上限不能为负数")
    if any(not 0 <= value <= 100 for _, value in clean):
        raise AssessmentConfigError(f"{label}立案数分档的分值应在 0–100 之间")
    return clean


def check_grades(grades) -> tuple[tuple[str, float], ...]:
    """Grade thresholds from highest to lowest, the last one 0."""
    try:
        clean = tuple((str(name), float(floor)) for name, floor in grades)
    except (TypeError, ValueError):
        raise AssessmentConfigError("等级分界格式不对，应为 [[\"A\", 90], …, [\"E\", 0]]") from None
    floors = [floor for _, floor in clean]
    if not clean or floors != sorted(set(floors), reverse=True) or floors[-1] != 0 or floors[0] > 100:
        raise AssessmentConfigError("等级分界应从高到低排列（不超过 100 分、不重复），最后一级为 0 分")
    if any(not name.strip() for name, _ in clean) or len({name for name, _ in clean}) != len(clean):
        raise AssessmentConfigError("等级名称不能为空，也不能重复")
    return clean


def config_from_data(data: dict) -> AssessmentConfig:
    """The configuration from its JSON form, every part checked."""
    rules = {}
    for group in GROUPS:
        part = data.get(group) or {}
        rules[group] = ScoreRule(check_weights(group, part.get("weights") or {}),
                                 check_bands(group, part.get("bands") or ()))
    return AssessmentConfig(rules["department"], rules["area"], check_grades(data.get("grades") or ()))


def config_data(config: AssessmentConfig) -> dict:
    """The JSON form of a configuration (what is stored, what the Settings page edits)."""
    def rule(r: ScoreRule) -> dict:
        return {"weights": dict(r.weights), "bands": [[upper, value] for upper, value in r.bands]}
    return {"department": rule(config.department), "area": rule(config.area),
            "grades": [[name, floor] for name, floor in config.grades]}


def band_value(bands: tuple[tuple[int | None, float], ...], registered: int) -> float:
    """立案数分值: the value of the first band whose upper bound is at least `registered`."""
    for upper, value in bands:
        if upper is None or registered <= upper:
            return value
    return bands[-1][1]


def composite_score(rule: ScoreRule, *, registered: int, close_rate: float | None,
                    on_time_close_rate: float | None, rework_rate: float | None) -> float:
    """The weighted score 0–100, one decimal; an undefined rate scores full marks."""
    parts = {
        "registered_score": band_value(rule.bands, registered),
        "close_rate": 100 * _or_full(close_rate),
        "on_time_close_rate": 100 * _or_full(on_time_close_rate),
        "rework_free_rate": 100 * (1 - (rework_rate or 0.0)),
    }
    return round(sum(parts[name] * weight / 100 for name, weight in rule.weights.items()), 1)


def grade_of(grades: tuple[tuple[str, float], ...], score: float) -> str:
    """The first grade whose floor the score reaches."""
    for name, floor in grades:
        if score >= floor:
            return name
    return grades[-1][0]


def _or_full(rate: float | None) -> float:
    return 1.0 if rate is None else rate

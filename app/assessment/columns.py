"""The columns of the assessment table, in the order every rendering shows them: the workbook,
the Reports page and the printed table. The raw counts stand beside the rates made of them."""

from __future__ import annotations

#: (field of UnitFigures, heading, kind) — kind: text, count, rate, hours, score
COLUMNS = (
    ("unit", "单位", "text"), ("unit_code", "编码", "text"), ("registered", "立案数", "count"),
    ("due_to_close", "应结案数", "count"), ("closed", "结案数", "count"),
    ("closed_on_time", "按期结案数", "count"), ("close_rate", "结案率", "rate"),
    ("on_time_close_rate", "按期结案率", "rate"), ("handled", "处置数", "count"),
    ("reworked", "返工数", "count"), ("rework_rate", "返工率", "rate"), ("extended", "延期数", "count"),
    ("extension_rate", "延期率", "rate"), ("yellow_cards", "黄牌", "count"), ("red_cards", "红牌", "count"),
    ("avg_handle_hours", "平均处置时长（工作时）", "hours"), ("score", "综合得分", "score"), ("grade", "等级", "text"),
)

#: each rate with the two counts it is made of (part, whole), for the reader who asks "of what?"
RATE_PARTS = {
    "close_rate": ("closed", "due_to_close"), "on_time_close_rate": ("closed_on_time", "due_to_close"),
    "rework_rate": ("reworked", "handled"), "extension_rate": ("extended", "registered"),
}


def percent(rate: float | None) -> str:
    """A rate as the tables print it: '75.0%', or '—' when there was nothing to divide by."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def number(value: float | None) -> str:
    """Hours or a score with one decimal, or '—'."""
    return "—" if value is None else f"{value:.1f}"

"""The rules every new case obeys, whoever writes it.

The intake form, the work-order import, the case service (and through it the command line) all
call `clean_case_draft` or `case_draft_problems`, so a case refused in one place is refused in
every place, with the same words:

- required: 来源, 事件类别, 事件描述, 上报时间; 紧急程度 one of 一般/紧急/特急;
- every text no longer than its column in the `cases` table (read from the schema, so the check
  and the database never disagree) and without NUL characters — SQLite would store either,
  PostgreSQL would fail the whole transaction with a traceback;
- 上报时间 not before 1900 and not later than now (a few minutes' clock difference allowed);
- 经度/纬度 both or neither, and inside China's extent (73–136°E, 3–54°N);
- 联系电话 through `validate_phone`, the form's rule;
- a 时限 override no longer than about a year (`app.calendar.limits.MAX_AMOUNTS`);
- the 工单编号 in its compared form (full-width folded, ends trimmed).

A problem names its field by a Chinese label (the caller may pass its own labels, e.g. the
import's column names) and says the limit it broke.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timezone

from app.calendar import TimeLimit
from app.calendar.limits import MAX_AMOUNTS
from app.cases.drafts import CaseDraft
from app.cases.errors import CaseError
from app.cases.states import URGENCIES
from app.validation import (
    check_max_length, check_no_nul, check_not_future, normalize_identifier, require_text, validate_phone,
)
from db.schema import Case

#: the label of each field in messages, in the order problems are listed
FIELD_LABELS: dict[str, str] = {
    "external_no": "工单编号", "source": "来源", "category": "事件类别", "title": "标题",
    "description": "事件描述", "address": "地址", "lon": "经度", "lat": "纬度", "reported_at": "上报时间",
    "urgency": "紧急程度", "time_limit": "时限", "reporter_name": "报告人姓名", "reporter_phone": "联系电话",
}
#: longest text of each field: the size of its column in the `cases` table
TEXT_LIMITS: dict[str, int] = {
    field: Case.__table__.c[field].type.length
    for field in ("external_no", "source", "title", "address", "reporter_name", "reporter_phone")
}
REQUIRED_TEXT = ("source", "category", "description")
EARLIEST_REPORT = datetime(1900, 1, 1, tzinfo=timezone.utc)
LON_RANGE = (73.0, 136.0)
LAT_RANGE = (3.0, 54.0)
TITLE_LENGTH = 20
_ORDER = {field: index for index, field in enumerate(FIELD_LABELS)}
_DRAFT_FIELDS = tuple(field.name for field in fields(CaseDraft))
_TITLE_TRAILING_MARKS = "，,。.；;：:、 "


@dataclass(frozen=True)
class DraftProblem:
    """One thing wrong with one field; `message` does not repeat the field's name."""

    field: str
    message: str

    def describe(self, labels: Mapping[str, str] = FIELD_LABELS) -> str:
        """"标题：最多200个字，现在有250个字" — the field's label (from ``labels``) and the message."""
        return f"{labels.get(self.field, FIELD_LABELS.get(self.field, self.field))}：{self.message}"


class CaseDraftError(CaseError):
    """A draft that breaks the rules; the message lists every problem, joined by "；"."""

    def __init__(self, problems: list[DraftProblem], labels: Mapping[str, str] = FIELD_LABELS):
        self.problems = tuple(problems)
        super().__init__("；".join(problem.describe(labels) for problem in problems))


def clean_case_draft(draft: CaseDraft, *, now: datetime, rules=None) -> CaseDraft:
    """The draft in the form it is stored in, or CaseDraftError naming every broken rule.

    ``rules`` (a CaseRules) also checks that the category exists; without it the caller does.
    """
    values, problems = case_draft_problems(draft_values(draft), now=now, rules=rules)
    if problems:
        raise CaseDraftError(problems)
    return CaseDraft(**values)


def draft_values(draft: CaseDraft) -> dict:
    """A draft's fields as a dict (shallow: a TimeLimit stays a TimeLimit)."""
    return {name: getattr(draft, name) for name in _DRAFT_FIELDS}


def case_draft_problems(values: Mapping[str, object], *, now: datetime, rules=None,
                        known: Mapping[str, str] | None = None) -> tuple[dict, list[DraftProblem]]:
    """Check CaseDraft-shaped ``values``: the cleaned values and every problem, in FIELD_LABELS order.

    ``known`` holds problems the caller found already (a cell that could not be read), by field;
    those fields are not checked again and their problems are listed with the others.
    """
    check = _DraftCheck(dict(values), known or {})
    check.run("external_no", lambda text: normalize_identifier(check_no_nul(text)) or None)
    for field in ("external_no", "source", "title", "address", "reporter_name"):
        check.text(field)
    for field in ("category", "description"):
        check.text(field, nul_only=True)
    for field in REQUIRED_TEXT:
        check.run(field, require_text)
    if rules is not None:
        check.run("category", lambda text: _known_category(text, rules))
    if "description" not in check.problems:
        check.run("title", lambda text: text or derive_title(check.values["description"]))
    check.run("urgency", _urgency)
    check.coordinates()
    check.run("reported_at", lambda moment: _reported_at(moment, now))
    check.run("reporter_phone", _phone)
    check.run("time_limit", _time_limit)
    problems = sorted(check.problems.values(), key=lambda problem: _ORDER.get(problem.field, len(_ORDER)))
    return check.values, problems


def derive_title(description: str) -> str:
    """A title from the description's first line, cut to about twenty characters and marked "…"."""
    first_line = description.strip().splitlines()[0].strip() if description.strip() else ""
    if len(first_line) <= TITLE_LENGTH:
        return first_line
    return first_line[:TITLE_LENGTH].rstrip(_TITLE_TRAILING_MARKS) + "…"


class _DraftCheck:
    """Runs the checks over a dict of values, keeping the first problem of each field."""

    def __init__(self, values: dict, known: Mapping[str, str]):
        self.values = values
        self.problems = {field: DraftProblem(field, message) for field, message in known.items()}

    def run(self, field: str, check) -> None:
        """Replace the field's value by ``check(value)``; a ValueError becomes its problem."""
        if field in self.problems:
            return
        try:
            self.values[field] = check(self.values.get(field))
        except ValueError as exc:
            self.problems[field] = DraftProblem(field, str(exc))

    def text(self, field: str, *, nul_only: bool = False) -> None:
        """Trim a text field; refuse NUL characters and (unless ``nul_only``) text over its column."""
        def clean(value):
            text = check_no_nul(None if value is None else str(value).strip())
            return text if nul_only else _fits(field, text)
        self.run(field, clean)

    def coordinates(self) -> None:
        """经度 and 纬度: both or neither, finite, not swapped, inside China's extent."""
        lon, lat = self.values.get("lon"), self.values.get("lat")
        if "lon" in self.problems or "lat" in self.problems or (lon is None and lat is None):
            return
        if lon is None or lat is None:
            missing = "lon" if lon is None else "lat"
            self.problems[missing] = DraftProblem(missing, "经度和纬度要么都填，要么都不填")
            return
        if _within(lat, LON_RANGE) and _within(lon, LAT_RANGE):
            self.problems["lon"] = DraftProblem("lon", f"疑似与纬度填反（经度{_shown(lon)}，纬度{_shown(lat)}）")
            return
        for field, number, bounds in (("lon", lon, LON_RANGE), ("lat", lat, LAT_RANGE)):
            if not math.isfinite(number):
                self.problems[field] = DraftProblem(field, "不是有效的数字")
            elif not _within(number, bounds):
                low, high = bounds
                self.problems[field] = DraftProblem(
                    field, f"{_shown(number)}超出范围：应在{_shown(low)}～{_shown(high)}之间（中国境内）")


def _fits(field: str, text: str | None) -> str | None:
    return check_max_length(text, TEXT_LIMITS[field]) or None


def _known_category(text: str, rules) -> str:
    if rules.category(text) is None:
        raise ValueError(f"“{text}”不是已配置的事件类别")
    return text.strip()


def _urgency(value) -> str:
    if value not in URGENCIES:
        raise ValueError(f"“{value}”无效，应为{'、'.join(URGENCIES)}之一")
    return value


def _reported_at(moment: datetime | None, now: datetime) -> datetime:
    if moment is None:
        raise ValueError("必须填写")
    if moment.tzinfo is None:
        raise ValueError("缺少时区")
    if moment < EARLIEST_REPORT:
        raise ValueError(f"{moment.date().isoformat()}早于1900年，不是有效的上报时间")
    return check_not_future(moment, now)


def _phone(text: str | None) -> str | None:
    phone = validate_phone(check_no_nul(text)) or None
    return _fits("reporter_phone", phone)


def _time_limit(limit: TimeLimit | None) -> TimeLimit | None:
    if limit is not None and limit.amount > MAX_AMOUNTS[limit.unit]:
        raise ValueError(f"{limit}过长：最多{MAX_AMOUNTS[limit.unit]}{limit.unit.value}（约一年）")
    return limit


def _within(number: float, bounds: tuple[float, float]) -> bool:
    low, high = bounds
    return low <= number <= high


def _shown(number: float) -> str:
    """A number as people write it: no trailing zeros, no exponent."""
    return f"{number:.6f}".rstrip("0").rstrip(".")

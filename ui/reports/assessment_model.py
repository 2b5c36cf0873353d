"""The assessment table as a Qt model: one row per unit, the columns of app/assessment/columns.py.

Counts show as numbers, rates as percentages with the two counts they divide in the tooltip,
hours and scores with one decimal, '—' where a rate or a score is undefined. Sorting goes by
the value itself (SORT_ROLE), an undefined value always last.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from app.assessment.columns import COLUMNS, RATE_PARTS, number, percent
from app.assessment.figures import UnitFigures
from ui.widgets.list_table_model import ListTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
_DISPLAY = Qt.ItemDataRole.DisplayRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter
GRADE_COLORS = {"A": "#1e7a3a", "B": "#1f5fae", "C": "#8a6d00", "D": "#c25e00", "E": "#b3261e"}
_TITLES = {name: heading for name, heading, _kind in COLUMNS}
#: the headings of app/assessment/columns.py marked for translation (the tool reads ui/ only)
_MARKED = (
    QT_TRANSLATE_NOOP("AssessmentColumns", "单位"), QT_TRANSLATE_NOOP("AssessmentColumns", "编码"),
    QT_TRANSLATE_NOOP("AssessmentColumns", "立案数"), QT_TRANSLATE_NOOP("AssessmentColumns", "应结案数"),
    QT_TRANSLATE_NOOP("AssessmentColumns", "结案数"), QT_TRANSLATE_NOOP("AssessmentColumns", "按期结案数"),
    QT_TRANSLATE_NOOP("AssessmentColumns", "结案率"), QT_TRANSLATE_NOOP("AssessmentColumns", "按期结案率"),
    QT_TRANSLATE_NOOP("AssessmentColumns", "处置数"), QT_TRANSLATE_NOOP("AssessmentColumns", "返工数"),
    QT_TRANSLATE_NOOP("AssessmentColumns", "返工率"), QT_TRANSLATE_NOOP("AssessmentColumns", "延期数"),
    QT_TRANSLATE_NOOP("AssessmentColumns", "延期率"), QT_TRANSLATE_NOOP("AssessmentColumns", "黄牌"),
    QT_TRANSLATE_NOOP("AssessmentColumns", "红牌"), QT_TRANSLATE_NOOP("AssessmentColumns", "平均处置时长（工作时）"),
    QT_TRANSLATE_NOOP("AssessmentColumns", "综合得分"), QT_TRANSLATE_NOOP("AssessmentColumns", "等级"),
)
assert set(_MARKED) == set(_TITLES.values())
FIELDS = tuple(name for name, _heading, _kind in COLUMNS)
KINDS = {name: kind for name, _heading, kind in COLUMNS}


def column_title(name: str) -> str:
    """A column's heading in the language of the interface."""
    return QCoreApplication.translate("AssessmentColumns", _TITLES[name])


class AssessmentModel(ListTableModel):
    """Rows of UnitFigures as `assess` returned them (`set_rows`)."""

    rows: list[UnitFigures]
    titles = tuple(_TITLES[name] for name in FIELDS)
    translation_context = "AssessmentColumns"

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        if not index.isValid():
            return None
        row, name = self.rows[index.row()], FIELDS[index.column()]
        value, kind = getattr(row, name), KINDS[name]
        if role == _DISPLAY:
            return _text(value, kind)
        if role == SORT_ROLE:
            return value
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER if name == "grade" else (_RIGHT if kind != "text" else None)
        if role == Qt.ItemDataRole.ToolTipRole and name in RATE_PARTS:
            part, whole = RATE_PARTS[name]
            return f"{column_title(part)} {getattr(row, part)} / {column_title(whole)} {getattr(row, whole)}"
        if role == Qt.ItemDataRole.ForegroundRole and name == "grade" and value in GRADE_COLORS:
            return QColor(GRADE_COLORS[value])
        return None


def _text(value, kind: str) -> str:
    if kind == "rate":
        return percent(value)
    if kind in ("hours", "score"):
        return number(value)
    if value is None:
        return "—"
    return str(value)


class AssessmentSortModel(QSortFilterProxyModel):
    """Sorts by value; undefined values (no score, no rate) stay at the bottom either way."""

    def __init__(self, source: AssessmentModel, parent=None):
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:  # noqa: N802 - Qt's name
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
            return (a is not None) if ascending else (a is None and b is not None)
        return a < b

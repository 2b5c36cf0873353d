"""Adding and editing a person: a form whose errors appear beside the field they concern.

Every check is PeopleService's (app.people.validation): the form sends what was typed, off the
UI thread, and a PersonError comes back naming its field, whose line turns red with the message.
Editing sends only the fields that changed, with the version the form was opened at, so a save
after someone else's save is refused (PersonConflict) and shown at the top — nothing is
overwritten. The ID number and phone are never shown in clear here: their boxes start empty,
showing the masked value, and are changed only when something is typed into them. So does the
birth date, which the card's record does not hold (it would complete the masked ID number).
"""

from __future__ import annotations

import uuid

import qtawesome as qta
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.people.errors import PersonConflict, PersonError
from app.people.ledger_choices import RESIDENCE_TYPES, CategoryInfo, RegionChoice
from app.people.records import PersonRecord
from app.people.service import PeopleService
from ui.widgets import INVALID_STYLE, FieldError, NoticeBar
from ui.workers import run_in_background

#: text fields: key, label (source texts of context PersonForm)
_TEXTS = (("name", QT_TRANSLATE_NOOP("PersonForm", "姓名")), ("id_number", QT_TRANSLATE_NOOP("PersonForm", "身份证号")),
          ("birth_date", QT_TRANSLATE_NOOP("PersonForm", "出生日期")),
          ("ethnicity", QT_TRANSLATE_NOOP("PersonForm", "民族")),
          ("phone", QT_TRANSLATE_NOOP("PersonForm", "联系电话")), ("building", QT_TRANSLATE_NOOP("PersonForm", "楼栋")),
          ("room", QT_TRANSLATE_NOOP("PersonForm", "房号")), ("household_no", QT_TRANSLATE_NOOP("PersonForm", "户号")),
          ("relation", QT_TRANSLATE_NOOP("PersonForm", "与户主关系")),
          ("registered_address", QT_TRANSLATE_NOOP("PersonForm", "户籍地")),
          ("current_address", QT_TRANSLATE_NOOP("PersonForm", "现住址")))
_OTHER_LABELS = {"sex": QT_TRANSLATE_NOOP("PersonForm", "性别"),
                 "residence_type": QT_TRANSLATE_NOOP("PersonForm", "人员类型"),
                 "grid": QT_TRANSLATE_NOOP("PersonForm", "网格"), "note": QT_TRANSLATE_NOOP("PersonForm", "备注")}
#: the service's error field → the form's field
_ERROR_FIELDS = {"grid_id": "grid", "building_id": "building", "room_id": "room", "household_id": "household_no"}


class PersonForm(QDialog):
    """The add (record None) or edit form; `saved(person_id)` after a successful save."""

    saved = Signal(object)

    def __init__(self, people: PeopleService, grids: list[RegionChoice], categories: list[CategoryInfo],
                 record: PersonRecord | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.people, self.record = people, record
        self.setWindowTitle(self.tr("编辑人员：{name}").format(name=record.name) if record else self.tr("新增人员"))
        self.setMinimumWidth(620)
        self.setStyleSheet(INVALID_STYLE)
        self.notice = NoticeBar()
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, FieldError] = {}
        for key, _label in _TEXTS:
            self.fields[key] = QLineEdit()
        self.fields["sex"] = self._combo(["", "男", "女"])
        self.fields["residence_type"] = self._combo(list(RESIDENCE_TYPES))
        grid = QComboBox()
        grid.addItem(self.tr("（未指定）"), "")
        for choice in grids:
            grid.addItem(choice.name, choice.code)
        self.fields["grid"] = grid
        self.fields["note"] = QPlainTextEdit()
        self.fields["note"].setFixedHeight(60)
        self.fields["birth_date"].setPlaceholderText(self.tr("如 1985-03-12；留空则按身份证号"))
        self.category_boxes = {c.code: QCheckBox(c.name) for c in categories} if record is None else {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setIcon(qta.icon("mdi6.content-save-outline"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        if record is not None:
            self._fill(record)

    @staticmethod
    def _combo(items: list[str]) -> QComboBox:
        combo = QComboBox()
        for item in items:
            combo.addItem(item, item)
        return combo

    def _label(self, key: str) -> str:
        return QCoreApplication.translate("PersonForm", (dict(_TEXTS) | _OTHER_LABELS)[key])

    def _lay_out(self) -> None:
        order = ("name", "id_number", "sex", "birth_date", "ethnicity", "phone", "residence_type", "grid",
                 "building", "room", "household_no", "relation", "registered_address", "current_address", "note")
        wide = {"registered_address", "current_address", "note"}
        body = QWidget()
        grid = QGridLayout(body)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        row = column = 0
        for key in order:
            if key in wide and column:
                row, column = row + 2, 0
            error = self.errors[key] = FieldError(self.fields[key])
            span = 3 if key in wide else 1
            grid.addWidget(QLabel(self._label(key)), row, column * 2)
            grid.addWidget(self.fields[key], row, column * 2 + 1, 1, span)
            grid.addWidget(error, row + 1, column * 2 + 1, 1, span)
            if key in wide or column == 1:
                row, column = row + 2, 0
            else:
                column = 1
        if self.category_boxes:
            grid.addWidget(QLabel(self.tr("人员类别")), row, 0)
            boxes = QGridLayout()
            for number, box in enumerate(self.category_boxes.values()):
                boxes.addWidget(box, number // 4, number % 4)
            grid.addLayout(boxes, row, 1, 1, 3)
            self.errors["categories"] = FieldError(self.category_boxes[next(iter(self.category_boxes))])
            grid.addWidget(self.errors["categories"], row + 1, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 640)

    def _fill(self, record: PersonRecord) -> None:
        """The record's values; ID number and phone stay empty, their masks as placeholders."""
        for key in ("name", "ethnicity", "relation", "registered_address", "current_address", "building", "room",
                    "household_no"):
            self.fields[key].setText(getattr(record, key) or "")
        self.fields["birth_date"].setText(f"{record.birth_date:%Y-%m-%d}" if record.birth_date else "")
        if record.birth_date is None:
            self.fields["birth_date"].setPlaceholderText(self.tr("不显示（不修改请留空）"))
        for key in ("id_number", "phone"):
            masked = getattr(record, key)
            self.fields[key].setPlaceholderText(self.tr("{masked}（不修改请留空）").format(masked=masked)
                                                if masked else self.tr("未填写"))
        self.fields["sex"].setCurrentIndex(max(self.fields["sex"].findData(record.sex or ""), 0))
        residence = self.fields["residence_type"]
        residence.setCurrentIndex(max(residence.findData(record.residence_type), 0))
        self.fields["grid"].setCurrentIndex(max(self.fields["grid"].findData(record.grid_code or ""), 0))
        self.fields["note"].setPlainText(record.note or "")

    # values ----------------------------------------------------------------
    def value(self, key: str) -> str:
        widget = self.fields[key]
        if isinstance(widget, QComboBox):
            return widget.currentData() or ""
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        return widget.text().strip()

    def values(self) -> dict:
        """What to send: everything for a new person; for an edit only what changed."""
        keys = [k for k, _l in _TEXTS] + ["sex", "residence_type", "grid", "note"]
        typed = {key: self.value(key) for key in keys}
        if self.record is None:
            return {key: value for key, value in typed.items() if value}
        changed = {}
        for key, value in typed.items():
            if key in ("id_number", "phone"):
                if value:
                    changed[key] = value
                continue
            before = self._original(key)
            if value != before:
                changed[key] = value or None
        if "room" in changed and changed["room"] and "building" not in changed:
            changed["building"] = typed["building"]
        return changed

    def _original(self, key: str) -> str:
        record = self.record
        if key == "birth_date":
            return f"{record.birth_date:%Y-%m-%d}" if record.birth_date else ""
        if key == "grid":
            return record.grid_code or ""
        return getattr(record, key) or ""

    # saving ----------------------------------------------------------------
    def save(self) -> None:
        """Send the values to PeopleService off the UI thread; errors come back beside the fields."""
        for error in self.errors.values():
            error.clear_error()
        self.notice.clear()
        values, people, record = self.values(), self.people, self.record
        if record is not None and not values:
            self.accept()
            return
        chosen = {code: {} for code, box in self.category_boxes.items() if box.isChecked()}

        def work():
            if record is not None:
                return people.update_person(record.id, values, record.version).id
            return people.add_person(values, categories=chosen)

        self.buttons.setEnabled(False)
        run_in_background(self, work, self._on_saved, self._on_failed)

    def _on_saved(self, person_id: uuid.UUID) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(person_id)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, PersonConflict):
            self.notice.show_notice(str(exc), "error")
            return
        if isinstance(exc, PersonError):
            key = _ERROR_FIELDS.get(exc.field, exc.field)
            if key in self.errors:
                self.errors[key].show_error(str(exc))
                self.fields.get(key, self).setFocus()
                return
        self.notice.show_notice(self.tr("保存失败：{message}").format(message=exc), "error")

    def error_text(self, key: str) -> str:
        """The message shown beside a field ('' when none)."""
        error = self.errors[key]
        return error.text() if not error.isHidden() else ""

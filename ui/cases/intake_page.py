"""Registering a case (受理登记): the form, its inline checks, its crash-proof draft and saving.

The form's fields are written to a local draft a few seconds after each edit and when the page
is hidden or the program quits; the draft comes back when the page opens again and is deleted
once the case is saved. Saving runs in the background; an error is shown above the buttons and
everything typed stays.
"""

from __future__ import annotations

from datetime import datetime

import qtawesome as qta
from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QComboBox, QDateTimeEdit, QFrame, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from app.cases.attachments import NewAttachment, add_attachments
from app.cases.draft_rules import case_draft_problems
from app.cases.draft_store import DraftStore
from app.cases.drafts import CaseDraft
from app.cases.errors import CaseError
from app.cases.lookups import SOURCES, grid_id_for_code
from app.cases.states import URGENCIES, CaseStatus
from app.validation import validate_phone
from ui.cases.attachments_strip import AttachmentsStrip, PendingAttachments
from ui.cases.intake_choices import Choices, load_choices
from ui.context import UiContext
from ui.map.point_field import PointField
from ui.widgets import (
    CARD_STYLE, FORM_LABEL_STYLE, INVALID_STYLE, DraftKeeper, FieldError, NoticeBar,
    SearchableCombo, SegmentedChoice, add_form_card, make_thumbnail,
)
from ui.widgets.sample_images import painted_photo
from ui.workers import run_in_background, wait_for_background_work

AUTOSAVE_DELAY_MS = 3000
URGENCY_COLORS = {"一般": "#1f5fae", "紧急": "#d66a00", "特急": "#c5221f"}
TEXT_FIELDS = ("title", "description", "address", "reporter_name", "reporter_phone")
SAMPLE_FIELDS = {
    "source": "12345热线", "urgency": "紧急", "title": "小区东门垃圾堆放多日无人清运",
    "description": "市民来电反映：幸福路18号小区东门外人行道上堆放生活垃圾和装修废料约两立方米，已有三天"
                   "无人清运，散发异味，影响行人通行，请尽快处理。",
    "address": "幸福路18号小区东门外人行道", "reporter_name": "王丽", "reporter_phone": "138 0532 6677",
}


class IntakePage(QWidget):
    """The '受理登记' page; `drafts` defaults to the user data folder's drafts."""

    def __init__(self, ctx: UiContext, window, *, drafts: DraftStore | None = None):
        super().__init__()
        self.ctx = ctx
        self.main_window = window
        self.choices: Choices | None = None
        self.saving = False
        self._pending_keys: dict[str, str | None] = {}
        self._filling = False
        self._time_touched = False
        self.draft = DraftKeeper(drafts or DraftStore(), "intake-demo" if ctx.demo else "intake",
                                 fields=self.fields, is_empty=self.is_empty, now=ctx.now, tz=self._tz,
                                 delay_ms=AUTOSAVE_DELAY_MS, parent=self)
        self._build()
        self._connect_edits()
        self.reset_time()
        self.restore_draft()
        run_in_background(self, lambda: load_choices(ctx), self._on_choices_loaded, self._on_choices_failed)

    # building ------------------------------------------------------------
    def _build(self) -> None:
        self.source = QComboBox()
        self.source.addItems(SOURCES)
        self.category = SearchableCombo(self.tr("输入关键字搜索，如“垃圾”“井盖”"))
        self.category_hint = QLabel(objectName="hint", wordWrap=True)
        self.urgency = SegmentedChoice(URGENCIES, URGENCY_COLORS)
        self.title = QLineEdit(placeholderText=self.tr("一句话概括，留空时取描述的前20个字"))
        self.description = QPlainTextEdit(placeholderText=self.tr("发生了什么、在哪里、影响多大"))
        self.description.setFixedHeight(170)
        self.address = QLineEdit(placeholderText=self.tr("街道、门牌号或明显地标"))
        self.grid = SearchableCombo(self.tr("输入社区或网格名称搜索"))
        self.point = PointField()
        self.reported_at = QDateTimeEdit(calendarPopup=True, displayFormat="yyyy-MM-dd HH:mm")
        self.reporter_name = QLineEdit(placeholderText=self.tr("选填"))
        self.reporter_phone = QLineEdit(placeholderText=self.tr("手机或带区号的固话，如 0532-88886666"))
        self.anonymous = QCheckBox(self.tr("匿名反映（不向处置部门透露报告人信息）"))
        self.strip = AttachmentsStrip(editable=True)
        self.attachments = PendingAttachments(self.strip, self)
        self.errors = {name: FieldError(widget) for name, widget in (
            ("category", self.category), ("description", self.description), ("title", self.title),
            ("address", self.address), ("reporter_name", self.reporter_name),
            ("reporter_phone", self.reporter_phone), ("reported_at", self.reported_at))}

        self.notice = NoticeBar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(12)
        heading = QHBoxLayout()
        layout.addLayout(heading)
        heading.addWidget(QLabel(self.tr("受理登记"), objectName="pageTitle"))
        heading.addSpacing(12)
        heading.addWidget(QLabel(self.tr("登记群众反映、热线转办和网格员上报的事件"), objectName="hint"))
        heading.addStretch(1)
        heading.addWidget(self.draft.label)
        layout.addWidget(self.notice)
        layout.addWidget(self._form_area(), 1)
        layout.addWidget(self._button_bar())
        self.setStyleSheet(INVALID_STYLE + CARD_STYLE + "QLabel#hint { color: #6b7785; }"
                           + FORM_LABEL_STYLE)

    def _form_area(self) -> QScrollArea:
        holder = QWidget(objectName="page")
        columns = QHBoxLayout(holder)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(16)
        main, side = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(main, 3)
        columns.addLayout(side, 2)
        error = self.errors.get
        add_form_card(main, self.tr("事件信息"), "mdi6.clipboard-text-outline", [
            (self.tr("来源 *"), self.source, None), (self.tr("上报时间"), self.reported_at, error("reported_at")),
            (self.tr("事件类别 *"), self.category, error("category")), ("", self.category_hint, None),
            (self.tr("紧急程度"), self.urgency, None), (self.tr("标题"), self.title, error("title")),
            (self.tr("事件描述 *"), self.description, error("description"))])
        add_form_card(main, self.tr("事发位置"), "mdi6.map-marker-outline", [
            (self.tr("地址"), self.address, error("address")), (self.tr("坐标"), self.point, None),
            (self.tr("所属网格"), self.grid, None)])
        add_form_card(side, self.tr("报告人"), "mdi6.account-voice", [
            (self.tr("姓名"), self.reporter_name, error("reporter_name")),
            (self.tr("联系电话"), self.reporter_phone, error("reporter_phone")), ("", self.anonymous, None)])
        files_note = QLabel(self.tr("照片在案件保存后一并上传，单个文件不超过20 MB"), objectName="hint")
        add_form_card(side, self.tr("现场照片与附件"), "mdi6.image-multiple-outline",
                      [("", self.strip, None), ("", files_note, None)], labels=False)
        for column in (main, side):
            column.setSpacing(14)
            column.addStretch(1)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        return scroll

    def _button_bar(self) -> QWidget:
        self.clear_button = QPushButton(qta.icon("mdi6.eraser", color="#5b6b7c"), self.tr("清空表单"))
        self.clear_button.clicked.connect(self.discard)
        self.save_reported = QPushButton(qta.icon("mdi6.content-save-outline", color="#1f5fae"),
                                         self.tr("保存为待核实"))
        self.save_registered = QPushButton(qta.icon("mdi6.check-decagram", color="white"), self.tr("直接立案"))
        self.save_registered.setProperty("primary", "true")
        self.save_reported.clicked.connect(lambda: self.save(CaseStatus.REPORTED))
        self.save_registered.clicked.connect(lambda: self.save(CaseStatus.REGISTERED))
        bar = QFrame(objectName="card")
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 10, 16, 10)
        row.addWidget(QLabel(self.tr("* 为必填项；填写内容会自动保存为草稿，意外关闭后可恢复"), objectName="hint"))
        row.addStretch(1)
        for button in (self.clear_button, self.save_reported, self.save_registered):
            button.setMinimumSize(110, 36)
            row.addWidget(button)
        return bar

    def _connect_edits(self) -> None:
        for edit in (self.title, self.address, self.reporter_name):
            edit.textChanged.connect(self._on_edited)
        self.description.textChanged.connect(self._on_edited)
        self.source.currentIndexChanged.connect(self._on_edited)
        self.category.key_changed.connect(self._on_category_changed)
        self.grid.key_changed.connect(self._on_edited)
        self.urgency.value_changed.connect(self._on_edited)
        self.anonymous.toggled.connect(self._on_edited)
        self.point.changed.connect(self._on_edited)
        self.point.pick_requested.connect(self.pick_on_map)
        self.reported_at.dateTimeChanged.connect(self._on_time_edited)
        self.reporter_phone.textChanged.connect(self._on_phone_typed)
        self.reporter_phone.editingFinished.connect(self.check_phone)
        self.attachments.changed.connect(self._on_edited)
        self.attachments.problem.connect(lambda text: self.notice.show_notice(text, "error"))

    # choices -------------------------------------------------------------
    def _on_choices_loaded(self, choices: Choices) -> None:
        self.choices = choices
        self._filling = True
        self.category.set_choices(choices.categories)
        self.grid.set_choices(choices.grids)
        for name in ("category", "grid"):
            if name in self._pending_keys:
                getattr(self, name).set_current_key(self._pending_keys.pop(name))
        self._filling = False
        self._show_category_hint()

    def _on_choices_failed(self, exc: Exception) -> None:
        self.notice.show_notice(self.tr("无法读取事件类别和网格列表：{e}").format(e=exc), "error")

    def _on_category_changed(self, key) -> None:
        self._show_category_hint()
        if key:
            self.errors["category"].clear_error()
        self._on_edited()

    def _show_category_hint(self) -> None:
        key = self.category.current_key()
        hint = self.choices.hints.get(key, "") if self.choices and key else ""
        self.category_hint.setText(hint)
        self.category_hint.setVisible(bool(hint))

    # the form's values ---------------------------------------------------
    def fields(self) -> dict:
        """The form as JSON-able values (what a draft holds)."""
        return {
            "source": self.source.currentText(),
            "category": self.category.current_key() or self._pending_keys.get("category"),
            "grid": self.grid.current_key() or self._pending_keys.get("grid"),
            "urgency": self.urgency.value(),
            **{name: self._text(name) for name in TEXT_FIELDS},
            "anonymous": self.anonymous.isChecked(),
            "reported_at": self._reported_at().isoformat() if self._time_touched else None,
            "attachments": self.attachments.paths(),
            **dict(zip(("lon", "lat"), self.point.point() or (None, None))),
        }

    def _text(self, name: str) -> str:
        widget = getattr(self, name)
        return widget.toPlainText() if name == "description" else widget.text()

    def fill(self, fields: dict) -> None:
        """Put saved values into the form (a restored draft, the screenshot sample)."""
        self._filling = True
        try:
            self.source.setCurrentText(fields.get("source") or SOURCES[0])
            for name in ("category", "grid"):
                if not getattr(self, name).set_current_key(fields.get(name)) or self.choices is None:
                    self._pending_keys[name] = fields.get(name)
            self.urgency.set_value(fields.get("urgency") or URGENCIES[0])
            for name in TEXT_FIELDS:
                widget = getattr(self, name)
                (widget.setPlainText if name == "description" else widget.setText)(fields.get(name) or "")
            self.anonymous.setChecked(bool(fields.get("anonymous")))
            self.point.set_point(fields.get("lon"), fields.get("lat"))
            if fields.get("reported_at"):
                self._set_time(datetime.fromisoformat(fields["reported_at"]))
                self._time_touched = True
        finally:
            self._filling = False
        self._show_category_hint()
        if fields.get("attachments"):
            self.attachments.add_paths(list(fields["attachments"]), restoring=True)

    def is_empty(self) -> bool:
        """Nothing typed or chosen (a blank form needs no draft)."""
        values = self.fields()
        return not (any(values[name].strip() for name in TEXT_FIELDS) or values["category"]
                    or values["grid"] or self.attachments.files or self._time_touched or values["lon"] is not None)

    def discard(self) -> None:
        """Empty the form and forget its draft."""
        self._filling = True
        try:
            self._pending_keys.clear()
            self.source.setCurrentIndex(0)
            self.category.set_current_key(None)
            self.grid.set_current_key(None)
            self.urgency.set_value(URGENCIES[0])
            for name in TEXT_FIELDS:
                getattr(self, name).clear()
            self.anonymous.setChecked(False)
            self.point.set_point(None, None)
            self.attachments.clear()
            for error in self.errors.values():
                error.clear_error()
        finally:
            self._filling = False
        self.reset_time()
        self.draft.forget()

    # the point on the map ------------------------------------------------
    def pick_on_map(self) -> None:
        """Let the user click the place on the map; what is typed stays as it is."""
        map_page = self.main_window.pages.get("map") if self.main_window is not None else None
        if map_page is not None:
            self.save_draft_now()
            map_page.pick_point(self.set_picked_point, "intake")

    def set_picked_point(self, lon: float, lat: float, grid) -> None:
        """Take a point picked on the map and the grid it lies in (when it lies in one)."""
        self.point.set_point(lon, lat)
        if grid is not None and not self.grid.set_current_key(grid.key):
            self._pending_keys["grid"] = grid.key
        self._on_edited()

    # time ----------------------------------------------------------------
    def _tz(self):
        return self.choices.tz if self.choices else self.ctx.cases.config().tz

    def reset_time(self) -> None:
        """Show now as the reported time (it follows the clock until the user changes it)."""
        self._set_time(self.ctx.now())
        self._time_touched = False

    def _set_time(self, moment: datetime) -> None:
        local = moment.astimezone(self._tz())
        filling, self._filling = self._filling, True
        self.reported_at.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                               QTime(local.hour, local.minute)))
        self._filling = filling

    def _reported_at(self) -> datetime:
        if not self._time_touched:
            return self.ctx.now()
        shown = self.reported_at.dateTime()
        day, clock = shown.date(), shown.time()
        return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=self._tz())

    def _on_time_edited(self) -> None:
        if not self._filling:
            self._time_touched = True
            self.errors["reported_at"].clear_error()
        self._on_edited()

    # drafts --------------------------------------------------------------
    def _on_edited(self, *_args) -> None:
        if not self._filling:
            self.draft.edited()

    def save_draft_now(self) -> None:
        """Write the draft at once (not while the case itself is being saved)."""
        if not self.saving:
            self.draft.save_now()

    def restore_draft(self) -> bool:
        """Bring back the draft the last session left, if any, and say so."""
        draft = self.draft.load()
        if draft is None:
            return False
        self.fill(draft.fields)
        stamp = draft.saved_at.astimezone(self._tz()).strftime("%m-%d %H:%M")
        self.notice.show_notice(self.tr("已恢复上次未提交的草稿（保存于 {t}）").format(t=stamp), "info")
        return True

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.draft.pending():
            self.save_draft_now()
        super().hideEvent(event)

    def activate(self) -> None:
        """Shown: a reported time nobody set follows the clock."""
        if not self._time_touched:
            self.reset_time()

    # checking and saving -------------------------------------------------
    def _on_phone_typed(self) -> None:
        if self.errors["reporter_phone"].isVisibleTo(self):
            self.check_phone()
        self._on_edited()

    def check_phone(self) -> bool:
        """Check the phone field now and show what is wrong under it."""
        try:
            validate_phone(self.reporter_phone.text())
        except ValueError as exc:
            self.errors["reporter_phone"].show_error(self.tr("联系电话：") + str(exc))
            return False
        self.errors["reporter_phone"].clear_error()
        return True

    def problems(self) -> dict[str, str]:
        """Every field that is wrong, with its message, in the order of the form."""
        return self._checked(CaseStatus.REPORTED)[1]

    def _checked(self, status: CaseStatus) -> tuple[dict, dict[str, str]]:
        """The form's values cleaned by the rules of every case (clean_case_draft's), and the problems.

        Problems are keyed by field and worded "标签：原因" with the form's own labels.
        """
        known = {}
        if not self.category.current_key():
            known["category"] = self.tr("未选择，可输入“垃圾”等关键字搜索后选择")
        values, problems = case_draft_problems(self._draft_inputs(status), now=self.ctx.now(), known=known)
        labels = self._labels()
        found = {problem.field: self.tr("{field}：{problem}").format(field=labels.get(problem.field, problem.field),
                                                                    problem=problem.message)
                 for problem in problems}
        return values, found

    def _labels(self) -> dict[str, str]:
        """The name each field has on this form."""
        return {
            "category": self.tr("事件类别"), "title": self.tr("标题"),
            "description": self.tr("事件描述"), "address": self.tr("地址"), "lon": self.tr("坐标"),
            "lat": self.tr("坐标"), "reported_at": self.tr("上报时间"), "urgency": self.tr("紧急程度"),
            "reporter_name": self.tr("报告人姓名"), "reporter_phone": self.tr("联系电话"),
        }

    def save(self, status: CaseStatus) -> bool:
        """Check the form and, when it is right, create the case in the background."""
        if self.saving:
            return False
        inputs, found = self._checked(status)
        for name, error in self.errors.items():
            if name in found:
                error.show_error(found[name])
            else:
                error.clear_error()
        if found:
            self.notice.show_notice(self.tr("请先修正 {n} 处问题：").format(n=len(found)) + "；".join(found.values()),
                                    "error")
            first = next((name for name in found if name in self.errors), None)
            if first is not None:
                self.errors[first].field.setFocus()
            return False
        self.save_draft_now()
        self._set_saving(True)
        inputs["grid"], files = self.grid.current_key(), self.attachments.attachments()
        run_in_background(self, lambda: self._create(inputs, files), self._on_saved, self._on_save_failed)
        return True

    def _draft_inputs(self, status: CaseStatus) -> dict:
        """The form's fields as a case draft's values, as typed (the rules clean them)."""
        return {
            "source": self.source.currentText(), "category": self.category.current_key(),
            "description": self.description.toPlainText(), "reported_at": self._reported_at(),
            "urgency": self.urgency.value(), "title": self.title.text(), "address": self.address.text(),
            "reporter_name": self.reporter_name.text(), "reporter_phone": self.reporter_phone.text(),
            "reporter_anonymous": self.anonymous.isChecked(), "status": status,
            **dict(zip(("lon", "lat"), self.point.point() or (None, None))),
        }

    def _create(self, inputs: dict, files: list[NewAttachment]):
        """Runs in a worker: the case, then its attachments (a failure there keeps the case)."""
        grid = inputs.pop("grid")
        grid_id = grid_id_for_code(self.ctx.cases, grid) if grid else None
        view = self.ctx.cases.create(CaseDraft(grid_id=grid_id, **inputs), self.ctx.user)
        problem = None
        if files:
            try:
                add_attachments(self.ctx.cases, view.case_no, files, self.ctx.user)
            except CaseError as exc:
                problem = str(exc)
        return view, problem

    def _on_saved(self, result) -> None:
        view, problem = result
        self._set_saving(False)
        self.discard()
        text = self.tr("案件 {no} 已登记为“{s}”").format(no=view.case_no, s=view.status_label)
        if problem:
            text += self.tr("，但附件未能保存：") + problem
        self.notice.show_notice(text, "error" if problem else "success")
        self.ctx.hub.notify_local()
        if self.main_window is not None:
            self.main_window.open_case(view.case_no)
            detail = self.main_window.pages.get("case")
            if hasattr(detail, "notice"):
                detail.notice.show_notice(text, "error" if problem else "success")

    def _on_save_failed(self, exc: Exception) -> None:
        self._set_saving(False)
        message = str(exc) if isinstance(exc, CaseError) else self.tr("保存失败：{e}").format(e=exc)
        self.notice.show_notice(message + self.tr("（已填写的内容仍在，可修改后重试）"), "error")
        self.save_draft_now()

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        for button in (self.save_reported, self.save_registered, self.clear_button):
            button.setEnabled(not saving)
        self.save_registered.setText(self.tr("正在保存……") if saving else self.tr("直接立案"))

    # screenshots ---------------------------------------------------------
    def prepare_screenshot(self) -> bool:
        """Fill a sample case (never written to the user's drafts) for `gridcc --screenshot`."""
        self.draft.enabled = False
        for _ in range(20):
            if self.choices is not None:
                break
            wait_for_background_work()
            QApplication.processEvents()
        sample = dict(SAMPLE_FIELDS)
        if self.choices:
            sample["category"] = next((c.key for c in self.choices.categories if "垃圾" in c.label), None)
            sample["grid"] = self.choices.grids[len(self.choices.grids) // 3].key if self.choices.grids else None
        self.fill(sample)
        for name, top, bottom in (("现场照片1", "#7fa7cf", "#c9d6df"), ("现场照片2", "#a3b8c8", "#d8d2c4")):
            data = painted_photo(name, top, bottom)
            self.attachments.add(NewAttachment(file_name=f"{name}.png", data=data, thumbnail=make_thumbnail(data)))
        self.draft.show_saved_at(self.ctx.now())
        return True

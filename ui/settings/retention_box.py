"""数据保留: how long a closed case keeps its reporter's phone (app/cases/retention.py), on the
backup tab. Read and saved on a worker thread; saving needs config.edit and is audited."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from ui.context import UiContext
from ui.settings.cards import hint_label, settings_card
from ui.workers import run_in_background

#: the setting's range (app.cases.retention.MONTHS_RANGE; not imported so that the tab stays light)
MONTHS = (0, 120)


class RetentionBox(QWidget):
    """The months spin box and its save button; `saved(int)` once stored."""

    saved = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.months = QSpinBox(minimum=MONTHS[0], maximum=MONTHS[1])
        self.months.setSuffix(self.tr(" 个月"))
        self.months.setSpecialValueText(self.tr("一直保留"))
        self.months.setMinimumWidth(120)
        self.months.setMaximumWidth(160)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.clicked.connect(self._on_save_clicked)
        self.status = QLabel(wordWrap=True, visible=False)
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.months)
        row.addWidget(self.save_button)
        row.addStretch(1)
        form.addRow(self.tr("结案案件的报告人电话保留"), row)
        self.card: QFrame = settings_card(self.tr("数据保留"), form, self.status, hint_label(self.tr(
            "案件结案满所设月数后，程序每天自动清除其报告人电话（案件和报告人姓名保留），清除条数记入审计日志；"
            "设为 0 则一直保留。也可用命令 gridcc db retention 执行。")))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.card)
        self.save_button.setEnabled(False)
        self.load()

    def load(self) -> None:
        from app.cases.retention import retention_months  # on use: the settings dialog opens quickly
        database = self.ctx.database
        run_in_background(self, lambda: retention_months(database), self._on_loaded, self._on_error)

    def _on_loaded(self, months: int) -> None:
        self.months.setValue(months)
        self.save_button.setEnabled(True)

    def _on_save_clicked(self) -> None:
        from app.cases.retention import set_retention_months
        database, months = self.ctx.database, self.months.value()
        principal = self.ctx.principal
        self.save_button.setEnabled(False)
        run_in_background(self, lambda: set_retention_months(database, months, principal), self._on_saved,
                          self._on_error)

    def _on_saved(self, months: int) -> None:
        self.save_button.setEnabled(True)
        self._say(self.tr("✔ 已保存") if months else self.tr("✔ 已保存：报告人电话一直保留"))
        self.saved.emit(months)

    def _on_error(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self._say(str(exc))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(True)

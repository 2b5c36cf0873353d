"""The first-run wizard: where the data lives, the district's name and code, its boundaries.

Shown by the desktop when nothing names a database yet (app.database.needs_first_run). The
local file or the server address is saved in the settings only when the wizard is finished;
the demo district is opened for this run only, so the next start asks again. Everything the
wizard sets can be changed later in Settings: 数据库 (the address), 辖区 (name, code,
boundaries). Staff and grids have no Excel importer: grids come from GeoJSON here, the
people ledger, work orders and disputes are imported from Excel on their own pages.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizard, QWizardPage

from db.engine import Database
from ui.first_run.database_pages import (
    BOUNDARIES_ID, CHOICE_ID, DEMO, DISTRICT_ID, DONE_ID, LOCAL_ID, SERVER_ID, ChoicePage, LocalPage, ServerPage,
)
from ui.settings.district_widgets import BoundaryImport, DistrictForm

def _hint(text: str) -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setStyleSheet("color: #5f6b7a;")
    return label


class DistrictPage(QWizardPage):
    """The district's name and code, stored before the wizard moves on."""

    def __init__(self, wizard: FirstRunWizard):
        super().__init__(wizard)
        self.setTitle(self.tr("辖区"))
        self.setSubTitle(self.tr("填写本指挥中心管辖的区（县）的名称和代码。"))
        self.form = DistrictForm(lambda: wizard.database, wizard.actor, self)
        self.form.saved.connect(lambda _district: wizard.next())
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        self.form.load()

    def validatePage(self) -> bool:  # noqa: N802
        if self.form.is_stored():
            return True
        self.form.save()
        return False


class BoundariesPage(QWizardPage):
    """Optional: street, community and grid boundaries from GeoJSON files."""

    def __init__(self, wizard: FirstRunWizard):
        super().__init__(wizard)
        self.setTitle(self.tr("辖区边界（可跳过）"))
        self.setSubTitle(self.tr("导入街道、社区、网格的边界（GeoJSON）。先导入街道，再导入社区、网格。"))
        self.boundaries = BoundaryImport(lambda: wizard.database, wizard.actor, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.boundaries)
        layout.addWidget(_hint(self.tr("以后也可在“设置 → 辖区”中导入，或用命令 gridcc grids import。")))
        layout.addStretch(1)


class DonePage(QWizardPage):
    """What was set up, and where the rest is done."""

    def __init__(self, wizard: FirstRunWizard):
        super().__init__(wizard)
        self.wizard_ref = wizard
        self.setTitle(self.tr("设置完成"))
        self.summary = QLabel(wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(_hint(self.tr(
            "人口台账、工单和矛盾纠纷可在各自页面从 Excel 导入；数据库、辖区和备份可在“设置”中更改。")))
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        database = self.wizard_ref.database
        where = database.describe() if database is not None else ""
        self.summary.setText(self.tr("数据库：{where}\n点击“完成”打开程序。").format(where=where))


class FirstRunWizard(QWizard):
    """The wizard; after `exec()` accepted, `demo` or `url` says what to open."""

    def __init__(self, actor: str, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.database: Database | None = None
        self.url: str | None = None
        self.setWindowTitle(self.tr("网格化管理指挥中心 · 首次使用"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(760, 520)
        for button, text in ((QWizard.WizardButton.BackButton, self.tr("< 上一步")),
                             (QWizard.WizardButton.NextButton, self.tr("下一步 >")),
                             (QWizard.WizardButton.FinishButton, self.tr("完成")),
                             (QWizard.WizardButton.CancelButton, self.tr("取消"))):
            self.setButtonText(button, text)  # Qt's own words would stay English: no qtbase translation loaded
        self.choice_page = ChoicePage(self)
        self.local_page = LocalPage(self)
        self.server_page = ServerPage(self)
        self.district_page = DistrictPage(self)
        self.boundaries_page = BoundariesPage(self)
        self.done_page = DonePage(self)
        for page_id, page in ((CHOICE_ID, self.choice_page), (LOCAL_ID, self.local_page),
                              (SERVER_ID, self.server_page), (DISTRICT_ID, self.district_page),
                              (BOUNDARIES_ID, self.boundaries_page), (DONE_ID, self.done_page)):
            self.setPage(page_id, page)
        self.setStartId(CHOICE_ID)

    @property
    def demo(self) -> bool:
        return self.choice_page.chosen() == DEMO

    def use_database(self, url: str, database: Database) -> None:
        """The database a page made ready (the one before it, if any, is closed)."""
        if self.database is not None and self.database is not database:
            self.database.dispose()
        self.url, self.database = url, database

    def release(self) -> None:
        """Close the wizard's connections (the program opens its own)."""
        if self.database is not None:
            self.database.dispose()


def run_first_run(args, settings: QSettings, actor: str) -> bool:
    """Show the wizard; False when it was cancelled. Saves the chosen address, or sets --demo."""
    wizard = FirstRunWizard(actor)
    try:
        if wizard.exec() != QWizard.DialogCode.Accepted:
            return False
        if wizard.demo:
            args.demo = True
        elif wizard.url:
            settings.setValue("db/url", wizard.url)
            settings.sync()
        return True
    finally:
        wizard.release()
        wizard.deleteLater()

"""Keeping a form's draft on disk while it is typed, so a crash never loses it.

The keeper saves a moment after the last edit (debounced), when asked, and when the program
quits; it shows when it last saved in a small label the form places where it likes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from app.cases.draft_store import DraftStore, SavedDraft


class DraftKeeper(QObject):
    """One form's draft under `key` in `store`; `fields()` gives what to save, `is_empty()` says
    when there is nothing worth keeping (then the draft is deleted instead)."""

    def __init__(self, store: DraftStore, key: str, *, fields: Callable[[], dict], is_empty: Callable[[], bool],
                 now: Callable[[], datetime], tz: Callable[[], tzinfo], delay_ms: int, parent: QObject):
        super().__init__(parent)
        self.store, self.key = store, key
        self._fields, self._is_empty, self._now, self._tz = fields, is_empty, now, tz
        self.enabled = True
        self.label = QLabel(objectName="hint")
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self.save_now)
        if QApplication.instance() is not None:
            QApplication.instance().aboutToQuit.connect(self.save_now)

    def edited(self) -> None:
        """The form changed: save a moment after the last of a run of edits."""
        if self.enabled:
            self._timer.start()

    def pending(self) -> bool:
        """An edit is waiting to be saved."""
        return self._timer.isActive()

    def save_now(self) -> None:
        """Write the draft at once (or delete it when the form is blank)."""
        self._timer.stop()
        if not self.enabled:
            return
        if self._is_empty():
            self.store.delete(self.key)
            return
        try:
            self.store.save(self.key, self._fields(), self._now())
        except OSError as exc:
            self.label.setText(self.tr("草稿未能保存：{e}").format(e=exc.strerror or exc))
            return
        self.show_saved_at(self._now())

    def show_saved_at(self, moment: datetime) -> None:
        """Say in the label when the draft was last saved."""
        stamp = moment.astimezone(self._tz()).strftime("%H:%M:%S")
        self.label.setText(self.tr("草稿已自动保存 {t}").format(t=stamp))

    def load(self) -> SavedDraft | None:
        """The draft left by an earlier session, if any."""
        return self.store.load(self.key)

    def forget(self) -> None:
        """Delete the draft (the form was saved or cleared)."""
        self._timer.stop()
        self.store.delete(self.key)
        self.label.setText("")

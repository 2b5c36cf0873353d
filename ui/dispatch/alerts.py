"""The dispatcher's alarm: a sound (unless muted) and a flashing red banner saying what happened.

What raises the alarm is decided in app.cases.board.alerts_between; this module only makes it
heard and seen. The mute choice is kept in QSettings under "dispatch/muted".
"""

from __future__ import annotations

from datetime import datetime
from html import escape

import qtawesome as qta
from PySide6.QtCore import QObject, QSettings, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton

from app.cases.board import BoardAlerts, BoardCase
from resources.sounds import ALERT_WAV

MUTED_KEY = "dispatch/muted"
FLASH_MS = 450
FLASH_ROUNDS = 20
MAX_LISTED = 6


class AlertSound(QObject):
    """Plays the alarm through QtMultimedia when it is available, else the system beep."""

    def __init__(self, settings: QSettings, parent: QObject | None = None):
        super().__init__(parent)
        self.settings = settings
        self.played = 0
        self._effect = None

    @property
    def muted(self) -> bool:
        return _as_bool(self.settings.value(MUTED_KEY, False))

    def set_muted(self, muted: bool) -> None:
        """Silence (or restore) the alarm sound, remembered for the next start."""
        self.settings.setValue(MUTED_KEY, bool(muted))

    def play(self) -> bool:
        """Sound the alarm once unless muted; True when it sounded."""
        if self.muted:
            return False
        self.played += 1
        effect = self._sound_effect()
        if effect is None:
            QApplication.beep()
        else:
            effect.play()
        return True

    def _sound_effect(self):
        if self._effect is None:
            try:
                from PySide6.QtMultimedia import QSoundEffect
            except ImportError:
                self._effect = False
            else:
                self._effect = QSoundEffect(self)
                self._effect.setSource(QUrl.fromLocalFile(str(ALERT_WAV)))
                self._effect.setVolume(0.8)
        return self._effect or None


class MuteButton(QToolButton):
    """A toggle showing whether the alarm sounds; clicking it mutes or unmutes."""

    def __init__(self, sound: AlertSound, parent=None):
        super().__init__(parent)
        self.sound = sound
        self.setCheckable(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(QSize(18, 18))
        self.setChecked(sound.muted)
        self._show_state()
        self.toggled.connect(self._on_toggled)

    def _on_toggled(self, checked: bool) -> None:
        self.sound.set_muted(checked)
        self._show_state()

    def _show_state(self) -> None:
        if self.isChecked():
            self.setIcon(qta.icon("mdi6.volume-off", color="#8a96a3"))
            self.setText(self.tr("已静音"))
            self.setToolTip(self.tr("报警声音已关闭，点击恢复"))
        else:
            self.setIcon(qta.icon("mdi6.volume-high", color="#1f5fae"))
            self.setText(self.tr("声音提醒"))
            self.setToolTip(self.tr("案件转红灯或紧急案件到达时响铃，点击静音"))


class AlertBanner(QFrame):
    """A red banner that flashes for a while and lists the cases that raised the alarm.

    Case numbers are links: clicking one emits `case_requested`. "知道了" clears the banner.
    """

    case_requested = Signal(str)
    dispute_requested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("alertBanner")
        self.raised_count = 0
        self._lines: list[str] = []
        self._flashes_left = 0
        self._lit = False
        icon = QLabel()
        icon.setPixmap(qta.icon("mdi6.alarm-light", color="white").pixmap(26, 26))
        self.text = QLabel(textFormat=Qt.TextFormat.RichText, wordWrap=True)
        self.text.setObjectName("alertText")
        self.text.linkActivated.connect(self._on_text_link_activated)
        dismiss = QPushButton(qta.icon("mdi6.check", color="white"), self.tr("知道了"))
        dismiss.setObjectName("alertDismiss")
        dismiss.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.addWidget(icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(dismiss)
        self._timer = QTimer(self, interval=FLASH_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._paint(lit=True)
        self.setVisible(False)

    def raise_alerts(self, alerts: BoardAlerts, at: datetime) -> None:
        """Show what triggered the alarm at local time `at` (newest first) and start flashing."""
        self.raised_count += 1
        lines = []
        if alerts.urgent_arrived:
            lines.append(self.tr("紧急案件到达：") + _listing(alerts.urgent_arrived, urgent=True))
        if alerts.turned_red:
            lines.append(self.tr("转为红灯：") + _listing(alerts.turned_red, urgent=False))
        self._show_lines(lines, at)

    def raise_disputes(self, alerts, at: datetime) -> None:
        """Show disputes that newly need the dispatcher (app.mediation.alerts.DisputeAlert) and flash."""
        self.raised_count += 1
        parts = []
        for alert in alerts[:MAX_LISTED]:
            number = escape(alert.dispute_no)
            marks = "、".join(([alert.warning + self.tr("色预警")] if alert.warning else []) + list(alert.flags))
            parts.append(f'<a style="color: white;" href="dispute:{number}">{number}</a> '
                         f'【{escape(marks)}】{escape(alert.facts[:40])}')
        more = len(alerts) - MAX_LISTED
        listing = "；".join(parts) + (self.tr("等共 {0} 起").format(len(alerts)) if more > 0 else "")
        self._show_lines([self.tr("矛盾纠纷预警：") + listing], at)

    def _show_lines(self, lines: list[str], at: datetime) -> None:
        self._lines = [f"<b>{at:%H:%M:%S}</b>　" + line for line in lines] + self._lines
        self.text.setText("<br>".join(self._lines[:4]))
        self._flashes_left = FLASH_ROUNDS
        self._timer.start()
        self.setVisible(True)

    def dismiss(self) -> None:
        """Stop flashing, forget the listed alerts and hide."""
        self._timer.stop()
        self._lines = []
        self._paint(lit=True)
        self.setVisible(False)

    def _on_timer_timeout(self) -> None:
        self._flashes_left -= 1
        if self._flashes_left <= 0:
            self._timer.stop()
            self._paint(lit=True)
        else:
            self._paint(lit=not self._lit)

    def _on_text_link_activated(self, link: str) -> None:
        if link.startswith("case:"):
            self.case_requested.emit(link[5:])
        elif link.startswith("dispute:"):
            self.dispute_requested.emit(link[8:])

    def _paint(self, *, lit: bool) -> None:
        self._lit = lit
        background = "#d93025" if lit else "#8e1b14"
        self.setStyleSheet(
            f"QFrame#alertBanner {{ background: {background}; border-radius: 6px; }}"
            " QLabel#alertText { color: white; font-size: 15px; }"
            " QPushButton#alertDismiss { color: white; background: transparent;"
            " border: 1px solid rgba(255,255,255,0.7); padding: 5px 12px; }"
        )


def _listing(cases: tuple[BoardCase, ...], *, urgent: bool) -> str:
    parts = []
    for case in cases[:MAX_LISTED]:
        tag = f"【{case.view.urgency}】" if urgent else ""
        number = escape(case.case_no)
        parts.append(f'<a style="color: white;" href="case:{number}">{number}</a> {tag}{escape(case.view.title)}')
    more = len(cases) - MAX_LISTED
    text = "；".join(parts)
    return text + (QApplication.translate("AlertBanner", "等共 {0} 件").format(len(cases)) if more > 0 else "")


def _as_bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)

"""The countdown of a case as the screens show it, in the interface language.

'剩3工作日2时15分' / '超45分' in Chinese, '3wd 2h 15m left' / '45m overdue' in English. The
split into days, hours and minutes is app.cases.countdown's; only the words are chosen here.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.calendar import TimeUnit
from app.cases.countdown import Remaining, split_remaining

#: the source texts (context 'Countdown'); {n} is the amount
WORKING_DAYS = QT_TRANSLATE_NOOP("Countdown", "{n}工作日")
DAYS = QT_TRANSLATE_NOOP("Countdown", "{n}天")
HOURS = QT_TRANSLATE_NOOP("Countdown", "{n}时")
MINUTES = QT_TRANSLATE_NOOP("Countdown", "{n}分")
SECONDS = QT_TRANSLATE_NOOP("Countdown", "{n}秒")
#: how two amounts follow each other ('3工作日' + '2时'; '3wd 2h' in English)
JOINED = QT_TRANSLATE_NOOP("Countdown", "{first}{rest}")
LEFT, OVERDUE = QT_TRANSLATE_NOOP("Countdown", "剩{time}"), QT_TRANSLATE_NOOP("Countdown", "超{time}")
LEFT_SPACED = QT_TRANSLATE_NOOP("Countdown", "剩 {time}")
OVERDUE_SPACED = QT_TRANSLATE_NOOP("Countdown", "超 {time}")


def _t(text: str, **values) -> str:
    return QCoreApplication.translate("Countdown", text).format(**values)


def _parts(split: Remaining, working: bool, to_the_second: bool) -> list[str]:
    """The amounts with their units, largest first; the last hour to the second when asked."""
    if to_the_second and not split.days and not split.hours:
        if not split.minutes:
            return [_t(SECONDS, n=split.seconds)]
        return [_t(MINUTES, n=split.minutes), _t(SECONDS, n=f"{split.seconds:02d}")]
    parts = []
    if split.days:
        parts.append(_t(WORKING_DAYS if working else DAYS, n=split.days))
    if split.hours:
        parts.append(_t(HOURS, n=split.hours))
    if split.minutes or not parts:
        parts.append(_t(MINUTES, n=split.minutes))
    return parts


def remaining_text(seconds: float | None, limit_unit: str, standard_day_seconds: float, *,
                   to_the_second: bool = False, spaced: bool = False) -> str:
    """The time left ('剩3工作日2时15分', '超45分'), '' for a closed case.

    `to_the_second` counts the last hour in minutes and seconds ('剩12分05秒'); `spaced` puts a
    space after 剩/超 (the queue's column).
    """
    split = split_remaining(seconds, limit_unit, standard_day_seconds)
    if split is None:
        return ""
    parts = _parts(split, TimeUnit(limit_unit).is_working, to_the_second)
    time = parts[0]
    for part in parts[1:]:
        time = _t(JOINED, first=time, rest=part)
    if split.overdue:
        return _t(OVERDUE_SPACED if spaced else OVERDUE, time=time)
    return _t(LEFT_SPACED if spaced else LEFT, time=time)

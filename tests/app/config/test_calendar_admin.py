"""Administrators editing the working calendar: validation leaves data alone, saves are one
version-checked transaction, and open cases' deadlines follow the new calendar."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.calendar import TimeLimit, TimeUnit
from app.cases.drafts import CaseDraft
from app.config.calendar_admin import (
    CalendarConflict, CalendarInputError, DayOverride, format_periods, parse_periods_text,
    read_calendar_settings, recompute_open_deadlines, update_calendar,
)
from db.schema import CalendarOverride
from tests.conftest import local

WORKDAY = (("08:30", "12:00"), ("13:30", "17:30"))
DEFAULT_WEEK = (WORKDAY,) * 5 + ((), ())
NATIONAL_DAY = DayOverride(day=date(2025, 10, 11), is_workday=True, note="国庆调休上班")


@pytest.fixture
def admin_db(database):
    """The test database; on PostgreSQL the office hours (kept between tests) are put back after."""
    yield database
    current = read_calendar_settings(database)
    if current.weekly != DEFAULT_WEEK or current.overrides:
        update_calendar(database, DEFAULT_WEEK, (), expected_revision=current.revision, actor="test")


def save(database, weekly=DEFAULT_WEEK, overrides=(), revision=None) -> int:
    """Save as the administrator 'admin' on the revision just read (unless one is given)."""
    if revision is None:
        revision = read_calendar_settings(database).revision
    return update_calendar(database, weekly, overrides, expected_revision=revision, actor="admin")


def new_case(service, limit: TimeLimit) -> str:
    """A case reported Tuesday 2025-09-30 10:00 with the given limit."""
    draft = CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾",
                      reported_at=local(2025, 9, 30, 10, 0), time_limit=limit)
    return service.create(draft, actor="grid1").case_no


def test_read_calendar_settings_seeded_defaults(admin_db):
    """A fresh database has Monday–Friday 08:30–12:00 and 13:30–17:30 and no overrides."""
    settings = read_calendar_settings(admin_db)
    assert settings.weekly == DEFAULT_WEEK
    assert settings.overrides == ()


def test_update_calendar_saves_hours_and_overrides(admin_db):
    """Changed hours and new overrides read back exactly, sorted by date, with a new revision."""
    saturday = (("09:00", "12:00"),)
    week = DEFAULT_WEEK[:5] + (saturday, ())
    overrides = (DayOverride(day=date(2026, 5, 9), is_workday=True, note=" 调休 "), NATIONAL_DAY)
    before = read_calendar_settings(admin_db).revision
    save(admin_db, week, overrides)
    settings = read_calendar_settings(admin_db)
    assert settings.weekly == week
    assert settings.overrides == (NATIONAL_DAY, DayOverride(day=date(2026, 5, 9), is_workday=True, note="调休"))
    assert settings.revision == before + 1


def test_update_calendar_removing_and_readding_a_date_works(admin_db):
    """A removed override is soft-deleted, and the same date can be added again later."""
    save(admin_db, overrides=(NATIONAL_DAY,))
    save(admin_db, overrides=())
    assert read_calendar_settings(admin_db).overrides == ()
    again = DayOverride(day=date(2025, 10, 11), is_workday=False, note="改为休息")
    save(admin_db, overrides=(again,))
    assert read_calendar_settings(admin_db).overrides == (again,)
    with admin_db.read() as session:
        assert len(session.scalars(select(CalendarOverride)).all()) == 1


BAD_INPUTS = [
    pytest.param(((("08:30", "12:00"), ("11:00", "14:00")),) + DEFAULT_WEEK[1:], (),
                 "星期一的办公时段 08:30–12:00 与 11:00–14:00 重叠", id="overlap"),
    pytest.param(DEFAULT_WEEK[:1] + ((("25:00", "26:00"),),) + DEFAULT_WEEK[2:], (),
                 "星期二的第1个办公时段：时刻“25:00”无效，应写成如 08:30（00:00 至 24:00）", id="bad-time"),
    pytest.param(DEFAULT_WEEK[:2] + ((("08:30", "12:00"), ("13:30", "8:6")),) + DEFAULT_WEEK[3:], (),
                 "星期三的第2个办公时段：时刻“8:6”无效，应写成如 08:30（00:00 至 24:00）", id="short-minute"),
    pytest.param(DEFAULT_WEEK[:3] + ((("12:00", "08:30"),),) + DEFAULT_WEEK[4:], (),
                 "星期四的办公时段 12:00–08:30 开始时间必须早于结束时间", id="reversed"),
    pytest.param(((),) * 7, (), "办公时间不能全部为空，至少一天要有办公时段", id="empty-week"),
    pytest.param(DEFAULT_WEEK[:6], (), "办公时间必须给出7天（星期一至星期日）的安排，实际给出 6 天", id="six-days"),
    pytest.param(DEFAULT_WEEK, (NATIONAL_DAY, DayOverride(day=date(2025, 10, 1), is_workday=False),
                                DayOverride(day=date(2025, 10, 11), is_workday=False)),
                 "节假日调整：日期 2025-10-11 重复（第1行和第3行），每个日期只能有一条", id="duplicate-date"),
    pytest.param(DEFAULT_WEEK, (DayOverride(day=date(2025, 10, 1), is_workday=False, note="长" * 201),),
                 "节假日调整第1行（2025-10-01）：备注不能超过200字", id="long-note"),
]


@pytest.mark.parametrize(("weekly", "overrides", "message"), BAD_INPUTS)
def test_update_calendar_bad_input_leaves_data_unchanged(admin_db, weekly, overrides, message):
    """Bad office hours or overrides are refused with a Chinese message naming where, and nothing
    that was stored changes (not even the revision)."""
    save(admin_db, overrides=(NATIONAL_DAY,))
    before = read_calendar_settings(admin_db)
    with pytest.raises(CalendarInputError) as caught:
        save(admin_db, weekly, overrides)
    assert str(caught.value) == message
    assert read_calendar_settings(admin_db) == before


def test_update_calendar_stale_revision_is_a_conflict(admin_db):
    """Two administrators editing the same revision: the second save fails and writes nothing."""
    seen = read_calendar_settings(admin_db).revision
    save(admin_db, overrides=(NATIONAL_DAY,), revision=seen)
    with pytest.raises(CalendarConflict) as caught:
        save(admin_db, overrides=(), revision=seen)
    assert str(caught.value) == "工作日历已被他人修改，本次修改未保存；请重新打开设置，在最新内容上再改"
    assert read_calendar_settings(admin_db).overrides == (NATIONAL_DAY,)


def test_update_calendar_holiday_override_moves_open_deadline(admin_db, service):
    """3 工作日 from Tuesday 2025-09-30 10:00 is due Saturday 11 October 10:00; declaring that
    Saturday a day off moves it to Monday 13 October 10:00, and only that case is touched."""
    long_case = new_case(service, TimeLimit(amount=3, unit=TimeUnit.WORK_DAY))
    short_case = new_case(service, TimeLimit(amount=4, unit=TimeUnit.WORK_HOUR))
    assert service.view(long_case).due_at == local(2025, 10, 11, 10, 0)
    short_before = service.view(short_case)
    day_off = DayOverride(day=date(2025, 10, 11), is_workday=False, note="本区调整为休息")
    assert save(admin_db, overrides=(day_off,)) == 1
    service.reload_config()
    assert service.view(long_case).due_at == local(2025, 10, 13, 10, 0)
    assert service.view(short_case) == short_before
    assert service.config().calendar.is_workday(date(2025, 10, 11)) is False


def test_update_calendar_office_hours_move_open_deadline(admin_db, service):
    """Tuesday opening only 10:00–11:00 and 13:30–17:30 makes 4 工作时 from 10:00 due at 16:30."""
    case_no = new_case(service, TimeLimit(amount=4, unit=TimeUnit.WORK_HOUR))
    assert service.view(case_no).due_at == local(2025, 9, 30, 15, 30)
    tuesday = (("10:00", "11:00"), ("13:30", "17:30"))
    save(admin_db, DEFAULT_WEEK[:1] + (tuesday,) + DEFAULT_WEEK[2:])
    assert service.view(case_no).due_at == local(2025, 9, 30, 16, 30)


def test_recompute_open_deadlines_after_direct_change(admin_db, service):
    """An override written by other means takes effect on open cases after the recompute."""
    case_no = new_case(service, TimeLimit(amount=3, unit=TimeUnit.WORK_DAY))
    with admin_db.write() as session:
        session.add(CalendarOverride(day=date(2025, 10, 11), is_workday=False))
    assert service.view(case_no).due_at == local(2025, 10, 11, 10, 0)
    assert recompute_open_deadlines(admin_db) == 1
    assert service.view(case_no).due_at == local(2025, 10, 13, 10, 0)
    assert recompute_open_deadlines(admin_db) == 0


@pytest.mark.parametrize(("typed", "periods"), [
    ("08:30-12:00, 13:30-17:30", WORKDAY),
    ("8:30–12:00，13:30～17:30", WORKDAY),
    ("08：30至12：00；13:30 - 24:00", (("08:30", "12:00"), ("13:30", "24:00"))),
    ("   ", ()),
])
def test_parse_periods_text_reads_what_people_type(typed, periods):
    """Dashes, tildes, 至, full-width colons and commas are all understood; blank is no office."""
    assert parse_periods_text(typed, 0) == periods


@pytest.mark.parametrize(("typed", "message"), [
    ("8点-12点", "星期六的第1个办公时段：时刻“8点”无效，应写成如 08:30（00:00 至 24:00）"),
    ("08:30-12:00, 13:30",
     "星期六的第2个办公时段“13:30”无法识别，应写成如 08:30-12:00，多个时段用逗号隔开"),
])
def test_parse_periods_text_bad_text_names_day_and_period(typed, message):
    """Unreadable periods raise CalendarInputError naming the weekday and which period."""
    with pytest.raises(CalendarInputError) as caught:
        parse_periods_text(typed, 5)
    assert str(caught.value) == message


def test_format_periods_round_trips():
    """What format_periods writes, parse_periods_text reads back unchanged."""
    assert format_periods(WORKDAY) == "08:30-12:00, 13:30-17:30"
    assert parse_periods_text(format_periods(WORKDAY), 0) == WORKDAY

"""The dispatcher board on SQLite and PostgreSQL, and its alarm rule (pure, no database).

Cases used (Tuesday 2025-09-30, exposed rubbish 暴露垃圾):
- 一般 reported 10:00, 4工作时: yellow 14:42, red 15:30;
- 紧急 reported 10:00, 2小时: yellow 11:36, red 12:00;
- 特急 reported 09:30, 1小时: yellow 10:18, red 10:30.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from app.cases.board import Board, BoardAlerts, BoardCase, alerts_between, load_board
from app.cases.drafts import CaseDraft
from app.cases.lights import Light
from app.cases.views import CaseView
from tests.conftest import local

ORDINARY = dict(urgency="一般", reported_at=local(2025, 9, 30, 10, 0))
URGENT = dict(urgency="紧急", reported_at=local(2025, 9, 30, 10, 0))
EXTREME = dict(urgency="特急", reported_at=local(2025, 9, 30, 9, 30))


def report(service, **draft) -> str:
    """Report an exposed-rubbish case and return its number."""
    return service.create(CaseDraft(source="网格员上报", category="暴露垃圾", description="路边垃圾", **draft),
                          actor="grid1").case_no


def bring(service, case_no: str, *actions: str) -> None:
    for action in actions:
        service.act(case_no, action, actor="disp1", note="说明" if action == "void" else None)


def three_cases(service) -> tuple[str, str, str]:
    """The ordinary, urgent and extremely urgent cases, all dispatched."""
    numbers = report(service, **ORDINARY), report(service, **URGENT), report(service, **EXTREME)
    for case_no in numbers:
        bring(service, case_no, "verify", "register", "dispatch")
    return numbers


def counts(board: Board, now) -> tuple[int, int, int]:
    columns = board.columns(now)
    return len(columns[Light.RED]), len(columns[Light.YELLOW]), len(columns[Light.GREEN])


def test_board_lists_open_cases_soonest_due_first(service):
    """Open cases come soonest due first; closed and void cases are left out."""
    ordinary, urgent, extreme = three_cases(service)
    closed = report(service, **ORDINARY)
    bring(service, closed, "verify", "register", "dispatch", "accept", "feedback", "approve")
    bring(service, report(service, **ORDINARY), "void")
    board = load_board(service)
    assert [c.case_no for c in board.cases] == [extreme, urgent, ordinary]
    assert board.read_at == local(2025, 9, 30, 10, 0)


def test_board_carries_light_thresholds(service):
    """Each case carries the instants it turns yellow and red."""
    ordinary, urgent, extreme = three_cases(service)
    board = load_board(service)
    assert {c.case_no: (c.yellow_at, c.red_at) for c in board.cases} == {
        ordinary: (local(2025, 9, 30, 14, 42), local(2025, 9, 30, 15, 30)),
        urgent: (local(2025, 9, 30, 11, 36), local(2025, 9, 30, 12, 0)),
        extreme: (local(2025, 9, 30, 10, 18), local(2025, 9, 30, 10, 30)),
    }


def test_board_columns_at_instants_without_reloading(service):
    """One board read at 10:00 groups the cases correctly at later instants by comparison alone."""
    three_cases(service)
    board = load_board(service)
    assert counts(board, local(2025, 9, 30, 10, 0)) == (0, 0, 3)
    assert counts(board, local(2025, 9, 30, 10, 18)) == (0, 1, 2)
    assert counts(board, local(2025, 9, 30, 10, 30)) == (1, 0, 2)
    assert counts(board, local(2025, 9, 30, 11, 36)) == (1, 1, 1)
    assert counts(board, local(2025, 9, 30, 14, 42)) == (2, 1, 0)
    assert counts(board, local(2025, 9, 30, 15, 30)) == (3, 0, 0)


def test_board_column_keeps_due_order(service):
    """Within a column the case due soonest comes first."""
    ordinary, urgent, extreme = three_cases(service)
    board = load_board(service)
    red = board.columns(local(2025, 9, 30, 16, 0))[Light.RED]
    assert [c.case_no for c in red] == [extreme, urgent, ordinary]


def test_board_waiting_cases_urgent_first(service):
    """Reported, verified and registered cases wait, the most urgent first; dispatched ones do not."""
    reported = report(service, **ORDINARY)
    verified = report(service, **ORDINARY)
    bring(service, verified, "verify")
    registered = report(service, **URGENT)
    bring(service, registered, "verify", "register")
    dispatched = report(service, **EXTREME)
    bring(service, dispatched, "verify", "register", "dispatch")
    board = load_board(service)
    assert [(c.case_no, c.view.status_label) for c in board.waiting()] == [
        (registered, "待派遣"), (reported, "待核实"), (verified, "待立案"),
    ]
    assert board.find(dispatched).is_waiting is False


def test_board_suggests_category_department(service):
    """Before dispatch a case has no department but suggests its category's default one."""
    case_no = report(service, **ORDINARY)
    bring(service, case_no, "verify", "register")
    city = service.config().rules.department("CGJ").name
    entry = load_board(service).find(case_no)
    assert (entry.view.department, entry.suggested_department) == (None, city)
    bring(service, case_no, "dispatch")
    assert load_board(service).find(case_no).view.department == city


def test_board_parked_case_keeps_its_light(service, clock):
    """A parked case stays in the column of the light it had when parked, after the others move."""
    case_no = report(service, **ORDINARY)
    bring(service, case_no, "verify", "register", "dispatch")
    clock.set(local(2025, 9, 30, 14, 50))
    service.act(case_no, "park", actor="lead1", note="等待施工")
    board = load_board(service)
    entry = board.find(case_no)
    later = local(2025, 10, 9, 9, 0)
    assert (entry.parked_light, entry.light(later)) == ("yellow", Light.YELLOW)
    assert [c.case_no for c in board.columns(later)[Light.YELLOW]] == [case_no]
    assert board.turned_red(local(2025, 9, 30, 14, 50), later) == []


def test_board_reads_all_cases_in_one_query(service):
    """Loading the board runs a single SELECT however many cases are open (no query per case)."""
    for minute in range(40):
        report(service, urgency="一般", reported_at=local(2025, 9, 30, 9, minute))
    service.config()
    statements = []

    def _count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(service.database.engine, "before_cursor_execute", _count)
    try:
        board = load_board(service)
    finally:
        event.remove(service.database.engine, "before_cursor_execute", _count)
    assert (len(board.cases), len(statements)) == (40, 1)


# --- the alarm rule, without a database --------------------------------------------------

T0 = local(2025, 9, 30, 10, 0)


def entry(case_no: str, *, urgency="一般", red_in: int = 60, parked_light=None) -> BoardCase:
    """A board case turning yellow 10 minutes before red, red `red_in` minutes after 10:00."""
    red_at = T0 + timedelta(minutes=red_in)
    view = CaseView(
        id=f"id-{case_no}", case_no=case_no, external_no=None, status="handling", status_label="处置中",
        source="网格员上报", category_code="0101", category="暴露垃圾", urgency=urgency, title="路边垃圾",
        address=None, grid_code=None, grid=None, department="区城市管理局", reported_at=T0 - timedelta(hours=1),
        due_at=red_at, light=None, overdue=False, version=3, limit_unit="小时", total_seconds=3600.0,
        consumed_seconds=0.0, running_since=T0,
    )
    return BoardCase(view=view, yellow_at=red_at - timedelta(minutes=10), red_at=red_at,
                     parked_light=parked_light, suggested_department="区城市管理局")


def board(*cases: BoardCase) -> Board:
    return Board(read_at=T0, cases=tuple(cases))


def names(alerts: BoardAlerts) -> tuple[list[str], list[str]]:
    return [c.case_no for c in alerts.turned_red], [c.case_no for c in alerts.urgent_arrived]


def test_alerts_first_look_is_silent():
    """Without a previous board nothing is new: red and urgent cases already there raise no alarm."""
    current = board(entry("A", red_in=-5), entry("B", urgency="特急"))
    assert alerts_between(None, current, since=T0, now=T0) == BoardAlerts()
    assert not alerts_between(None, current, since=T0, now=T0)


def test_alerts_case_crossing_red_between_ticks():
    """Ticking over a case's red instant reports it once; the next tick does not repeat it."""
    same = board(entry("A", red_in=30), entry("B", red_in=90))
    first = alerts_between(same, same, since=T0 + timedelta(minutes=29, seconds=59), now=T0 + timedelta(minutes=30))
    again = alerts_between(same, same, since=T0 + timedelta(minutes=30), now=T0 + timedelta(minutes=30, seconds=1))
    assert (names(first), names(again)) == ((["A"], []), ([], []))


def test_alerts_already_red_case_is_not_repeated():
    """A case red before and red after raises nothing."""
    same = board(entry("A", red_in=-30))
    assert names(alerts_between(same, same, since=T0, now=T0 + timedelta(hours=1))) == ([], [])


def test_alerts_urgent_arrival():
    """A new 紧急 or 特急 case is reported as arrived; a new ordinary green case is not."""
    before = board(entry("A"))
    after = board(entry("A"), entry("B", urgency="紧急"), entry("C", urgency="特急"), entry("D"))
    assert names(alerts_between(before, after, since=T0, now=T0)) == ([], ["B", "C"])


def test_alerts_urgent_newcomer_already_red_is_reported_once():
    """An urgent newcomer that is already red is reported as arrived only."""
    after = board(entry("A", urgency="特急", red_in=-1))
    assert names(alerts_between(board(), after, since=T0, now=T0)) == ([], ["A"])


def test_alerts_ordinary_newcomer_already_red_turns_red():
    """An ordinary case that appears already red (e.g. imported late) is reported as turned red."""
    after = board(entry("A", red_in=-1))
    assert names(alerts_between(board(), after, since=T0, now=T0)) == (["A"], [])


def test_alerts_parked_case_stays_silent():
    """A parked case keeps its light: its stored red instant passing raises nothing."""
    same = board(entry("A", red_in=30, parked_light="yellow"))
    assert names(alerts_between(same, same, since=T0, now=T0 + timedelta(hours=2))) == ([], [])

"""`gridcc db retention`: dry run, the run, the setting, and one line for a bad value."""

from __future__ import annotations

from app.cases.retention import SETTINGS_KEY, retention_months
from tests.app.audit.helpers import forget_settings
from tests.app.cases.test_retention import PHONE, closed_case
from tests.cli_runs import gridcc
from tests.conftest import local


def test_dry_run_then_run(capsys, service, clock, database):
    """The dry run counts the case closed in 2020 and keeps its phone; the run clears it."""
    case_no = closed_case(service, clock, local(2020, 1, 6, 10, 0))
    url = database.engine.url.render_as_string(hide_password=False)
    code, out, err = gridcc(capsys, "--db", url, "db", "retention", "--dry-run")
    assert (code, err) == (0, "") and "有 1 件" in out
    assert service.get(case_no).reporter_phone == PHONE
    code, out, err = gridcc(capsys, "--db", url, "db", "retention")
    assert (code, err) == (0, "") and "已清除 1 件" in out
    assert service.get(case_no).reporter_phone is None


def test_set_months(capsys, database):
    """--set-months stores the setting; out of range is one line, exit 2."""
    url = database.engine.url.render_as_string(hide_password=False)
    assert gridcc(capsys, "--db", url, "db", "retention", "--set-months", "36")[0] == 0
    assert retention_months(database) == 36
    code, _, err = gridcc(capsys, "--db", url, "db", "retention", "--set-months", "500")
    assert code == 2 and "0–120" in err.strip().splitlines()[-1]
    forget_settings(database, SETTINGS_KEY)

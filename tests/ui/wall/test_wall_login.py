"""`gridcc wall` logs in as every command does: the account named by --user (its password from
GRIDCC_PASSWORD), which needs pane.wall; the wall then reads as that account."""

from __future__ import annotations

import pytest

from app.accounts.errors import LoginFailed, PermissionDenied
from app.cases.service import CaseService
from app.cli.main import build_parser
from tests.app.accounts.enforce_world import EAST, add_regions
from tests.app.accounts.wired_world import PASSWORD, account
from ui.wall.launch import _logged_in


@pytest.fixture(autouse=True)
def password(monkeypatch):
    for name in ("GRIDCC_DB", "GRIDCC_NOW", "GRIDCC_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GRIDCC_PASSWORD", PASSWORD)


def _args(database, login):
    url = database.url.render_as_string(hide_password=False)
    return build_parser().parse_args(["--db", url, "--user", login, "wall"])


def test_the_wall_runs_as_the_logged_in_account(database, clock):
    add_regions(database)
    street = account(database, "leader", region=EAST)
    principal = _logged_in(_args(database, street.login), CaseService(database, now=clock))
    assert principal.login == street.login and principal.scope == street.scope


def test_an_account_without_the_wall_pane_is_refused(database, clock):
    clerk = account(database, "ledger_clerk")
    with pytest.raises(PermissionDenied, match="pane.wall"):
        _logged_in(_args(database, clerk.login), CaseService(database, now=clock))


def test_a_wrong_password_is_refused(database, clock, monkeypatch):
    leader = account(database, "leader")
    monkeypatch.setenv("GRIDCC_PASSWORD", "wrong-password-1")
    with pytest.raises(LoginFailed):
        _logged_in(_args(database, leader.login), CaseService(database, now=clock))

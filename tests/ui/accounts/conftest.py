"""Accounts for the desktop's tests: an administrator, accounts of any role, and a context per account.

Passwords follow the account rule (8+ characters, letters and digits); argon2 makes each login
take tens of milliseconds, so tests create only the accounts they use.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app.accounts.service import AccountService
from app.accounts.views import NewAccount
from ui.changes import ChangeHub
from ui.context import UiContext
from ui.workers import wait_for_background_work

ADMIN_PASSWORD = "admin2025pw"
PASSWORD = "grid2025pw"


@pytest.fixture
def accounts(database, clock):
    return AccountService(database)


@pytest.fixture
def admin(accounts):
    """The first administrator, logged in."""
    accounts.create_first_admin("admin", "王管理", ADMIN_PASSWORD, "test")
    return accounts.authenticate("admin", ADMIN_PASSWORD, "test")


@pytest.fixture
def account_of(accounts, admin):
    """make(login, role) → the principal of a new account of that role (its password PASSWORD)."""

    def make(login: str, role: str):
        accounts.create(NewAccount(login=login, name=f"{login}姓名", role=role), PASSWORD, admin)
        return accounts.principal(login, "test")

    return make


@pytest.fixture
def ctx_for(service, clock, qapp):
    """ctx_for(principal) → the context a desk logged in as that account builds its panes with."""
    made = []

    def make(principal) -> UiContext:
        ctx = UiContext(database=service.database, cases=service.acting_for(principal), hub=ChangeHub(),
                        user="", now=clock, principal=principal)
        made.append(ctx)
        return ctx

    yield make
    wait_for_background_work()
    QApplication.processEvents()


def settle(rounds: int = 4) -> None:
    for _ in range(rounds):
        wait_for_background_work()
        QApplication.processEvents()

"""What every pane gets: the services, the change hub, the logged-in account and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from app.accounts.principal import SYSTEM, Principal
from app.cases.service import CaseService
from db.engine import Database
from ui.changes import ChangeHub

if TYPE_CHECKING:
    from app.people.privacy import Viewer


@dataclass
class UiContext:
    """Shared by the main window and its panes; built once per login.

    `principal` is the logged-in account (services are built with it, the screens hide what it
    may not do); `user` is its login, the name history and audit entries are written under.
    """

    database: Database
    cases: CaseService
    hub: ChangeHub
    user: str
    now: Callable[[], datetime]
    demo: bool = False
    principal: Principal = SYSTEM

    def __post_init__(self) -> None:
        if self.principal is not SYSTEM:
            self.user = self.principal.login

    def viewer(self) -> Viewer:
        """Who reads personal data on this desktop: the logged-in account (its people.reveal and
        scope); without a login (SYSTEM: tests, screenshots of an old demo) the `user` login's role."""
        from app.people.privacy import Viewer  # the people pane's: not loaded before it is opened

        return Viewer.acting(self.principal, self.user, self.cases.workstation)

    def may(self, code: str) -> bool:
        """True when the logged-in account holds permission `code`."""
        return self.principal.may(code)

"""What every pane gets: the services, the change hub, the acting user and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.cases.service import CaseService
from db.engine import Database
from ui.changes import ChangeHub


@dataclass
class UiContext:
    """Shared by the main window and its panes; built once at start."""

    database: Database
    cases: CaseService
    hub: ChangeHub
    user: str
    now: Callable[[], datetime]
    demo: bool = False

"""Crash points for the sync's kill tests: `GRIDCC_SYNC_CRASH=<point>` ends the process there.

The tests start a sync in a subprocess with the variable set and check that the restarted sync
loses nothing and applies nothing twice. Points: `push-before-commit` (the server transaction of
a push batch is written but not committed), `push-after-commit` (the server committed, the
replica has not yet deleted its outbox rows), `pull-mid-page` (a page's rows are written but its
transaction is not committed), `pull-before-cursor` (every page is in, the cursor not saved).
Unset (always, outside the tests), `crash_point` does nothing.
"""

from __future__ import annotations

import os

ENV = "GRIDCC_SYNC_CRASH"


def crash_point(name: str) -> None:
    """End the process at once, without cleanup, when the tests asked for a crash here."""
    if os.environ.get(ENV) == name:
        os._exit(77)

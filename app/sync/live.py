"""Following the server live: a replica that is online syncs as soon as another desk's change lands.

Every write transaction on the server sends NOTIFY on `gridcc_changes` when it commits (db.engine,
db.notify), pushes included. `follow` listens on a connection of its own and runs one sync (push,
then pull: app.sync.engine) per burst of notifications, so a change made at another desk reaches
this one within a second or two instead of at the next timed sync. Right after LISTEN is in place
— the first time and after every reconnection — it syncs once as well, so a change committed
while it was not listening is not missed. Notifications of this replica's own pushes are skipped.

Errors of a sync are reported and the loop goes on (the next notification or reconnection syncs
again); a lost server is retried with a growing pause (db.notify.watch_changes). Nothing here
knows about Qt: the desktop runs `follow` on a thread of its own and forwards the callbacks.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy.exc import DBAPIError

from app.sync.engine import SyncEngine, SyncError, SyncReport
from db.engine import Database
from db.notify import POLL_SECONDS, PostgresNotifySource, watch_changes

log = logging.getLogger(__name__)


def follow(replica: Database, server: Database, on_pull: Callable[[SyncReport], None], stop: threading.Event, *,
           on_error: Callable[[str], None] | None = None,
           on_connection: Callable[[bool, str], None] | None = None,
           poll_seconds: float = POLL_SECONDS) -> None:
    """Sync `replica` with `server` whenever the server announces a change, until `stop` is set.

    `on_pull(report)` hears every sync that went through, `on_error(message)` every one that did
    not (one line; default: logged), `on_connection(online, message)` the listening connection
    lost and back. Blocks: run it on a thread of its own.
    """
    engine = SyncEngine(replica, server)
    report_error = on_error or (lambda message: log.warning("sync: %s", message))

    def sync() -> None:
        try:
            report = engine.sync_once()
        except SyncError as exc:
            report_error(str(exc))
            return
        except DBAPIError as exc:  # the replica's own file, e.g. locked too long by another writer
            report_error(str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__)
            return
        on_pull(report)

    source = _CatchUp(PostgresNotifySource(server.url, own_sender=server.sender), sync)
    watch_changes(source, stop, on_change=sync, on_connection=on_connection or (lambda online, message: None),
                  poll_seconds=poll_seconds)


class _CatchUp:
    """A change source that syncs once as soon as it listens (what was missed meanwhile)."""

    def __init__(self, source: PostgresNotifySource, sync: Callable[[], None]):
        self.source, self.sync = source, sync
        self.errors = source.errors

    def open(self) -> None:
        self.source.open()
        self.sync()

    def wait_for_change(self, timeout: float) -> bool:
        return self.source.wait_for_change(timeout)

    def close(self) -> None:
        self.source.close()

"""One sync at a time per replica: an operating-system lock on a file beside the replica.

Two syncs of the same replica at once (the desktop's background sync and `gridcc sync` in a
terminal) would each pull in a snapshot of their own; the older one could write a row over the
newer one's copy and the newer one then save the later cursor, leaving the old copy for good.
The lock is the operating system's (flock on Linux, msvcrt.locking on Windows), so it is released
when its process ends however it ends — a sync killed midway never blocks the next one.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from app.sync.errors import SyncBusy

BUSY = "另一个同步正在进行（桌面程序或命令行），请稍后再试"


@contextmanager
def sync_lock(replica_path: Path):
    """Hold the replica's sync lock for the block; SyncBusy at once when another process holds it."""
    path = replica_path.with_name(replica_path.name + ".sync-lock")
    handle = open(path, "a+b")  # noqa: SIM115 - held open for the whole block
    try:
        _lock(handle)
    except OSError:
        handle.close()
        raise SyncBusy(BUSY) from None
    try:
        yield
    finally:
        _unlock(handle)
        handle.close()


if os.name == "nt":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

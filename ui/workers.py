"""Running database, file and print work off the UI thread (Anki's QueryOp/CollectionOp idea).

`run_in_background(parent, work, on_done, on_error)` runs `work()` in Qt's thread pool and
calls `on_done(result)` or `on_error(exception)` back on the UI thread. Results for a parent
that was destroyed meanwhile are dropped.

Work that may take long (imports, exports, exact counts over the whole ledger, reports) is
submitted with `long=True` and runs in a pool of its own: Qt's global pool has as many threads
as the computer has cores (two on a modest office PC), so two imports there would leave no
thread for the page reads a user waits for. Short work never queues behind long work.

The receiver of a result is an unparented object kept alive (with the parent's Python wrapper)
until the result arrives: a page or model dropped while its job still runs then stays whole
until the job is done, instead of being deleted under a signal that is on its way to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

#: Threads for long work: enough for an import and an export at once; more would only slow
#: the database for everyone.
LONG_WORK_THREADS = 2

_alive: set["_Job"] = set()
_receivers: set["_Receiver"] = set()
_long_pool: QThreadPool | None = None


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any]):
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.signals = _Signals()

    @Slot()
    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the UI thread, shown to the user there
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.done, result)

    @staticmethod
    def _emit(signal, value) -> None:
        """Hand the outcome over; after the program quit there is nobody left to hear it."""
        try:
            signal.emit(value)
        except RuntimeError:  # the signal's object went with the application at exit
            pass


def run_in_background(parent: QObject, work: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[Exception], None] | None = None, *, long: bool = False) -> None:
    """Run `work` in a thread pool; deliver its result or error to the UI thread.

    `long=True` for work that may take seconds or minutes (see the module docstring).
    """
    job = _Job(work)
    receiver = _Receiver(parent, job, on_done, on_error)
    job.signals.done.connect(receiver.deliver)
    job.signals.failed.connect(receiver.fail)
    _alive.add(job)
    _receivers.add(receiver)
    (long_work_pool() if long else QThreadPool.globalInstance()).start(job)


def long_work_pool() -> QThreadPool:
    """The pool of long work, made on first use."""
    global _long_pool
    if _long_pool is None:
        _long_pool = QThreadPool()
        _long_pool.setObjectName("gridcc-long-work")
        _long_pool.setMaxThreadCount(LONG_WORK_THREADS)
    return _long_pool


class _Receiver(QObject):
    """Lives in the UI thread; calls back only while `parent` still exists."""

    def __init__(self, parent: QObject, job: _Job, on_done, on_error):
        super().__init__()
        self.parent_object, self.job, self.on_done, self.on_error = parent, job, on_done, on_error

    @Slot(object)
    def deliver(self, result) -> None:
        if self._finish():
            self.on_done(result)

    @Slot(object)
    def fail(self, exc) -> None:
        if not self._finish():
            return
        if self.on_error is None:
            raise exc
        self.on_error(exc)

    def _finish(self) -> bool:
        """Forget the job; True when the parent is still there to hear the outcome."""
        _alive.discard(self.job)
        _receivers.discard(self)
        parent, self.parent_object = self.parent_object, None
        return parent is not None and shiboken6.isValid(parent)


def wait_for_background_work(timeout_ms: int = 10_000) -> bool:
    """Block until every background job, short and long, finished (tests, shutdown)."""
    short_done = QThreadPool.globalInstance().waitForDone(timeout_ms)
    return (_long_pool is None or _long_pool.waitForDone(timeout_ms)) and short_done
